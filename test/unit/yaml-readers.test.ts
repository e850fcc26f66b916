/**
 * Property tests: whatever strings a config carries, cvmkit's YAML (CLI stdout, `--out` files and the
 * cdk8s chart's `toYaml()`) reads back as exactly the JSON rendering under a YAML 1.1 reader (PyYAML,
 * the rules of go-yaml behind kubectl / Argo CD / Flux) and a YAML 1.2 reader (npm `yaml`).
 *
 * Values come from a seeded generator (set CVMKIT_PROPERTY_SEED to replay a failure): YAML 1.1/1.2
 * booleans in every case, floats like 1.10, octals 0755 / 0o17, hex, underscored and sexagesimal
 * numbers, ~/null, dates and timestamps, `<<`, and random plain words as controls.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { Testing } from "cdk8s";
import { CvmChart } from "../../lib/cdk8s";
import { runRender } from "../../lib/cli/render";
import {
    CvmConfig,
    CvmkitConfigError,
    isAmbiguousPlainScalar,
    renderManifests,
    stringifyYaml,
    toYaml,
} from "../../lib";
import { readYaml11, readYaml12 } from "../support/yaml-readers";

const SEED = Number(process.env["CVMKIT_PROPERTY_SEED"] ?? 20261201);

/** mulberry32: a small seeded PRNG, so failures replay. */
function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const BOOL_WORDS = ["y", "yes", "n", "no", "true", "false", "on", "off"];

/** Random strings drawn from the scalars YAML readers disagree on (plus controls). */
function generator(seed: number) {
    const r = prng(seed);
    const int = (n: number) => Math.floor(r() * n);
    const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
    const digits = (n: number) => Array.from({ length: n }, () => String(int(10))).join("");
    const anyCase = (w: string) => pick([w, w.toUpperCase(), w[0]!.toUpperCase() + w.slice(1), w]);
    const families: (() => string)[] = [
        () => anyCase(pick(BOOL_WORDS)),
        () => pick(["~", "null", "Null", "NULL"]),
        () => `${1 + int(9)}.${digits(1 + int(2))}0`, // 1.10, 3.250
        () => `${int(10)}.${digits(1 + int(3))}`,
        () => `0${int(8)}${int(8)}${int(8)}`, // 0755
        () => `0o${int(8)}${int(8)}`,
        () => `0x${int(16).toString(16)}${pick(["f", "A", "0"])}`,
        () => `${1 + int(9)}_${digits(3)}`,
        () => `${1 + int(9)}:${int(6)}${int(10)}`, // sexagesimal 1:20
        () => `${1 + int(9)}e${int(10)}`,
        () => `${pick(["", "-", "+"])}${digits(1 + int(4))}`,
        () => `.${digits(1 + int(2))}`,
        () => `${digits(1)}.`,
        () => pick([".inf", "-.Inf", ".NaN", "<<", "="]),
        () => `20${digits(2)}-${1 + int(9)}-${10 + int(18)}`,
        () => `2001-12-14t21:59:43.${digits(2)}-05:00`,
        () =>
            pick(["cvm", "envbox", "node-a", "x1", "sysbox"]) + (r() < 0.5 ? "" : `-${digits(2)}`),
    ];
    return { next: () => pick(families)(), int, pick, rand: r };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_PART = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Configs whose namespace, labels, node selector, tolerations and images are ambiguous scalars. */
function randomConfigs(count: number): CvmConfig[] {
    const g = generator(SEED);
    const label = (): string => {
        for (;;) {
            const v = g.next();
            if (v.length > 0 && LABEL_PART.test(v)) return v;
        }
    };
    const namespace = (): string => {
        for (;;) {
            const v = g.next().toLowerCase();
            if (DNS_LABEL.test(v) && !v.startsWith("kube-")) return v;
        }
    };
    const configs: CvmConfig[] = [];
    for (let i = 0; i < count; i++) {
        const key = label();
        const value = label();
        const kubernetesVersion = g.pick(["1.23", "1.27", "1.31", "1.35"]);
        configs.push({
            kubernetesVersion,
            namespace: namespace(),
            labels: { [`example.com/${label()}`]: label() },
            nodeSelector: { [key]: value },
            tolerations: [{ key, operator: "Equal", value, effect: "NoSchedule" }],
            // the default installer supports 1.32–1.35
            sysboxRuntime: { enabled: kubernetesVersion === "1.35" && g.rand() < 0.8 },
            supervisor: {
                image: `registry.example.com/${label().toLowerCase()}:${label()}`,
                allowedImages: [`${label().toLowerCase()}:${label()}`],
                caching: g.pick(["none", "cached", "cached-shiftfs"] as const),
            },
            policyEngines: { gatekeeper: g.rand() < 0.5, kyverno: g.rand() < 0.5 },
        });
    }
    return configs;
}

/** Renders the configs the validators accept (the rest must be refused with a config error). */
function renderAccepted(configs: readonly CvmConfig[]) {
    const out: { config: CvmConfig; json: unknown[] }[] = [];
    for (const config of configs) {
        try {
            const objects = renderManifests(config).objects;
            out.push({ config, json: JSON.parse(JSON.stringify(objects)) as unknown[] });
        } catch (err) {
            assert.ok(err instanceof CvmkitConfigError, String(err));
        }
    }
    return out;
}

function assertSameUnderBothReaders(texts: readonly string[], expected: readonly unknown[][]) {
    const yaml11 = readYaml11(texts);
    texts.forEach((text, i) => {
        const msg = `seed ${SEED}, case ${i}`;
        assert.deepEqual(yaml11[i], expected[i], `YAML 1.1 reader (PyYAML), ${msg}`);
        assert.deepEqual(readYaml12(text), expected[i], `YAML 1.2 reader, ${msg}`);
    });
}

describe("YAML that YAML 1.1 and 1.2 readers read the same way", () => {
    it("quotes the issue's example: sysbox-install: yes in the installer DaemonSet", () => {
        const text = toYaml(
            renderManifests({ kubernetesVersion: "1.35", sysboxRuntime: { enabled: true } })
                .objects,
        );
        assert.match(text, /sysbox-install: "yes"/);
        assert.doesNotMatch(text, /sysbox-install: yes/);
        const [docs] = readYaml11([text]);
        const ds = (docs as { kind: string; spec?: { selector?: unknown } }[]).find(
            (d) => d.kind === "DaemonSet" && JSON.stringify(d).includes("sysbox-install"),
        );
        assert.deepEqual(ds?.spec?.selector, { matchLabels: { "sysbox-install": "yes" } });
    });

    it("classifies each ambiguous family, and leaves ordinary words plain", () => {
        for (const v of ["yes", "No", "ON", "y", "TRUE", "1.10", "0755", "0o17", "0x1F", "1_000"]) {
            assert.ok(isAmbiguousPlainScalar(v), v);
        }
        for (const v of ["1:20", "1e3", ".5", "~", "null", "", "2001-12-14", "<<", ".inf"]) {
            assert.ok(isAmbiguousPlainScalar(v), v);
        }
        for (const v of ["cvm-workspaces", "envbox", "yess", "v1.2.3", "v1.10", "ghcr.io/a:1.10"]) {
            assert.equal(isAmbiguousPlainScalar(v), false, v);
            assert.equal(stringifyYaml({ k: v }), `k: ${v}\n`, v);
        }
    });

    it("property: 2000 random map keys and values round-trip to the JSON value", () => {
        const g = generator(SEED + 1);
        const texts: string[] = [];
        const expected: unknown[][] = [];
        for (let i = 0; i < 40; i++) {
            const value: Record<string, unknown> = {};
            for (let j = 0; j < 25; j++) value[g.next()] = g.next();
            value["list"] = Array.from({ length: 25 }, () => g.next());
            texts.push(stringifyYaml(value));
            expected.push([value]);
        }
        assertSameUnderBothReaders(texts, expected);
    });

    it("property: `cvmkit render` stdout of random configs reads back as renderManifests' JSON", () => {
        const cases = renderAccepted(randomConfigs(60));
        assert.ok(cases.length >= 40, `only ${cases.length} of 60 random configs were accepted`);
        const texts = cases.map(({ config }) => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cvmkit-yaml-"));
            const file = path.join(dir, "config.json");
            fs.writeFileSync(file, JSON.stringify(config));
            const res = runRender(["--config", file]);
            assert.equal(res.exitCode, 0, res.stderr);
            return res.stdout;
        });
        assertSameUnderBothReaders(
            texts,
            cases.map((c) => c.json),
        );
    });

    it("property: `render --out DIR` files read back as the JSON objects, one per file", () => {
        const cases = renderAccepted(randomConfigs(20));
        const texts: string[] = [];
        const expected: unknown[][] = [];
        for (const { config, json } of cases) {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cvmkit-yaml-out-"));
            const file = path.join(dir, "config.json");
            fs.writeFileSync(file, JSON.stringify(config));
            const res = runRender(["--config", file, "--out", path.join(dir, "out")]);
            assert.equal(res.exitCode, 0, res.stderr);
            // the manifests; the directory also holds cvmkit's ownership record, which is not one
            const files = fs
                .readdirSync(path.join(dir, "out"))
                .filter((f) => f.endsWith(".yaml"))
                .sort();
            assert.equal(files.length, json.length);
            files.forEach((f, i) => {
                texts.push(fs.readFileSync(path.join(dir, "out", f), "utf8"));
                expected.push([json[i]]);
            });
        }
        assertSameUnderBothReaders(texts, expected);
    });

    it("property: the cdk8s chart's toYaml() reads back as the chart's JSON", () => {
        const cases = renderAccepted(randomConfigs(20));
        const texts: string[] = [];
        const expected: unknown[][] = [];
        for (const { config } of cases) {
            const chart = new CvmChart(Testing.app(), "cvm", {
                ...config,
                chartLabels: { "example.com/chart": "on" },
            });
            texts.push(chart.toYaml());
            expected.push(Testing.synth(chart));
        }
        assertSameUnderBothReaders(texts, expected);
    });
});
