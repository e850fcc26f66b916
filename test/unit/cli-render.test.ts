import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { parseAllDocuments } from "yaml";
import { renderManifests } from "../../lib";
import { main } from "../../lib/cli/main";
import { DEFAULT_RENDER_VERSION } from "../../lib/cli/render";

const docs = (text: string) => parseAllDocuments(text).map((d) => d.toJSON());

describe("cvmkit render", () => {
    it("renders the default config with no arguments (newest supported Kubernetes)", async () => {
        const r = await main(["render"]);
        assert.equal(r.exitCode, 0);
        assert.equal(DEFAULT_RENDER_VERSION, "1.35");
        assert.deepEqual(
            docs(r.stdout),
            JSON.parse(JSON.stringify(renderManifests({ kubernetesVersion: "1.35" }).objects)),
        );
        assert.match(
            r.stderr,
            /7 objects for Kubernetes 1\.35, namespace cvm-workspaces, supervisor mode/,
        );
    });

    it("applies flags over a config file", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cvmkit-render-"));
        const file = path.join(dir, "cvm.yaml");
        fs.writeFileSync(
            file,
            'kubernetesVersion: "1.30"\nnamespace: from-file\nsupervisor:\n  caching: cached\n',
        );
        const r = await main([
            "render",
            "-c",
            file,
            "--k8s-version",
            "1.33",
            "--sysbox-runtime",
            "--kyverno",
            "--node-selector",
            "pool=cvm",
        ]);
        assert.equal(r.exitCode, 0, r.stderr);
        const expected = renderManifests({
            kubernetesVersion: "1.33",
            namespace: "from-file",
            supervisor: { caching: "cached" },
            sysboxRuntime: { enabled: true },
            policyEngines: { kyverno: true },
            nodeSelector: { pool: "cvm" },
        });
        assert.deepEqual(docs(r.stdout), JSON.parse(JSON.stringify(expected.objects)));
        fs.rmSync(dir, { recursive: true });
    });

    it("writes one file per object with --out", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cvmkit-out-"));
        const r = await main(["render", "--k8s-version", "1.24", "--out", dir]);
        assert.equal(r.exitCode, 0, r.stderr);
        const files = fs.readdirSync(dir).sort();
        assert.deepEqual(files, [
            ".cvmkit-render",
            "01-namespace-cvm-workspaces.yaml",
            "02-serviceaccount-cvm-supervisor.yaml",
            "03-podsecuritypolicy-cvmkit-privileged.yaml",
            "04-clusterrole-cvmkit-psp-cvmkit-privileged.yaml",
            "05-rolebinding-cvmkit-psp-cvm-supervisor.yaml",
            "06-networkpolicy-cvmkit-ingress.yaml",
            "07-networkpolicy-cvmkit-egress.yaml",
            "08-daemonset-cvm-image-prepull.yaml",
        ]);
        assert.equal(
            docs(fs.readFileSync(path.join(dir, files[3]!), "utf8"))[0].kind,
            "PodSecurityPolicy",
        );
        fs.rmSync(dir, { recursive: true });
    });

    it("marks patches of objects cvmkit does not own", async () => {
        const r = await main(["render", "--gatekeeper"]);
        assert.match(
            r.stdout,
            /# patch of an existing K8sPSPPrivilegedContainer: not for kubectl apply \(it would drop the object's other fields\); apply with\n# {3}kubectl patch k8spspprivilegedcontainer psp-privileged-container --type merge --patch-file <this document>\n/,
        );
    });

    it("prints JSON with --format json", async () => {
        const r = await main(["render", "--format", "json"]);
        const list = JSON.parse(r.stdout);
        assert.equal(list.kind, "List");
        assert.equal(list.items.length, 7);
    });

    const bad: [string[], RegExp][] = [
        [
            ["render", "--k8s-version", "1.17"],
            /--k8s-version \(kubernetesVersion\): CVMs need Kubernetes 1\.18 or newer, found 1\.17 \(got "1\.17"\)\. Fix:/,
        ],
        [
            ["render", "--k8s-version", "latest"],
            /--k8s-version \(kubernetesVersion\): not a Kubernetes version .*\(got "latest"\)/,
        ],
        [
            ["render", "--sysbox-runtime", "--k8s-version", "1.25"],
            /supports Kubernetes 1\.32–1\.35 only, not 1\.25.*supervisor mode/,
        ],
        [
            ["render", "--caching", "always"],
            /--caching \(supervisor\.caching\): not a caching mode \(got "always"\)\. Fix: use "none", "cached" or "cached-shiftfs"/,
        ],
        [
            ["render", "--namespace", "kube-system"],
            /--namespace \(namespace\): is a system namespace/,
        ],
        [
            ["render", "--node-selector", "novalue"],
            /--node-selector: expected KEY=VALUE \(got "novalue"\)/,
        ],
        [["render", "--format", "toml"], /--format: unknown output format/],
        [["render", "--config", "/does/not/exist.yaml"], /--config: cannot read the file/],
        [["render", "--bogus"], /Unknown option '--bogus'/],
        [["frobnicate"], /unknown command "frobnicate"/],
    ];
    for (const [argv, message] of bad) {
        it(`refuses ${argv.join(" ")} with exit code 2`, async () => {
            const r = await main(argv);
            assert.equal(r.exitCode, 2);
            assert.equal(r.stdout, "");
            assert.match(r.stderr, message);
        });
    }

    it("runs as a real command (bin entry, Node 22)", () => {
        const bin = path.resolve(__dirname, "..", "..", "lib", "cli", "main.js");
        const r = spawnSync(process.execPath, [bin, "render", "--k8s-version", "1.29"], {
            encoding: "utf8",
        });
        assert.equal(r.status, 0, r.stderr);
        assert.deepEqual(
            docs(r.stdout).map((o) => o.kind),
            ["Namespace", "ServiceAccount", "NetworkPolicy", "NetworkPolicy", "DaemonSet"],
        );
        assert.ok(
            process.versions.node.startsWith("22."),
            `tests run on Node ${process.versions.node}`,
        );
    });
});
