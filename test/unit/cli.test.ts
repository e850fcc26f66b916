/**
 * The CLI as a new user meets it: help and exit codes, --version, the Node.js minimum under a real old
 * Node, flags for the config keys, config-file errors (all at once, with the file, line and column, and
 * hints for the common YAML traps), and `render --out` owning its directory.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { parseAllDocuments } from "yaml";
import {
    CvmConfig,
    isSupportedNode,
    MIN_NODE_VERSION,
    renderManifests,
    UnsupportedNodeError,
} from "../../lib";
import { collectConfigErrors } from "../../lib/cli/config-file";
import { main } from "../../lib/cli/main";
import { OWNERSHIP_FILE } from "../../lib/cli/out-dir";

const REPO = path.resolve(__dirname, "..", "..", "..");
const BIN = path.resolve(__dirname, "..", "..", "lib", "cli", "main.js");
const PKG = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as {
    version: string;
    engines: { node: string };
};
const docs = (text: string) => parseAllDocuments(text).map((d) => d.toJSON());
const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), `cvmkit-${prefix}-`));
const writeConfig = (text: string): string => {
    const file = path.join(tmp("config"), "cvm.yaml");
    fs.writeFileSync(file, text);
    return file;
};
const rendered = (config: CvmConfig) =>
    JSON.parse(JSON.stringify(renderManifests(config).objects)) as unknown;

describe("cvmkit: help, version, exit codes", () => {
    it("bare `cvmkit` prints the help to stderr and exits 2 (usage)", async () => {
        const r = await main([]);
        assert.equal(r.exitCode, 2);
        assert.equal(r.stdout, "");
        assert.match(r.stderr, /^Usage: cvmkit <command>/);
    });
    for (const argv of [["help"], ["--help"], ["-h"]]) {
        it(`\`cvmkit ${argv[0]}\` prints the help and exits 0`, async () => {
            const r = await main(argv);
            assert.equal(r.exitCode, 0);
            assert.match(r.stdout, /Usage: cvmkit render[\s\S]*Usage: cvmkit doctor/);
        });
    }
    for (const argv of [["--version"], ["-V"], ["version"], ["render", "--version"]]) {
        it(`\`cvmkit ${argv.join(" ")}\` prints the package version`, async () => {
            const r = await main(argv);
            assert.equal(r.exitCode, 0);
            assert.equal(r.stdout, `${PKG.version}\n`);
        });
    }
    it("an empty --namespace is an error for render and doctor", async () => {
        for (const argv of [
            ["render", "--namespace", ""],
            ["doctor", "--namespace", ""],
        ]) {
            const r = await main(argv);
            assert.equal(r.exitCode, 2, argv.join(" "));
            assert.match(r.stderr, /--namespace: is empty \(got ""\)\. Fix: leave --namespace out/);
        }
    });
    it("--installer-tag and --user-namespaces need the Sysbox runtime", async () => {
        for (const flag of ["--installer-tag", "--user-namespaces"]) {
            const r = await main([
                "render",
                flag,
                flag === "--installer-tag" ? "v0.6.7-0" : "hostUsers",
            ]);
            assert.equal(r.exitCode, 2);
            assert.match(
                r.stderr,
                new RegExp(
                    `${flag}: only applies to the Sysbox runtime, which is off.*add --sysbox-runtime`,
                ),
            );
        }
        const withFlag = await main([
            "render",
            "--sysbox-runtime",
            "--installer-tag",
            "v0.6.7-0",
            "--k8s-version",
            "1.31",
        ]);
        assert.equal(withFlag.exitCode, 0, withFlag.stderr);
        const file = writeConfig("sysboxRuntime:\n  enabled: true\n");
        const withFile = await main([
            "render",
            "-c",
            file,
            "--installer-tag",
            "v0.6.7-0",
            "--k8s-version",
            "1.31",
        ]);
        assert.equal(withFile.exitCode, 0, withFile.stderr);
    });
    it("says on stderr when it picked the default Kubernetes version", async () => {
        const r = await main(["render"]);
        assert.match(r.stderr, /no --k8s-version given: rendered for 1\.35, the newest supported/);
        const pinned = await main(["render", "--k8s-version", "1.33"]);
        assert.doesNotMatch(pinned.stderr, /no --k8s-version given/);
    });
});

describe("cvmkit: the Node.js minimum", () => {
    it("package.json engines states the minimum the code checks", () => {
        assert.equal(PKG.engines.node, `>=${MIN_NODE_VERSION}`);
        // undici, under @kubernetes/client-node, sets the floor
        const undici = JSON.parse(
            fs.readFileSync(path.join(REPO, "node_modules", "undici", "package.json"), "utf8"),
        ) as { engines: { node: string } };
        assert.equal(undici.engines.node, `>=${MIN_NODE_VERSION}`);
    });
    it("compares versions", () => {
        for (const v of ["22.19.0", "v22.23.3", "23.0.0", "24.1.0"])
            assert.ok(isSupportedNode(v), v);
        for (const v of ["20.20.2", "22.18.9", "v18.0.0"]) assert.ok(!isSupportedNode(v), v);
        assert.match(
            new UnsupportedNodeError("20.20.2").message,
            /^cvmkit needs Node ≥ 22\.19\.0 \(found 20\.20\.2\)/,
        );
    });
    // a real Node 20 from PATH (Debian's /usr/bin/node here); the tests themselves run on the lockfile's Node 22
    const old = (() => {
        for (const dir of (process.env["PATH"] ?? "")
            .split(path.delimiter)
            .concat(["/usr/bin", "/bin"])) {
            const candidate = path.join(dir, "node");
            if (!fs.existsSync(candidate)) continue;
            const v = spawnSync(candidate, ["--version"], { encoding: "utf8" }).stdout.trim();
            if (v && !isSupportedNode(v)) return { bin: candidate, version: v.replace(/^v/, "") };
        }
        return undefined;
    })();
    it(
        "under an older real Node, `cvmkit doctor` and `render` say which Node they need, exit 2",
        { skip: old ? false : "no Node.js older than the minimum on this machine" },
        () => {
            for (const argv of [["doctor"], ["doctor", "--json"], ["render"]]) {
                const r = spawnSync(old!.bin, [BIN, ...argv], {
                    encoding: "utf8",
                    env: { ...process.env, KUBECONFIG: "/nonexistent" },
                });
                assert.equal(r.status, 2, `${argv.join(" ")}: ${r.stderr}`);
                assert.equal(
                    r.stderr,
                    `cvmkit: cvmkit needs Node ≥ ${MIN_NODE_VERSION} (found ${old!.version}). Fix: run it with Node ${MIN_NODE_VERSION} or newer (e.g. \`nvm install 22\`, or the Node of your CI image)\n`,
                );
                assert.doesNotMatch(r.stderr, /bind|undici| {4}at /);
                if (argv.includes("--json")) {
                    const report = JSON.parse(r.stdout) as {
                        error: { kind: string; message: string };
                        exitCode: number;
                    };
                    assert.deepEqual([report.error.kind, report.exitCode], ["node", 2]);
                    assert.match(report.error.message, /^cvmkit needs Node ≥ /);
                } else {
                    assert.equal(r.stdout, "");
                }
            }
            // first API use from code: CvmCluster/CvmStack reading /version, and runDoctor
            const lib = path.resolve(__dirname, "..", "..", "lib");
            const script = `
const { fetchServerVersion } = require(${JSON.stringify(path.join(lib, "kubernetes", "server-version.js"))});
const { runDoctor } = require(${JSON.stringify(path.join(lib, "doctor", "index.js"))});
Promise.allSettled([fetchServerVersion(), runDoctor()]).then((rs) =>
    process.stdout.write(JSON.stringify(rs.map((r) => [r.status, r.reason && r.reason.name, r.reason && r.reason.message]))));
`;
            const api = spawnSync(old!.bin, ["-e", script], { encoding: "utf8" });
            const results = JSON.parse(api.stdout) as [string, string, string][];
            for (const [status, name, message] of results) {
                assert.deepEqual([status, name], ["rejected", "UnsupportedNodeError"], message);
                assert.match(
                    message,
                    new RegExp(
                        `^cvmkit needs Node ≥ 22\\.19\\.0 \\(found ${old!.version.replace(/\./g, "\\.")}\\)`,
                    ),
                );
            }
        },
    );
});

describe("cvmkit render: flags for config keys", () => {
    it("--toleration, --allowed-image, --admission-action, --user-namespaces", async () => {
        const r = await main([
            "render",
            "--k8s-version",
            "1.33",
            "--sysbox-runtime",
            "--user-namespaces",
            "crio-annotation",
            "--toleration",
            "cvmkit.dev/cvm-node=true:NoSchedule",
            "--toleration",
            "dedicated:NoExecute",
            "--allowed-image",
            "registry.example.com/mirror/envbox:0.6.7",
            "--admission-action",
            "Warn",
            "--admission-action",
            "Audit",
        ]);
        assert.equal(r.exitCode, 0, r.stderr);
        assert.deepEqual(
            docs(r.stdout),
            rendered({
                kubernetesVersion: "1.33",
                sysboxRuntime: { enabled: true, userNamespaces: "crio-annotation" },
                tolerations: [
                    {
                        key: "cvmkit.dev/cvm-node",
                        operator: "Equal",
                        value: "true",
                        effect: "NoSchedule",
                    },
                    { key: "dedicated", operator: "Exists", effect: "NoExecute" },
                ],
                supervisor: { allowedImages: ["registry.example.com/mirror/envbox:0.6.7"] },
                admissionPolicyActions: ["Warn", "Audit"],
            }),
        );
    });
    it("flags add to the file's lists; a bad flag value names the flag", async () => {
        const file = writeConfig(
            'kubernetesVersion: "1.33"\nsupervisor:\n  allowedImages: [a.example.com/envbox:1]\n',
        );
        const r = await main(["render", "-c", file, "--allowed-image", "b.example.com/envbox:1"]);
        assert.equal(r.exitCode, 0, r.stderr);
        assert.deepEqual(
            docs(r.stdout),
            rendered({
                kubernetesVersion: "1.33",
                supervisor: { allowedImages: ["a.example.com/envbox:1", "b.example.com/envbox:1"] },
            }),
        );
        const bad = await main(["render", "--admission-action", "Block"]);
        assert.equal(bad.exitCode, 2);
        assert.match(
            bad.stderr,
            /^cvmkit: --admission-action \(admissionPolicyActions\): must be a non-empty list/,
        );
        const tol = await main(["render", "--toleration", "novalue"]);
        assert.match(
            tol.stderr,
            /--toleration: expected KEY=VALUE:EFFECT or KEY:EFFECT \(got "novalue"\)/,
        );
    });
    it("the help says which settings need -c (also next to a broken config)", async () => {
        const broken = await main(["render", "-c", "/nonexistent.yaml", "--help"]);
        assert.equal(broken.exitCode, 0);
        assert.match(broken.stdout, /^Usage: cvmkit render/);
        const r = await main(["render", "--help"]);
        assert.match(
            r.stdout,
            /Settings without a flag \(supervisor command, requests\/limits, prePull/,
        );
    });
});

describe("cvmkit render: config files", () => {
    it("reports every problem of a config at once, naming the file", async () => {
        const file = writeConfig(
            [
                "kubernetesVersion: 1.30",
                "supervisor: ghcr.io/coder/envbox:0.6.7",
                "nodeSelector: pool=cvm",
                "sysboxRuntime:",
                "  enabled: true",
                "  installerTag: v9",
                "bogus: 1",
                "tolerations:",
                "  - { key: a, effect: Sometimes }",
                "",
            ].join("\n"),
        );
        const r = await main(["render", "-c", file]);
        assert.equal(r.exitCode, 2);
        const lines = r.stderr.trimEnd().split("\n");
        assert.equal(lines[0], `cvmkit: 6 problems in ${file}:`);
        const expected = [
            /^ {2}- kubernetesVersion: YAML reads the unquoted 1\.30 as the number 1\.3, not the version \(got 1\.3\)\. Fix: quote it: kubernetesVersion: "1\.30"$/,
            /^ {2}- supervisor: is a single value, but must be a mapping \(got "ghcr\.io\/coder\/envbox:0\.6\.7"\)\. Fix: .*supervisor: \{ image: ghcr\.io\/coder\/envbox:0\.6\.7 \}$/,
            /^ {2}- nodeSelector: is a single value, but must be a mapping \(got "pool=cvm"\)\. Fix: write the labels as a mapping: nodeSelector: \{ "pool": "cvm" \}$/,
            /^ {2}- bogus: unknown setting/,
            /^ {2}- sysboxRuntime\.installerTag: not a Sysbox installer tag/,
            /^ {2}- tolerations\[0\]\.effect: not a taint effect \(got "Sometimes"\)/,
        ];
        assert.equal(lines.length - 1, expected.length, r.stderr);
        expected.forEach((re, i) => assert.match(lines[i + 1]!, re));
        assert.doesNotMatch(r.stderr, /supervisor\.0| {4}at /);
    });
    it("a YAML syntax error names the file, line and column, not a stack", async () => {
        const file = writeConfig('kubernetesVersion: "1.33"\nsupervisor:\n  image: [a\n');
        const r = await main(["render", "-c", file]);
        assert.equal(r.exitCode, 2);
        assert.match(
            r.stderr,
            new RegExp(
                `^cvmkit: 1 problem in ${file}:\\n  - ${file}:4:1: not valid YAML: .* \\(line 4, column 1\\)\\. Fix: correct the syntax there`,
            ),
        );
        const dup = writeConfig("namespace: a\nnamespace: b\n");
        assert.match(
            (await main(["render", "-c", dup])).stderr,
            /:2:1: not valid YAML: Map keys must be unique/,
        );
    });
    it("a file of something else than a mapping", async () => {
        const r = await main(["render", "-c", writeConfig("- a\n- b\n")]);
        assert.match(r.stderr, /config: the file does not hold a mapping of settings/);
    });
    it("a file's error mentions both the field and the flag in the fix", async () => {
        const file = writeConfig("sysboxRuntime:\n  enabled: true\n  installerTag: v0.7.1-0\n");
        const r = await main(["render", "-c", file, "--k8s-version", "1.31"]);
        assert.match(
            r.stderr,
            /^cvmkit: --k8s-version \(kubernetesVersion\): the Sysbox runtime installer v0\.7\.1-0 supports/,
        );
        assert.match(
            r.stderr,
            /Fix: pin sysboxRuntime\.installerTag \(--installer-tag\) to v0\.6\.7-0/,
        );
    });
    it("collectConfigErrors: every independent error of one config, one validator", () => {
        const errors = collectConfigErrors({
            kubernetesVersion: "1.17",
            namespace: "Bad_NS",
            supervisor: { caching: "always" as never, image: "UPPER" },
            admissionPolicyActions: ["Deny", "Warn"],
        });
        assert.deepEqual(
            errors.map((e) => e.field),
            [
                "kubernetesVersion",
                "namespace",
                "admissionPolicyActions",
                "supervisor.caching",
                "supervisor.image",
            ],
        );
        assert.deepEqual(collectConfigErrors({ kubernetesVersion: "1.33" }), []);
    });
});

describe("cvmkit render --out: owns its directory", () => {
    it("replaces its own files: turning the runtime off leaves no installer behind", async () => {
        const dir = path.join(tmp("own"), "manifests");
        const on = await main(["render", "--sysbox-runtime", "--out", dir]);
        assert.equal(on.exitCode, 0, on.stderr);
        assert.ok(fs.readdirSync(dir).some((f) => f.includes("sysbox-deploy-k8s")));
        const off = await main(["render", "--out", dir]);
        assert.equal(off.exitCode, 0, off.stderr);
        assert.deepEqual(fs.readdirSync(dir).sort(), [
            OWNERSHIP_FILE,
            "01-namespace-cvm-workspaces.yaml",
            "02-serviceaccount-cvm-supervisor.yaml",
            "03-validatingadmissionpolicy-cvmkit-cvm-workspaces-privileged-allowlist.yaml",
            "04-validatingadmissionpolicybinding-cvmkit-cvm-workspaces-privileged-allowlist.yaml",
            "05-networkpolicy-cvmkit-ingress.yaml",
            "06-networkpolicy-cvmkit-egress.yaml",
            "07-daemonset-cvm-image-prepull.yaml",
        ]);
        assert.match(
            off.stderr,
            /removed 7 file\(s\) of an earlier render that are no longer rendered: .*11-daemonset-sysbox-deploy-k8s\.yaml/,
        );
        // what kubectl apply -f DIR reads is exactly what was rendered
        const applied = fs
            .readdirSync(dir)
            .filter((f) => /\.(ya?ml|json)$/.test(f))
            .sort()
            .flatMap((f) => docs(fs.readFileSync(path.join(dir, f), "utf8")));
        assert.deepEqual(applied, rendered({ kubernetesVersion: "1.35" }));
        // a file the user put there stays, and is named
        fs.writeFileSync(path.join(dir, "extra.yaml"), "kind: ConfigMap\n");
        const again = await main(["render", "--out", dir]);
        assert.match(again.stderr, /kept 1 file\(s\) cvmkit did not write: extra\.yaml/);
        assert.ok(fs.existsSync(path.join(dir, "extra.yaml")));
    });
    it("refuses a non-empty directory it did not write, and a file", async () => {
        const dir = tmp("foreign");
        fs.writeFileSync(path.join(dir, "deployment.yaml"), "kind: Deployment\n");
        const r = await main(["render", "--out", dir]);
        assert.equal(r.exitCode, 2);
        assert.match(
            r.stderr,
            /--out: is not empty \(1 entry, e\.g\. deployment\.yaml\) and was not written by cvmkit render/,
        );
        assert.deepEqual(fs.readdirSync(dir), ["deployment.yaml"]);
        const file = path.join(dir, "deployment.yaml");
        const f = await main(["render", "--out", file]);
        assert.equal(f.exitCode, 2);
        assert.match(f.stderr, /^cvmkit: --out: is a file, not a directory/);
    });
    it("runs as a real command: a bad --out is a message, not a stack trace", () => {
        const dir = tmp("bin");
        const file = path.join(dir, "f");
        fs.writeFileSync(file, "");
        const r = spawnSync(process.execPath, [BIN, "render", "--out", file], { encoding: "utf8" });
        assert.equal(r.status, 2);
        assert.doesNotMatch(r.stderr, / {4}at /);
    });
});
