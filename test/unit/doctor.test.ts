import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import type { Node } from "kubernetes-types/core/v1";
import { main } from "../../lib/cli/main";
import { checkAdmission } from "../../lib/doctor/cluster-checks";
import { namespaceMatches, selectorMatches } from "../../lib/doctor/engine-checks";
import {
    countByStatus,
    DoctorFinding,
    DoctorReport,
    exitCodeOf,
    formatJson,
    formatTable,
    groupFindings,
    isAutopilotNode,
    KubeClient,
    managedCloudOf,
    nodeFindings,
    parseCpu,
    runDoctor,
} from "../../lib/doctor";
import { isAuthorizationDenial } from "../../lib/doctor/findings";
import { NODES, toNode } from "../e2e/support/fixtures-doctor";

const node = (name: string): Node => toNode(NODES.find((n) => n.name === name)!);
const brief = (fs: readonly DoctorFinding[]) => fs.map((f) => `${f.check}:${f.status}`);

describe("parseCpu", () => {
    for (const [q, v] of [
        ["4", 4],
        ["3920m", 3.92],
        ["0.5", 0.5],
        ["96", 96],
        [" 2 ", 2],
    ] as const) {
        it(`${JSON.stringify(q)} → ${v}`, () => assert.equal(parseCpu(q), v));
    }
    for (const q of [undefined, "", "4k", "-1", "abc", "1e3"]) {
        it(`${JSON.stringify(q)} → undefined`, () => assert.equal(parseCpu(q), undefined));
    }
});

describe("managedCloudOf / isAutopilotNode", () => {
    it("reads the cloud from spec.providerID", () => {
        assert.equal(managedCloudOf(node("ip-10-0-1-10.ec2.internal")), "aws");
        assert.equal(managedCloudOf(node("gke-cvm-ubuntu-pool-1a2b3c4d-x7k9")), "gcp");
        assert.equal(managedCloudOf(node("aks-nodepool1-12345678-vmss000000")), "azure");
        assert.equal(managedCloudOf(node("dgx-worker-1")), undefined);
        assert.equal(
            managedCloudOf({ spec: { providerID: "kind://docker/kind/kind-worker" } }),
            undefined,
        );
    });
    it("knows Autopilot nodes by gk3- names and autopilot labels, not GKE Standard", () => {
        assert.equal(isAutopilotNode(node("gk3-autopilot-pool-2-8f9e7d6c-abcd")), true);
        assert.equal(isAutopilotNode(node("gke-std-default-pool-5e6f7a8b-q2w3")), false);
        assert.equal(
            isAutopilotNode({
                metadata: { name: "x", labels: { "autopilot.gke.io/managed": "true" } },
            }),
            true,
        );
        assert.equal(isAutopilotNode({}), false);
    });
});

describe("nodeFindings", () => {
    it("Ubuntu 22.04 on 5.15 with containerd 1.7: supported with warnings", () => {
        const f = nodeFindings(node("ip-10-0-1-10.ec2.internal"), "supervisor");
        assert.deepEqual(brief(f), [
            "node.os:ok",
            "node.kernel:warn",
            "node.runtime:warn",
            "node.architecture:ok",
            "node.cpu:ok",
        ]);
        assert.ok(f.every((x) => x.subject === "node/ip-10-0-1-10.ec2.internal"));
        assert.match(f[2]!.message, /containerd 1\.7\.12: the installer replaces it with CRI-O/);
    });
    it("Ubuntu 24.04 on 6.8 with containerd 2.0.5, amd64 and arm64: all ok", () => {
        for (const name of ["gke-cvm-ubuntu-pool-1a2b3c4d-x7k9", "ip-10-0-1-11.ec2.internal"]) {
            const f = nodeFindings(node(name), "supervisor");
            assert.deepEqual(
                f.map((x) => x.status),
                ["ok", "ok", "ok", "ok", "ok"],
                name,
            );
        }
        assert.match(
            nodeFindings(node("ip-10-0-1-11.ec2.internal"), "supervisor")[3]!.message,
            /^arm64 is supported/,
        );
    });
    it("Ubuntu 18.04 on 4.15 fails the kernel", () => {
        const f = nodeFindings(node("bionic-worker-1"), "supervisor");
        assert.equal(f[1]!.check, "node.kernel");
        assert.equal(f[1]!.status, "fail");
        assert.match(f[1]!.message, /below the 5\.3 minimum/);
    });
    it("COS, Autopilot, Bottlerocket and Amazon Linux 2023 fail the OS", () => {
        assert.deepEqual(
            brief(nodeFindings(node("gk3-autopilot-pool-2-8f9e7d6c-abcd"), "supervisor")),
            [
                "node.autopilot:fail",
                "node.os:fail",
                "node.runtime:ok",
                "node.architecture:ok",
                "node.cpu:ok",
            ],
        );
        for (const [name, os] of [
            ["gke-std-default-pool-5e6f7a8b-q2w3", /Container-Optimized OS/],
            ["ip-10-0-2-20.ec2.internal", /Bottlerocket/],
            ["ip-10-0-3-30.ec2.internal", /Amazon Linux/],
        ] as const) {
            const f = nodeFindings(node(name), "supervisor");
            assert.equal(f[0]!.status, "fail", name);
            assert.match(f[0]!.message, os);
            assert.ok(
                !f.some((x) => x.check === "node.kernel"),
                "no kernel finding after an OS fail",
            );
        }
    });
    it("2 vCPU fails; capacity counts, not the slightly smaller allocatable", () => {
        const f = nodeFindings(node("aks-nodepool1-12345678-vmss000000"), "supervisor");
        assert.equal(f.at(-1)!.status, "fail");
        assert.match(f.at(-1)!.message, /^2 vCPU, below the 4 vCPU minimum/);
        const four = nodeFindings(node("ip-10-0-1-10.ec2.internal"), "supervisor").at(-1)!;
        assert.deepEqual([four.status, four.message], ["ok", "4 vCPU"]);
        const unknown = nodeFindings({ metadata: { name: "x" } }, "supervisor");
        assert.deepEqual(brief(unknown), ["node.os:warn", "node.cpu:warn"]);
    });
    it("GPUs: NVIDIA on a managed cloud warns, on bare metal is ok, AMD warns, zero devices say nothing", () => {
        const gpu = (name: string) =>
            nodeFindings(node(name), "supervisor").filter((x) => x.check === "node.gpu");
        assert.deepEqual(brief(gpu("ip-10-0-4-40.ec2.internal")), ["node.gpu:warn"]);
        assert.match(gpu("ip-10-0-4-40.ec2.internal")[0]!.message, /managed aws node/);
        assert.deepEqual(brief(gpu("dgx-worker-1")), ["node.gpu:ok"]);
        assert.deepEqual(brief(gpu("mi300-worker-1")), ["node.gpu:warn"]);
        assert.match(gpu("mi300-worker-1")[0]!.message, /8 AMD GPU/);
        const base = node("ip-10-0-4-40.ec2.internal");
        const zero: Node = {
            ...base,
            status: { ...base.status, allocatable: { cpu: "4", "nvidia.com/gpu": "0" } },
        };
        assert.deepEqual(
            brief(nodeFindings(zero, "supervisor").filter((x) => x.check === "node.gpu")),
            [],
        );
        const metal: Node = {
            ...base,
            metadata: {
                name: "p4-metal",
                labels: { "node.kubernetes.io/instance-type": "g4dn.metal" },
            },
        };
        assert.deepEqual(
            brief(nodeFindings(metal, "supervisor").filter((x) => x.check === "node.gpu")),
            ["node.gpu:ok"],
        );
    });
    it("sysbox mode: installer labels and taint, and the kubelet minor against the installer range", () => {
        const last = (name: string) => nodeFindings(node(name), "sysbox").slice(-2);
        assert.deepEqual(brief(last("gke-cvm-ubuntu-pool-1a2b3c4d-x7k9")), [
            "node.cpu:ok",
            "node.sysbox:ok",
        ]);
        const installing = last("ip-10-0-1-10.ec2.internal")[1]!;
        assert.equal(installing.status, "warn");
        assert.match(
            installing.message,
            /sysbox-runtime=installing, taint sysbox-runtime=not-running/,
        );
        const bottlerocket = last("ip-10-0-2-20.ec2.internal");
        assert.deepEqual(brief(bottlerocket), ["node.kubelet:fail", "node.sysbox:warn"]);
        assert.match(bottlerocket[0]!.message, /supports Kubernetes 1\.32–1\.35 only, not 1\.31/);
        // running label but the taint still set: not ready
        const base = node("gke-cvm-ubuntu-pool-1a2b3c4d-x7k9");
        const tainted: Node = {
            ...base,
            spec: {
                taints: [{ key: "sysbox-runtime", value: "not-running", effect: "NoSchedule" }],
            },
        };
        assert.equal(nodeFindings(tainted, "sysbox").at(-1)!.status, "warn");
        assert.ok(!nodeFindings(base, "supervisor").some((x) => x.check === "node.sysbox"));
    });
    it("sysbox mode: a node labelled running whose kubelet reports no sysbox-runc handler fails", () => {
        // what kubelet 1.35 + containerd 2.4 report on the e2e node without the handler (test/e2e/node-pods.test.ts)
        const base = node("gke-cvm-ubuntu-pool-1a2b3c4d-x7k9");
        const withHandlers = (names: string[]): Node => ({
            ...base,
            status: { ...base.status, runtimeHandlers: names.map((name) => ({ name })) },
        });
        const missing = nodeFindings(withHandlers(["runc", ""]), "sysbox").at(-1)!;
        assert.equal(missing.check, "node.sysbox");
        assert.equal(missing.status, "fail");
        assert.match(missing.message, /no sysbox-runc handler \(the kubelet reports runc\)/);
        assert.match(missing.remedy ?? "", /re-run the Sysbox installer/);
        assert.equal(
            nodeFindings(withHandlers(["runc", "sysbox-runc"]), "sysbox").at(-1)!.status,
            "ok",
        );
        // a kubelet that lists no handlers (older than 1.30, or CRI-O without the field) is not judged
        assert.equal(nodeFindings(withHandlers([]), "sysbox").at(-1)!.status, "ok");
    });
});

describe("findings helpers", () => {
    const f = (status: DoctorFinding["status"]): DoctorFinding => ({
        check: "nodes",
        status,
        message: "m",
    });
    it("exit code is 1 only when something fails", () => {
        assert.equal(exitCodeOf([]), 0);
        assert.equal(exitCodeOf([f("ok"), f("warn")]), 0);
        assert.equal(exitCodeOf([f("ok"), f("fail"), f("warn")]), 1);
        assert.deepEqual(countByStatus([f("ok"), f("fail"), f("warn"), f("ok")]), {
            ok: 2,
            warn: 1,
            fail: 1,
        });
    });
    it("tells RBAC denials from admission denials", () => {
        const rbac = {
            message:
                'pods is forbidden: User "jane" cannot create resource "pods" in API group "" in the namespace "x"',
        };
        assert.equal(isAuthorizationDenial(403, rbac), true);
        assert.equal(isAuthorizationDenial(404, rbac), false);
        for (const message of [
            'pods "p" is forbidden: error looking up service account x/cvm-supervisor: serviceaccount "cvm-supervisor" not found',
            'pods "p" is forbidden: violates PodSecurity "restricted:latest": privileged',
            'admission webhook "validation.gatekeeper.sh" denied the request: [psp-privileged-container] Privileged container is not allowed',
        ]) {
            assert.equal(isAuthorizationDenial(403, { message }), false, message);
        }
    });
    it("matches label selectors and namespace patterns", () => {
        const labels = { "istio-injection": "enabled", team: "a" };
        assert.equal(selectorMatches(undefined, labels), true);
        assert.equal(selectorMatches({ matchLabels: { team: "a" } }, labels), true);
        assert.equal(selectorMatches({ matchLabels: { team: "b" } }, labels), false);
        const expr = (operator: string, values?: string[]) => ({
            matchExpressions: [{ key: "istio-injection", operator, values }],
        });
        assert.equal(selectorMatches(expr("In", ["enabled"]), labels), true);
        assert.equal(selectorMatches(expr("NotIn", ["enabled"]), labels), false);
        assert.equal(selectorMatches(expr("NotIn", ["enabled"]), {}), true);
        assert.equal(selectorMatches(expr("Exists"), labels), true);
        assert.equal(selectorMatches(expr("DoesNotExist"), labels), false);
        assert.equal(namespaceMatches("kube-*", "kube-system"), true);
        assert.equal(namespaceMatches("*-workspaces", "cvm-workspaces"), true);
        assert.equal(namespaceMatches("cvm-workspaces", "cvm-workspaces2"), false);
        assert.equal(namespaceMatches("a.b", "axb"), false);
    });
});

/** A KubeClient answering from a table; not HTTP, just the interface the checks use. */
function stubClient(
    answers: Record<string, { status: number; body: unknown } | (() => never)>,
): KubeClient {
    const answer = (key: string) => {
        const a = answers[key] ?? answers[key.replace(/\?.*$/, "")];
        if (typeof a === "function") return a();
        return Promise.resolve(a ?? { status: 404, body: { message: "not found" } });
    };
    return {
        server: "https://stub",
        get: (p) => answer(`GET ${p}`) as never,
        dryRunCreate: (p) => answer(`POST ${p}`) as never,
    };
}

describe("checkAdmission (stub client)", () => {
    const ns = { status: 200, body: { metadata: { name: "cvm", labels: {} } } };
    const version = { major: 1, minor: 35, raw: "1.35" };
    it("a missing ServiceAccount is a rejection with its own remedy, not a permission warning", async () => {
        const sa = {
            status: 403,
            body: {
                message:
                    'pods "cvmkit-doctor-x" is forbidden: error looking up service account cvm/cvm-supervisor: serviceaccount "cvm-supervisor" not found',
            },
        };
        const f = await checkAdmission(
            stubClient({
                "GET /api/v1/namespaces/cvm": ns,
                "POST /api/v1/namespaces/cvm/pods": sa,
            }),
            version,
            "cvm",
            undefined,
        );
        assert.deepEqual(brief(f), [
            "admission.psa:ok",
            "admission.supervisor:fail",
            "admission.scoped:ok",
        ]);
        assert.match(f[1]!.remedy!, /create the cvm-supervisor ServiceAccount/);
    });
    it("a denial by Gatekeeper's webhook names every denying constraint in the remedy, also past the truncated message", async () => {
        // the message shape of Gatekeeper 3.23.1's webhook (one `[constraint] msg` line per violation)
        const hostPath = (p: string) =>
            `[psp-host-filesystem] HostPath volume {"hostPath": {"path": "${p}", "type": ""}, "name": "x"} is not allowed, pod: cvmkit-doctor-x. Allowed path: [{"pathPrefix": "/foo", "readOnly": true}]`;
        const gk = {
            status: 403,
            body: {
                message: [
                    'admission webhook "validation.gatekeeper.sh" denied the request: ' +
                        hostPath("/lib/modules"),
                    hostPath("/usr/src"),
                    hostPath("/var/lib/containers"),
                    '[psp-privileged-container] Privileged container is not allowed: supervisor, securityContext: {"privileged": true}',
                ].join("\n"),
            },
        };
        const f = await checkAdmission(
            stubClient({
                "GET /api/v1/namespaces/cvm": ns,
                "POST /api/v1/namespaces/cvm/pods": gk,
            }),
            version,
            "cvm",
            undefined,
        );
        assert.equal(f[1]!.check, "admission.supervisor");
        assert.ok(f[1]!.message.endsWith("…"));
        assert.doesNotMatch(f[1]!.message, /psp-privileged-container/);
        assert.equal(
            f[1]!.remedy,
            "Gatekeeper constraint(s) psp-host-filesystem, psp-privileged-container deny it: set policyEngines.gatekeeper in cvmkit and list them in policyEngines.gatekeeper.constraints ({ kind, name }; the gatekeeper check shows their kinds)",
        );
    });
    it("an RBAC denial of the dry-run is a warning naming user and permission", async () => {
        const rbac = {
            status: 403,
            body: {
                message:
                    'pods is forbidden: User "jane" cannot create resource "pods" in API group "" in the namespace "cvm"',
            },
        };
        const f = await checkAdmission(
            stubClient({
                "GET /api/v1/namespaces/cvm": ns,
                "POST /api/v1/namespaces/cvm/pods": rbac,
            }),
            version,
            "cvm",
            undefined,
        );
        assert.deepEqual(brief(f), ["admission.psa:ok", "admission:warn"]);
        assert.match(f[1]!.message, /^user jane is not allowed to create \(dry-run\) pods/);
    });
});

describe("runDoctor (stub client)", () => {
    it("a check group that throws becomes a warning; the others still run", async () => {
        const client = stubClient({
            "GET /version": { status: 200, body: { gitVersion: "v1.31.2-eks-7f9249a" } },
            "GET /api/v1/nodes": () => {
                throw new Error("socket hang up");
            },
            "GET /api/v1/namespaces/cvm-workspaces": { status: 404, body: {} },
            "GET /apis/apiextensions.k8s.io/v1/customresourcedefinitions": {
                status: 200,
                body: { items: [] },
            },
            "GET /apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations": {
                status: 200,
                body: { items: [] },
            },
            "GET /apis/storage.k8s.io/v1/storageclasses": { status: 200, body: { items: [] } },
            "GET /apis/apps/v1/daemonsets": { status: 200, body: { items: [] } },
        });
        const steps: string[] = [];
        const r = await runDoctor({ client, mode: "sysbox", onProgress: (s) => steps.push(s) });
        assert.deepEqual(steps, [
            "server version",
            "nodes",
            "admission",
            "policy engines and Istio",
            "storage",
            "runtime class",
        ]);
        assert.deepEqual(brief(r.findings), [
            "server.version:ok",
            "server.admission:ok",
            "server.sysbox-range:fail",
            "nodes:warn",
            "admission.namespace:fail",
            // cluster-wide, so it runs without the namespace too
            "network.policies:warn",
            "storage:ok",
            "runtimeclass:fail",
        ]);
        assert.match(r.findings[3]!.message, /could not run: socket hang up/);
        assert.match(r.findings[2]!.message, /supports Kubernetes 1\.32–1\.35 only, not 1\.31/);
        assert.equal(r.exitCode, 1);
    });
    it("a failing NetworkPolicy enforcement read is its own warning; the admission findings stay", async () => {
        const client = stubClient({
            "GET /version": { status: 200, body: { gitVersion: "v1.33.2" } },
            "GET /api/v1/nodes": { status: 200, body: { items: [] } },
            "GET /api/v1/namespaces/cvm-workspaces": { status: 404, body: {} },
            "GET /apis/apps/v1/daemonsets": () => {
                throw new Error("socket hang up");
            },
        });
        const r = await runDoctor({ client });
        const admission = r.findings.filter((f) => /^(admission|network)/.test(f.check));
        assert.deepEqual(brief(admission), ["admission.namespace:fail", "network.policies:warn"]);
        assert.match(
            admission[1]!.message,
            /^the NetworkPolicy enforcement check could not run: socket hang up$/,
        );
    });
    it("rejects a bad mode and a bad supervisor image before any request", async () => {
        const client = stubClient({});
        await assert.rejects(runDoctor({ client, mode: "vm" as never }), /mode: unknown mode/);
        await assert.rejects(
            runDoctor({ client, supervisorImage: "Not An Image" }),
            /supervisor\.image/,
        );
    });
});

describe("formatTable / formatJson", () => {
    const report: DoctorReport = {
        server: "https://203.0.113.10",
        namespace: "cvm-workspaces",
        mode: "supervisor",
        findings: [
            {
                check: "server.version",
                status: "ok",
                message: "Kubernetes v1.35.4 (1.18+ required)",
            },
            {
                check: "node.cpu",
                status: "fail",
                subject: "node/aks-nodepool1-0",
                message: "2 vCPU, below the 4 vCPU minimum for CVM nodes",
                remedy: "use a machine size with 4+ vCPUs",
            },
            {
                check: "storage",
                status: "warn",
                subject: "storageclass/efs-sc",
                message: "provisioner efs.csi.aws.com is NFS-like",
                remedy: "keep CVM homes on block storage",
            },
        ],
        counts: { ok: 1, warn: 1, fail: 1 },
        exitCode: 1,
    };
    it("renders a wrapped table and a verdict", () => {
        assert.equal(
            formatTable(report, 80),
            [
                "CHECK           STATUS  DETAIL                         REMEDY",
                "--------------  ------  -----------------------------  -------------------------",
                "server.version  ok      Kubernetes v1.35.4 (1.18+",
                "                        required)",
                "node.cpu        FAIL    node/aks-nodepool1-0: 2 vCPU,  use a machine size with",
                "                        below the 4 vCPU minimum for   4+ vCPUs",
                "                        CVM nodes",
                "storage         WARN    storageclass/efs-sc:           keep CVM homes on block",
                "                        provisioner efs.csi.aws.com    storage",
                "                        is NFS-like",
                "",
                "https://203.0.113.10 · namespace cvm-workspaces · mode supervisor: 1 ok, 1 warn, 1 fail — NOT ready for CVMs",
                "",
            ].join("\n"),
        );
        const noFail = {
            ...report,
            findings: report.findings.slice(2),
            counts: { ok: 0, warn: 1, fail: 0 },
            exitCode: 0,
        };
        assert.match(formatTable(noFail), /0 fail — no blocking problem; review the warnings\n$/);
        const clean = {
            ...report,
            findings: report.findings.slice(0, 1),
            counts: { ok: 1, warn: 0, fail: 0 },
            exitCode: 0,
        };
        assert.match(formatTable(clean), /— ready for CVMs\n$/);
    });
    it("JSON round-trips", () => {
        assert.deepEqual(JSON.parse(formatJson(report)), report);
    });
});

describe("cvmkit doctor CLI (no cluster)", () => {
    it("usage errors exit 2", async () => {
        const bad = await main(["doctor", "--mode", "vm"]);
        assert.equal(bad.exitCode, 2);
        assert.match(bad.stderr, /--mode: unknown mode/);
        const sel = await main(["doctor", "--node-selector", "novalue"]);
        assert.equal(sel.exitCode, 2);
        assert.match(sel.stderr, /expected KEY=VALUE/);
        const unknown = await main(["doctor", "--bogus"]);
        assert.equal(unknown.exitCode, 2);
        const help = await main(["doctor", "--help"]);
        assert.equal(help.exitCode, 0);
        assert.match(help.stdout, /Exit code 0 when nothing fails/);
    });
    it("an unreadable kubeconfig is 'cannot reach the cluster', exit 2", async () => {
        const r = await main(["doctor", "--kubeconfig", "/nonexistent/kubeconfig"]);
        assert.equal(r.exitCode, 2);
        assert.match(r.stderr, /^cvmkit doctor: cannot reach the cluster: /);
    });
});

describe("doctor output on a large cluster", () => {
    const nodeRows = (count: number, status: "ok" | "warn" = "ok"): DoctorFinding[] =>
        Array.from({ length: count }, (_, i) => [
            {
                check: "node.os" as const,
                status: "ok" as const,
                subject: `node/n-${i}`,
                message: "Ubuntu 22.04 Jammy is supported",
            },
            {
                check: "node.kernel" as const,
                status,
                subject: `node/n-${i}`,
                message: "kernel 5.15.0 lacks ID-mapped overlayfs (5.19+)",
                remedy: "use a 5.19+ kernel",
            },
        ]).flat();
    const big: DoctorReport = {
        server: "https://203.0.113.10",
        namespace: "cvm-workspaces",
        mode: "supervisor",
        findings: [
            {
                check: "server.version",
                status: "ok",
                message: "Kubernetes v1.35.4 (1.18+ required)",
            },
            ...nodeRows(300, "warn"),
            {
                check: "node.cpu",
                status: "fail",
                subject: "node/small-1",
                message: "2 vCPU, below the 4 vCPU minimum for CVM nodes",
                remedy: "use a machine size with 4+ vCPUs",
            },
        ],
        counts: { ok: 301, warn: 300, fail: 1 },
        exitCode: 1,
    };
    it("groups identical findings into one row with the count and three example names", () => {
        const table = formatTable(big, { width: 200 });
        const lines = table.trimEnd().split("\n");
        assert.ok(lines.length < 12, `${lines.length} lines:\n${table}`);
        assert.match(
            table,
            /node\.os\s+ok\s+300 nodes \(n-0, n-1, n-2, \+297 more\): Ubuntu 22\.04 Jammy is supported/,
        );
        assert.match(
            table,
            /node\.kernel\s+WARN\s+300 nodes \(n-0, n-1, n-2, \+297 more\): kernel 5\.15\.0/,
        );
        // a finding about a single node keeps its name
        assert.match(table, /node\.cpu\s+FAIL\s+node\/small-1: 2 vCPU/);
        assert.match(table, /301 ok, 300 warn, 1 fail — NOT ready for CVMs/);
    });
    it("--verbose and --json keep every node", () => {
        const verbose = formatTable(big, { width: 200, verbose: true });
        assert.equal(verbose.split("\n").filter((l) => /node\/n-\d+:/.test(l)).length, 600);
        const json = JSON.parse(formatJson(big)) as DoctorReport;
        assert.equal(json.findings.length, 602);
    });
    it("different messages or statuses are not merged", () => {
        const mixed = [
            ...nodeRows(2, "warn"),
            {
                check: "node.kernel" as const,
                status: "ok" as const,
                subject: "node/x",
                message: "kernel 6.8.0 has ID-mapped mounts",
            },
        ];
        const groups = groupFindings(mixed);
        assert.deepEqual(
            groups.map((g) => [g.finding.check, g.finding.status, g.subjects.length]),
            [
                ["node.os", "ok", 2],
                ["node.kernel", "warn", 2],
                ["node.kernel", "ok", 1],
            ],
        );
        // the rows of one check stay together
        const interleaved: DoctorFinding[] = [
            { check: "node.os", status: "ok", subject: "node/a", message: "Ubuntu 24.04" },
            { check: "node.cpu", status: "ok", subject: "node/a", message: "8 vCPU" },
            { check: "node.os", status: "ok", subject: "node/b", message: "Ubuntu 22.04" },
            { check: "node.cpu", status: "ok", subject: "node/b", message: "8 vCPU" },
        ];
        assert.deepEqual(
            groupFindings(interleaved).map((g) => `${g.finding.check} ${g.subjects.join(",")}`),
            ["node.os node/a", "node.os node/b", "node.cpu node/a,node/b"],
        );
    });
});

describe("cvmkit doctor: no kubeconfig, unreachable cluster, --json on every exit path", () => {
    const withEnv = async <T>(env: Record<string, string | undefined>, run: () => Promise<T>) => {
        const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
        for (const [k, v] of Object.entries(env)) {
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
        }
        try {
            return await run();
        } finally {
            for (const [k, v] of Object.entries(saved)) {
                if (v === undefined) delete process.env[k];
                else process.env[k] = v;
            }
        }
    };
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "cvmkit-home-"));
    it("no kubeconfig says so, exit 2", async () => {
        const r = await withEnv(
            { KUBECONFIG: undefined, HOME: home, KUBERNETES_SERVICE_HOST: undefined },
            () => main(["doctor"]),
        );
        assert.equal(r.exitCode, 2);
        assert.match(
            r.stderr,
            /cannot reach the cluster: no kubeconfig found: KUBECONFIG is not set and .*\.kube\/config does not exist\. Fix: pass --kubeconfig FILE/,
        );
        assert.doesNotMatch(r.stderr, /HTTP protocol/);
        const listed = await withEnv(
            { KUBECONFIG: "/nonexistent/a:/nonexistent/b", HOME: home },
            () => main(["doctor", "--json"]),
        );
        const report = JSON.parse(listed.stdout) as {
            error: { kind: string; cause: string; message: string };
            exitCode: number;
        };
        assert.deepEqual(
            [report.error.kind, report.error.cause, report.exitCode],
            ["connection", "no-kubeconfig", 2],
        );
        assert.match(
            report.error.message,
            /none of the files in KUBECONFIG=\/nonexistent\/a:\/nonexistent\/b exists/,
        );
    });
    const kubeconfig = (server: string, extra = ""): string => {
        const file = path.join(home, `kc-${Math.random().toString(36).slice(2)}.yaml`);
        fs.writeFileSync(
            file,
            `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: ${server}\n${extra}contexts:\n- name: ctx\n  context: { cluster: c, user: u }\ncurrent-context: ctx\nusers:\n- name: u\n  user: { token: t }\n`,
        );
        return file;
    };
    it("a refused connection names the server and ECONNREFUSED, in text and JSON", async () => {
        // a port nothing listens on: bind one, close it
        const port = await new Promise<number>((resolve) => {
            const srv = net.createServer().listen(0, "127.0.0.1", () => {
                const p = (srv.address() as net.AddressInfo).port;
                srv.close(() => resolve(p));
            });
        });
        const file = kubeconfig(`https://127.0.0.1:${port}`);
        const text = await main(["doctor", "--kubeconfig", file]);
        assert.equal(text.exitCode, 2);
        assert.match(
            text.stderr,
            new RegExp(
                `cannot connect to https://127\\.0\\.0\\.1:${port}: connection refused \\(ECONNREFUSED\\)\\. Fix: check that the API server runs`,
            ),
        );
        const json = await main(["doctor", "--kubeconfig", file, "--json"]);
        assert.equal(json.exitCode, 2);
        const report = JSON.parse(json.stdout) as { server: string; error: { cause: string } };
        assert.deepEqual(
            [report.server, report.error.cause],
            [`https://127.0.0.1:${port}`, "ECONNREFUSED"],
        );
    });
    it("a TLS failure names the server and the TLS cause", async () => {
        // a plain TCP server that answers garbage to a TLS client hello
        const srv = net.createServer((s) => s.end("HTTP/1.1 400 Bad Request\r\n\r\n"));
        await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
        const port = (srv.address() as net.AddressInfo).port;
        try {
            const r = await main([
                "doctor",
                "--kubeconfig",
                kubeconfig(`https://127.0.0.1:${port}`),
                "--json",
            ]);
            assert.equal(r.exitCode, 2);
            const report = JSON.parse(r.stdout) as { error: { cause: string; message: string } };
            assert.match(
                report.error.message,
                new RegExp(`^cannot connect to https://127\\.0\\.0\\.1:${port}: `),
            );
            assert.equal(report.error.cause, "TLS", report.error.message);
        } finally {
            srv.close();
        }
    });
    it("an unknown --context lists the contexts; usage errors print JSON too with --json", async () => {
        const file = kubeconfig("https://127.0.0.1:1");
        const r = await main(["doctor", "--kubeconfig", file, "--context", "prod"]);
        assert.equal(r.exitCode, 2);
        assert.match(
            r.stderr,
            /no context "prod" in the kubeconfig \(it has ctx\)\. Fix: pass one of them with --context/,
        );
        for (const argv of [
            ["doctor", "--json", "--mode", "vm"],
            ["doctor", "--json", "--bogus"],
        ]) {
            const bad = await main(argv);
            assert.equal(bad.exitCode, 2);
            const report = JSON.parse(bad.stdout) as { error: { kind: string }; exitCode: number };
            assert.deepEqual([report.error.kind, report.exitCode], ["usage", 2]);
        }
    });
});

describe("cvmkit doctor --supervisor-image", () => {
    it("a bad image names the flag, before any request", async () => {
        const r = await main([
            "doctor",
            "--kubeconfig",
            "/nonexistent",
            "--supervisor-image",
            "Not An Image",
        ]);
        assert.equal(r.exitCode, 2);
        assert.match(
            r.stderr,
            /^cvmkit: --supervisor-image \(supervisor\.image\): not a valid image reference \(got "Not An Image"\)/,
        );
    });
});

describe("checkRollout (stub client): the CVM pods a roll of each pool would evict", () => {
    const node = (name: string, pool: Record<string, string>) => ({
        metadata: { name, labels: { "cvmkit.dev/cvm-node": "true", ...pool } },
    });
    const pod = (name: string, nodeName: string | undefined, phase: string) => ({
        metadata: { name },
        spec: nodeName ? { nodeName } : {},
        status: { phase },
    });
    it("counts per pool the bound, unfinished pods of the CVM namespace", async () => {
        const { checkRollout } = await import("../../lib/doctor/rollout.js");
        const client = stubClient({
            "GET /api/v1/nodes": {
                status: 200,
                body: {
                    items: [
                        node("a1", { "eks.amazonaws.com/nodegroup": "cvm-a" }),
                        node("a2", { "eks.amazonaws.com/nodegroup": "cvm-a" }),
                        node("g1", { "cloud.google.com/gke-nodepool": "cvm-g" }),
                    ],
                },
            },
            "GET /api/v1/namespaces/cvm-workspaces/pods": {
                status: 200,
                body: {
                    items: [
                        pod("ws-alice", "a1", "Running"),
                        pod("ws-bob", "a2", "Running"),
                        pod("ws-done", "a2", "Succeeded"),
                        pod("ws-pending", undefined, "Pending"),
                        pod("ws-elsewhere", "other-node", "Running"),
                    ],
                },
            },
        });
        const findings = await checkRollout(client, "cvm-workspaces", {});
        assert.deepEqual(
            findings.map((f) => [f.subject, f.status]),
            [
                ["eks.amazonaws.com/nodegroup=cvm-a", "warn"],
                ["cloud.google.com/gke-nodepool=cvm-g", "ok"],
            ],
        );
        assert.match(
            findings[0]!.message,
            /2 node\(s\)\) evicts 2 CVM pod\(s\) in cvm-workspaces: ws-alice, ws-bob$/,
        );
        assert.match(
            findings[0]!.remedy!,
            /kubectl cordon -l eks\.amazonaws\.com\/nodegroup=cvm-a/,
        );
    });
    it("names the missing permission instead of guessing", async () => {
        const { checkRollout } = await import("../../lib/doctor/rollout.js");
        const client = stubClient({
            "GET /api/v1/nodes": { status: 200, body: { items: [node("a1", {})] } },
            "GET /api/v1/namespaces/cvm-workspaces/pods": {
                status: 403,
                body: { message: 'pods is forbidden: User "dev" cannot list resource "pods"' },
            },
        });
        const findings = await checkRollout(client, "cvm-workspaces", {});
        assert.equal(findings.length, 1);
        assert.equal(findings[0]!.status, "warn");
        assert.match(findings[0]!.message, /not allowed to list pods/);
    });
});
