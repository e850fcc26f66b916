/**
 * `network.policies` on the cluster side: which NetworkPolicy implementation runs, per CNI and add-on, from
 * DaemonSets shaped like the upstream manifests (each fixture names its source file).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DaemonSet } from "kubernetes-types/apps/v1";
import type { Container } from "kubernetes-types/core/v1";
import { CNI_DAEMONSETS as FIXTURES } from "../support/cni-daemonsets";
import type { KubeClient } from "../../lib/client/client";
import type { DoctorFinding } from "../../lib/doctor";
import {
    checkNetworkEnforcement,
    flagValue,
    POLICY_IMPLEMENTATIONS,
} from "../../lib/doctor/network-enforcement";

type Answer = { status: number; body: unknown };

/** A client answering GETs from `answers` (404 otherwise) and failing any write. */
function client(answers: Record<string, Answer>, seen: string[] = []): KubeClient {
    return {
        server: "https://stub",
        get: (p) => {
            seen.push(p);
            return Promise.resolve(
                (answers[p] ?? { status: 404, body: { message: "not found" } }) as never,
            );
        },
        dryRunCreate: () => Promise.reject(new Error("the enforcement check must not write")),
    };
}

const DS = "/apis/apps/v1/daemonsets";
const list = (...items: DaemonSet[]): Record<string, Answer> => ({
    [DS]: { status: 200, body: { items } },
});
const brief = (fs: readonly DoctorFinding[]) =>
    fs.map((f) => `${f.status} ${f.subject ?? "-"}: ${f.message}`);

async function run(answers: Record<string, Answer>): Promise<DoctorFinding[]> {
    const findings = await checkNetworkEnforcement(client(answers));
    for (const f of findings) {
        assert.equal(f.check, "network.policies");
        if (f.status !== "ok") assert.ok(f.remedy, `${f.message}: a warning has a remedy`);
    }
    return findings;
}

const EKS_REMEDY =
    /aws eks create-addon \(or update-addon\) --cluster-name <name> --addon-name vpc-cni --resolve-conflicts OVERWRITE --configuration-values '\{"enableNetworkPolicy":"true"\}'.*Clusters cvmkit creates get aws\.eks\.Addon "vpc-cni"/;
const GKE_REMEDY =
    /Dataplane V2 cannot be turned on for an existing cluster.*--update-addons=NetworkPolicy=ENABLED.*--enable-network-policy.*Clusters cvmkit creates get gcp\.container\.Cluster datapathProvider "ADVANCED_DATAPATH"/;
const AKS_REMEDY =
    /az aks update -g <group> -n <name> --network-dataplane cilium.*Clusters cvmkit creates get azure-native\.containerservice\.ManagedCluster networkProfile/;
const ANY_REMEDY =
    /^run a CNI or add-on that enforces NetworkPolicies \(Calico, Cilium, Antrea, kube-router/;

describe("network.policies: enforcing implementations", () => {
    for (const [fixture, name, detail] of [
        ["vpcCniOn", "Amazon VPC CNI", "aws-eks-nodeagent --enable-network-policy=true"],
        ["anetd", "GKE Dataplane V2", "anetd"],
        ["calicoPolicyOnly", "Calico", "calico-node"],
        ["calicoOperator", "Calico", "calico-node"],
        ["canal", "Calico", "Canal: Flannel with Calico's calico-node"],
        ["azureNpm", "Azure Network Policy Manager", "azure-npm"],
        ["kubeRouter", "kube-router", "kube-router --run-firewall=true"],
        ["antrea", "Antrea", "antrea-agent"],
        ["weave", "Weave Net", "weave-npc"],
        ["kubeNetworkPolicies", "kube-network-policies", "kube-network-policies"],
    ] as const) {
        it(`${fixture}: ${name} enforces`, async () => {
            const d = FIXTURES[fixture];
            const f = await run(list(d));
            assert.deepEqual(brief(f), [
                `ok daemonset/${d.metadata!.namespace}/${d.metadata!.name}: ${name} enforces NetworkPolicies (${detail})`,
            ]);
        });
    }

    it("Cilium: enforcing in default mode, read from cilium-config", async () => {
        const answers = {
            ...list(FIXTURES.cilium, FIXTURES.aksNodeManager),
            "/api/v1/namespaces/kube-system/configmaps/cilium-config": {
                status: 200,
                body: { data: { "enable-policy": "default", "cni-chaining-mode": "none" } },
            },
        };
        assert.deepEqual(brief(await run(answers)), [
            "ok daemonset/kube-system/cilium: Cilium enforces NetworkPolicies (cilium-config enable-policy: default)",
        ]);
    });

    it("Cilium: an unreadable cilium-config still counts as Cilium's default (enforcing), and says so", async () => {
        const seen: string[] = [];
        const f = await checkNetworkEnforcement(client(list(FIXTURES.cilium), seen));
        assert.deepEqual(brief(f), [
            "ok daemonset/kube-system/cilium: Cilium enforces NetworkPolicies (cilium-config not readable; Cilium's default mode enforces)",
        ]);
        assert.deepEqual(seen, [
            DS,
            "/api/v1/namespaces/kube-system/configmaps/cilium-config",
            "/api/v1/nodes?limit=1",
        ]);
    });

    it("a plain CNI beside an enforcer is reported, with who enforces", async () => {
        const f = await run(list(FIXTURES.vpcCni114Off, FIXTURES.calicoPolicyOnly));
        assert.deepEqual(brief(f), [
            "ok daemonset/kube-system/aws-node: Amazon VPC CNI does not enforce NetworkPolicies (aws-eks-nodeagent runs with --enable-network-policy=false); they are enforced by Calico (daemonset/kube-system/calico-node)",
            "ok daemonset/kube-system/calico-node: Calico enforces NetworkPolicies (calico-node)",
        ]);
        const kind = await run(list(FIXTURES.kindnetNew, FIXTURES.kubeNetworkPolicies));
        assert.deepEqual(
            kind.map((x) => x.status),
            ["ok", "ok"],
        );
        assert.match(
            kind[0]!.message,
            /^kindnet may not enforce NetworkPolicies .*; they are enforced by kube-network-policies \(daemonset\/kube-system\/kube-network-policies\)$/,
        );
    });
});

describe("network.policies: not enforcing, naming the setting of the cloud it sees", () => {
    it("EKS, VPC CNI 1.14 with the agent off: the vpc-cni add-on setting", async () => {
        const [f, ...rest] = await run(list(FIXTURES.vpcCni114Off));
        assert.equal(rest.length, 0);
        assert.equal(f!.status, "warn");
        assert.equal(f!.subject, "daemonset/kube-system/aws-node");
        assert.match(
            f!.message,
            /^Amazon VPC CNI does not enforce NetworkPolicies \(aws-eks-nodeagent runs with --enable-network-policy=false\): cvmkit's NetworkPolicies are stored but nothing applies them$/,
        );
        assert.match(f!.remedy!, EKS_REMEDY);
        assert.match(f!.remedy!, /Kubernetes 1\.25\+, VPC CNI 1\.14\+, node kernel 5\.10\+/);
    });

    it("EKS, VPC CNI before 1.14: no agent at all", async () => {
        const [f] = await run(list(FIXTURES.vpcCni113));
        assert.equal(f!.status, "warn");
        assert.match(
            f!.message,
            /no network policy agent container \(aws-eks-nodeagent, VPC CNI 1\.14\+\)/,
        );
        assert.match(f!.remedy!, EKS_REMEDY);
    });

    it("GKE on the legacy datapath without Calico: the GKE setting", async () => {
        const [f, ...rest] = await run(list(FIXTURES.gkeMetadata));
        assert.equal(rest.length, 0);
        assert.equal(f!.status, "warn");
        assert.equal(f!.subject, undefined);
        assert.match(
            f!.message,
            /^no DaemonSet of a known NetworkPolicy implementation runs \(known: Amazon VPC CNI, GKE Dataplane V2, Cilium, Calico/,
        );
        assert.match(f!.remedy!, GKE_REMEDY);
    });

    it("GKE with Calico network policy enforcement: enforcing", async () => {
        const f = await run(list(FIXTURES.gkeMetadata, FIXTURES.calicoPolicyOnly));
        assert.deepEqual(
            f.map((x) => `${x.status} ${x.subject}`),
            ["ok daemonset/kube-system/calico-node"],
        );
    });

    it("AKS without a network policy engine: the AKS setting", async () => {
        const [f] = await run(list(FIXTURES.aksNodeManager));
        assert.equal(f!.status, "warn");
        assert.match(f!.remedy!, AKS_REMEDY);
    });

    it("AKS Cilium with enable-policy never: not enforcing", async () => {
        const f = await run({
            ...list(FIXTURES.cilium, FIXTURES.aksNodeManager),
            "/api/v1/namespaces/kube-system/configmaps/cilium-config": {
                status: 200,
                body: { data: { "enable-policy": "never" } },
            },
        });
        assert.deepEqual(brief(f), [
            "warn daemonset/kube-system/cilium: Cilium does not enforce NetworkPolicies (cilium-config enable-policy: never): cvmkit's NetworkPolicies are stored but nothing applies them",
        ]);
        assert.match(f[0]!.remedy!, AKS_REMEDY);
    });

    it("kube-router with --run-firewall=false, Weave without weave-npc, Flannel alone, old kindnet: not enforcing; no cloud seen: the generic remedy", async () => {
        const kr = structuredClone(FIXTURES.kubeRouter);
        kr.spec!.template.spec!.containers[0]!.args = ["--run-router=true", "--run-firewall=false"];
        const weave = structuredClone(FIXTURES.weave);
        weave.spec!.template.spec!.containers = weave.spec!.template.spec!.containers.filter(
            (c) => c.name !== "weave-npc",
        );
        for (const [d, detail] of [
            [kr, "kube-router --run-firewall=false"],
            [weave, "no weave-npc container"],
            [FIXTURES.flannel, "Flannel has no network policy engine"],
            [FIXTURES.kindnetOld, "kindnetd:v20230809-80a64d96 predates kind's network policies"],
        ] as const) {
            const [f, ...rest] = await run(list(d));
            assert.equal(rest.length, 0);
            assert.equal(f!.status, "warn", detail);
            assert.match(
                f!.message,
                new RegExp(
                    `does not enforce NetworkPolicies \\(${detail.replace(/[.()]/g, "\\$&")}\\)`,
                ),
            );
            assert.match(f!.remedy!, ANY_REMEDY);
        }
    });
});

describe("network.policies: unknown", () => {
    it("kindnet of kind v0.24+ alone: cannot tell", async () => {
        const [f] = await run(list(FIXTURES.kindnetNew));
        assert.equal(f!.status, "warn");
        assert.match(
            f!.message,
            /^cannot tell whether kindnet enforces NetworkPolicies \(kindnetd:v20241108-5c6d2daf: kind v0\.24\.0\+ enforces with kube-network-policies, older kindnetd does not\)$/,
        );
    });

    it("an unknown CNI: no known implementation; the cloud comes from a node's providerID", async () => {
        const f = await run({
            ...list(FIXTURES.unknownCni),
            "/api/v1/nodes?limit=1": {
                status: 200,
                body: {
                    items: [
                        {
                            metadata: { name: "ip-10-0-1-5" },
                            spec: { providerID: "aws:///eu-west-1a/i-0abc" },
                        },
                    ],
                },
            },
        });
        assert.equal(f.length, 1);
        assert.equal(f[0]!.status, "warn");
        assert.match(f[0]!.message, /^no DaemonSet of a known NetworkPolicy implementation runs/);
        assert.match(f[0]!.remedy!, EKS_REMEDY);
    });

    it("no permission to list DaemonSets: a permission warning, nothing guessed", async () => {
        const f = await run({
            [DS]: {
                status: 403,
                body: {
                    message:
                        'daemonsets.apps is forbidden: User "dev" cannot list resource "daemonsets" in API group "apps" at the cluster scope',
                },
            },
        });
        assert.equal(f.length, 1);
        assert.match(
            f[0]!.message,
            /^user dev is not allowed to list daemonsets\.apps; this check was skipped$/,
        );
    });
});

describe("network.policies: the implementation table", () => {
    it("every implementation names an upstream source and each fixture matches exactly one", () => {
        for (const i of POLICY_IMPLEMENTATIONS)
            assert.match(i.source, /^(https:\/\/\S+|[\w.-]+\/[\w.-]+ \S+)/, i.name);
        for (const [key, d] of Object.entries(FIXTURES)) {
            const matches = POLICY_IMPLEMENTATIONS.filter((i) => i.matches(d)).map((i) => i.name);
            const expected = ["gkeMetadata", "aksNodeManager", "unknownCni"].includes(key) ? 0 : 1;
            // Canal carries calico-node and kube-flannel: Calico only, never Flannel too
            assert.equal(matches.length, expected, `${key}: ${matches.join(", ")}`);
        }
    });

    it("flagValue reads --flag=value, --flag value and a bare --flag", () => {
        const c = (args: string[]): Container => ({ name: "x", args });
        assert.equal(
            flagValue(c(["--enable-network-policy=true"]), "--enable-network-policy"),
            "true",
        );
        assert.equal(flagValue(c(["--run-firewall", "false"]), "--run-firewall"), "false");
        assert.equal(flagValue(c(["--run-firewall", "--x"]), "--run-firewall"), "true");
        assert.equal(
            flagValue(c(["--enable-network-policy-x=true"]), "--enable-network-policy"),
            undefined,
        );
        assert.equal(flagValue(undefined, "--x"), undefined);
    });
});
