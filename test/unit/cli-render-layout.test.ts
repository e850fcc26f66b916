/**
 * `cvmkit render` output for GitOps: Argo CD sync waves (`--argocd-sync-waves`) and the `phases` layout of
 * `--out DIR` (one directory per apply phase with a kustomization each), from flags and the config file's
 * `render:` section. `test/e2e/kubectl.test.ts` applies the phases with the real kubectl.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { parse, parseAllDocuments } from "yaml";
import {
    APPLY_PHASES,
    ARGOCD_SYNC_WAVE,
    KubernetesObject,
    renderManifests,
    syncWave,
} from "../../lib";
import { objectKey } from "../../lib/manifests";
import { main } from "../../lib/cli/main";
import { phaseDirectory } from "../../lib/cli/render-layout";

const docs = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as KubernetesObject);
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "cvmkit-layout-"));
const CONFIG = { kubernetesVersion: "1.35", sysboxRuntime: { enabled: true } } as const;
const rendered = renderManifests(CONFIG);
const phaseOf = (o: KubernetesObject) => rendered.order[objectKey(o)]!.phase;

/** Every file under `dir`, relative, sorted. */
function tree(dir: string): string[] {
    return fs
        .readdirSync(dir, { recursive: true, encoding: "utf8" })
        .filter((n) => fs.statSync(path.join(dir, n)).isFile())
        .sort();
}

describe("cvmkit render for GitOps", () => {
    it("--argocd-sync-waves: every printed object carries its phase's wave; without it none does", async () => {
        const plain = await main(["render", "--k8s-version", "1.35", "--sysbox-runtime"]);
        assert.ok(docs(plain.stdout).every((o) => !o.metadata.annotations?.[ARGOCD_SYNC_WAVE]));
        const r = await main([
            "render",
            "--k8s-version",
            "1.35",
            "--sysbox-runtime",
            "--argocd-sync-waves",
        ]);
        assert.equal(r.exitCode, 0, r.stderr);
        const objects = docs(r.stdout);
        assert.deepEqual(objects.map(objectKey), rendered.objects.map(objectKey));
        for (const o of objects) {
            assert.equal(o.metadata.annotations?.[ARGOCD_SYNC_WAVE], String(syncWave(phaseOf(o))));
        }
    });

    it("--layout phases: one directory per phase with its objects in apply order and a kustomization; a root kustomization lists the phases", async () => {
        const dir = path.join(tmp(), "out");
        const r = await main([
            "render",
            "--k8s-version",
            "1.35",
            "--sysbox-runtime",
            "--out",
            dir,
            "--layout",
            "phases",
        ]);
        assert.equal(r.exitCode, 0, r.stderr);
        const dirs = APPLY_PHASES.map(phaseDirectory);
        assert.deepEqual(dirs, [
            "01-namespaces",
            "02-rbac",
            "03-config",
            "04-admission",
            "05-workloads",
        ]);
        const root = parse(fs.readFileSync(path.join(dir, "kustomization.yaml"), "utf8"));
        assert.deepEqual(root, {
            apiVersion: "kustomize.config.k8s.io/v1beta1",
            kind: "Kustomization",
            sortOptions: { order: "fifo" },
            resources: dirs,
        });
        const seen: string[] = [];
        for (const phase of APPLY_PHASES) {
            const sub = path.join(dir, phaseDirectory(phase));
            const k = parse(fs.readFileSync(path.join(sub, "kustomization.yaml"), "utf8"));
            assert.deepEqual(k.sortOptions, { order: "fifo" });
            const files = k.resources as string[];
            assert.deepEqual([...files, "kustomization.yaml"].sort(), fs.readdirSync(sub).sort());
            const objects = files.map((f) => docs(fs.readFileSync(path.join(sub, f), "utf8"))[0]!);
            assert.deepEqual(
                objects.map(objectKey),
                rendered.objects.filter((o) => phaseOf(o) === phase).map(objectKey),
                phase,
            );
            files.forEach((f, i) =>
                assert.ok(f.startsWith(`${String(i + 1).padStart(2, "0")}-`), f),
            );
            seen.push(...objects.map(objectKey));
        }
        // Phase by phase, every object comes after everything it depends on.
        for (const [i, k] of seen.entries()) {
            for (const d of rendered.order[k]!.dependsOn)
                assert.ok(seen.indexOf(d) < i, `${d} before ${k}`);
        }
        assert.equal(seen.length, rendered.objects.length);
        // The ownership file lists every file written, so a later render replaces them.
        const owned = fs
            .readFileSync(path.join(dir, ".cvmkit-render"), "utf8")
            .split("\n")
            .filter((l) => l && !l.startsWith("#"))
            .sort();
        assert.deepEqual(
            owned,
            tree(dir).filter((n) => n !== ".cvmkit-render"),
        );
    });

    it("a phase without objects gets no directory (supervisor mode without NetworkPolicies has no config phase)", async () => {
        const dir = path.join(tmp(), "out");
        const file = path.join(path.dirname(dir), "cvm.yaml");
        fs.writeFileSync(file, 'kubernetesVersion: "1.35"\nnetworkPolicy: { enabled: false }\n');
        const r = await main(["render", "-c", file, "--out", dir, "--layout", "phases"]);
        assert.equal(r.exitCode, 0, r.stderr);
        const phases = renderManifests({
            kubernetesVersion: "1.35",
            networkPolicy: { enabled: false },
        });
        const used = new Set(Object.values(phases.order).map((e) => e.phase));
        assert.ok(!used.has("config"));
        const dirs = fs
            .readdirSync(dir)
            .filter((n) => fs.statSync(path.join(dir, n)).isDirectory());
        assert.deepEqual(dirs.sort(), APPLY_PHASES.filter((p) => used.has(p)).map(phaseDirectory));
        assert.deepEqual(
            parse(fs.readFileSync(path.join(dir, "kustomization.yaml"), "utf8")).resources,
            dirs.sort(),
        );
    });

    it("re-rendering a directory switches layouts cleanly: flat → phases → flat leaves no file of the other", async () => {
        const dir = path.join(tmp(), "out");
        const base = ["render", "--k8s-version", "1.35", "--sysbox-runtime", "--out", dir];
        assert.equal((await main(base)).exitCode, 0);
        const flat = tree(dir);
        const r = await main([...base, "--layout", "phases"]);
        assert.equal(r.exitCode, 0, r.stderr);
        const phases = tree(dir);
        assert.ok(phases.every((n) => !flat.includes(n) || n === ".cvmkit-render"));
        assert.match(r.stderr, /removed \d+ file\(s\) of an earlier render/);
        assert.equal((await main(base)).exitCode, 0);
        assert.deepEqual(tree(dir), flat);
        assert.deepEqual(
            fs.readdirSync(dir).filter((n) => fs.statSync(path.join(dir, n)).isDirectory()),
            [],
        );
    });

    it("never overwrites a file cvmkit did not write, and keeps foreign files", async () => {
        const dir = path.join(tmp(), "out");
        const base = ["render", "--k8s-version", "1.35", "--out", dir, "--layout", "phases"];
        assert.equal((await main(base)).exitCode, 0);
        fs.writeFileSync(path.join(dir, "README.md"), "mine\n");
        const rbac = path.join(dir, "02-rbac", "kustomization.yaml");
        fs.rmSync(rbac);
        fs.writeFileSync(path.join(dir, "02-rbac", "mine.yaml"), "kind: Mine\n");
        // Remove the kustomization from the ownership file and put a foreign one in its place.
        const marker = path.join(dir, ".cvmkit-render");
        fs.writeFileSync(
            marker,
            fs.readFileSync(marker, "utf8").replace("02-rbac/kustomization.yaml\n", ""),
        );
        fs.writeFileSync(rbac, "foreign: true\n");
        const refused = await main(base);
        assert.equal(refused.exitCode, 2);
        assert.match(
            refused.stderr,
            /holds 02-rbac\/kustomization\.yaml, which cvmkit render did not write/,
        );
        assert.equal(fs.readFileSync(rbac, "utf8"), "foreign: true\n");
        fs.rmSync(rbac);
        const r = await main(base);
        assert.equal(r.exitCode, 0, r.stderr);
        assert.match(r.stderr, /kept 1 file\(s\) cvmkit did not write: README\.md/);
        assert.equal(
            fs.readFileSync(path.join(dir, "02-rbac", "mine.yaml"), "utf8"),
            "kind: Mine\n",
        );
    });

    it("the config file's render: section sets layout and sync waves; flags override it", async () => {
        const tmpdir = tmp();
        const file = path.join(tmpdir, "cvm.yaml");
        fs.writeFileSync(
            file,
            'kubernetesVersion: "1.35"\nrender:\n  layout: phases\n  argoCdSyncWaves: true\n',
        );
        const dir = path.join(tmpdir, "out");
        const r = await main(["render", "-c", file, "--out", dir]);
        assert.equal(r.exitCode, 0, r.stderr);
        const ns = docs(
            fs.readFileSync(
                path.join(dir, "01-namespaces", "01-namespace-cvm-workspaces.yaml"),
                "utf8",
            ),
        )[0]!;
        assert.equal(ns.metadata.annotations?.[ARGOCD_SYNC_WAVE], "-5");
        const flat = path.join(tmpdir, "flat");
        assert.equal(
            (await main(["render", "-c", file, "--out", flat, "--layout", "flat"])).exitCode,
            0,
        );
        assert.ok(fs.existsSync(path.join(flat, "01-namespace-cvm-workspaces.yaml")));
        // Printing ignores the file's layout (one stream in apply order) but keeps its waves.
        const printed = await main(["render", "-c", file]);
        assert.equal(printed.exitCode, 0, printed.stderr);
        assert.equal(docs(printed.stdout)[0]!.metadata.annotations?.[ARGOCD_SYNC_WAVE], "-5");
    });

    it("bad render settings: each named after its flag or field, all of one file at once", async () => {
        const tmpdir = tmp();
        const file = path.join(tmpdir, "cvm.yaml");
        fs.writeFileSync(
            file,
            'kubernetesVersion: "1.35"\nnamespace: Bad_Name\nrender:\n  layout: nested\n  argoCdSyncWaves: "yes"\n  waves: 3\n',
        );
        const r = await main(["render", "-c", file]);
        assert.equal(r.exitCode, 2);
        assert.match(r.stderr, /4 problems/);
        assert.match(
            r.stderr,
            /render\.layout: unknown layout \(got "nested"\)\. Fix: use flat or phases/,
        );
        assert.match(r.stderr, /render\.argoCdSyncWaves: is not a boolean/);
        assert.match(r.stderr, /render\.waves: unknown setting/);
        assert.match(r.stderr, /namespace/);
        const flag = await main(["render", "--out", path.join(tmpdir, "x"), "--layout", "tree"]);
        assert.equal(flag.exitCode, 2);
        assert.match(flag.stderr, /--layout: unknown layout \(got "tree"\)/);
        const noOut = await main(["render", "--layout", "phases"]);
        assert.equal(noOut.exitCode, 2);
        assert.match(noOut.stderr, /--layout: only applies with --out/);
    });
});
