/**
 * NetworkPolicy enforcement of the clusters cvmkit creates, per cloud: contract rows with the upstream rule
 * of each setting, asserted against the inputs the recorded mocks saw.
 */
import assert from "node:assert/strict";
import { before, beforeEach, describe, it } from "node:test";
import { ContractRow, contractTable } from "../support/contract";
import * as pulumi from "@pulumi/pulumi";
import { installMocks, MockRecorder, settle, valueOf } from "./stack-mocks";
import { cidrContains, NETWORK_ENFORCEMENT } from "../../lib/compat";

let rec: MockRecorder;
let aws: typeof import("../../lib/aws");
let gcp: typeof import("../../lib/gcp");
let azure: typeof import("../../lib/azure");

before(async () => {
    rec = await installMocks();
    /* eslint-disable @typescript-eslint/no-require-imports */
    aws = require("../../lib/aws") as typeof import("../../lib/aws");
    gcp = require("../../lib/gcp") as typeof import("../../lib/gcp");
    azure = require("../../lib/azure") as typeof import("../../lib/azure");
    /* eslint-enable @typescript-eslint/no-require-imports */
});
beforeEach(() => rec.reset());

const SOURCES = {
    eksPolicy:
        "https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy-configure.html (enableNetworkPolicy in the vpc-cni add-on configuration; Kubernetes 1.25+, VPC CNI 1.14+, kernel 5.10+); @pulumi/aws 7.48.0 eks/addon.d.ts (addonName, configurationValues, resolveConflictsOnCreate, preserve)",
    eksChart:
        "aws/amazon-vpc-cni-k8s charts/aws-vpc-cni/templates/daemonset.yaml (aws-eks-nodeagent --enable-network-policy={{ .Values.enableNetworkPolicy }}, a string value)",
    eksAdopt:
        "https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAddon.html (resolveConflicts OVERWRITE when migrating the self-managed add-on EKS installs); https://docs.aws.amazon.com/eks/latest/userguide/removing-an-add-on.html (without preserve the add-on's software is removed)",
    eksIpv6:
        "aws/aws-network-policy-agent pull/655 (the managed vpc-cni add-on sets --enable-ipv6=true itself on IPv6 clusters)",
    eksVersion:
        "aws/amazon-network-policy-controller-k8s README (Kubernetes 1.25+); https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy-configure.html (minimum cluster version)",
    gkeDpv2:
        "https://cloud.google.com/kubernetes-engine/docs/how-to/dataplane-v2 (enforcement built in, VPC-native only, no Calico network policy beside it); @pulumi/gcp 9.37.0 container/cluster.d.ts (datapathProvider, networkPolicy, networkingMode)",
    gkeForceNew:
        "GoogleCloudPlatform/magic-modules pull/6657 (datapath_provider ForceNew: a change replaces the cluster); https://www.pulumi.com/docs/iac/concepts/options/ignorechanges/",
    aksCilium:
        "https://learn.microsoft.com/azure/aks/azure-cni-powered-by-cilium (networkDataplane cilium with Azure CNI overlay or pod subnet; Linux only); @pulumi/azure-native 3.28.0 types/enums/containerservice NetworkPolicy.Cilium (requires networkDataplane cilium)",
    aksOverlay:
        "https://learn.microsoft.com/azure/aks/azure-cni-overlay (the pod CIDR must not overlap the service CIDR); @pulumi/azure-native 3.28.0 types/input.js containerServiceNetworkProfileArgsProvideDefaults (podCidr 10.244.0.0/16, serviceCidr 10.0.0.0/16)",
    aksUpdate:
        "https://learn.microsoft.com/azure/aks/upgrade-aks-ipam-and-dataplane (moving an existing cluster to overlay or Cilium reimages every node); https://www.pulumi.com/docs/iac/concepts/options/ignorechanges/",
};

const EKS = { kubernetesVersion: "1.33", subnetIds: ["subnet-a", "subnet-b"] };
const GKE = { kubernetesVersion: "1.33", location: "europe-west1-b", project: "proj" };
const AKS = { resourceGroupName: "rg", kubernetesVersion: "1.33" };

const addons = (r: MockRecorder) => r.resources.filter((x) => x.type === "aws:eks/addon:Addon");
const gke = (r: MockRecorder) => r.one("gcp:container/cluster:Cluster");
const aks = (r: MockRecorder) => r.one("azure-native:containerservice:ManagedCluster");

/**
 * The error a component constructor throws for `field`: cvmkit's config error as the engine's
 * `InputPropertyError` with that property path, raised before anything is registered.
 */
function refusal(build: () => unknown, field: string): Error {
    const before = rec.resources.length;
    try {
        build();
    } catch (err) {
        assert.ok(err instanceof pulumi.InputPropertyError, String(err));
        assert.equal(err.propertyPath, field);
        assert.equal(rec.resources.length, before, "nothing registered");
        return new Error(err.reason);
    }
    assert.fail(`${field}: accepted`);
}
const named = (r: MockRecorder, type: string, name: string) => r.one(type, name);

let clusterName = "";

const CONTRACT: ContractRow[] = [
    {
        edge: "EKS default args",
        rule: 'the vpc-cni add-on is managed with enableNetworkPolicy "true" (a string, as the chart\'s --enable-network-policy flag takes it)',
        source: `${SOURCES.eksPolicy}; ${SOURCES.eksChart}`,
        build: async () => {
            clusterName = await valueOf(new aws.Cluster("eks", EKS).clusterName);
        },
        check: (r) => {
            const [addon, ...more] = addons(r);
            assert.ok(addon, "no aws.eks.Addon");
            assert.equal(more.length, 0);
            assert.equal(addon.inputs["addonName"], "vpc-cni");
            assert.ok(clusterName, "the cluster's name");
            assert.equal(addon.inputs["clusterName"], clusterName);
            assert.deepEqual(JSON.parse(String(addon.inputs["configurationValues"])), {
                enableNetworkPolicy: "true",
            });
            assert.equal(addon.inputs["addonVersion"], undefined, "EKS's default version");
        },
    },
    {
        edge: "EKS new cluster",
        rule: "the add-on adopts the VPC CNI EKS installed (OVERWRITE) and is kept when the resource is deleted (preserve), after the cluster exists",
        source: SOURCES.eksAdopt,
        build: () => new aws.Cluster("eks", { ...EKS, tags: { team: "cvm" } }),
        check: (r) => {
            const addon = addons(r)[0]!;
            assert.equal(addon.inputs["resolveConflictsOnCreate"], "OVERWRITE");
            assert.equal(addon.inputs["preserve"], true);
            assert.deepEqual(addon.inputs["tags"], { team: "cvm" });
            const cluster = r.one("aws:eks/cluster:Cluster");
            assert.ok(
                addon.dependencies.includes(r.urnOf(cluster)),
                `${addon.dependencies.join(", ")} lacks the cluster`,
            );
        },
    },
    {
        edge: "EKS IPv6",
        rule: "IPv6 clusters need no extra agent values: the managed add-on turns the agent's IPv6 on",
        source: SOURCES.eksIpv6,
        build: () => new aws.Cluster("eks", { ...EKS, ipFamily: "ipv6" }),
        check: (r) => {
            assert.deepEqual(JSON.parse(String(addons(r)[0]!.inputs["configurationValues"])), {
                enableNetworkPolicy: "true",
            });
        },
    },
    {
        edge: "EKS upgrade of an existing stack",
        rule: "enforcement adds a resource beside the cluster: the eks.Cluster inputs are the same with and without it, so an existing cluster is updated in place, never replaced",
        source: SOURCES.eksPolicy,
        build: async () => {
            new aws.Cluster("on", EKS);
            new aws.Cluster("off", { ...EKS, enforceNetworkPolicy: false });
        },
        check: (r) => {
            const inputs = (name: string) => {
                const all = { ...named(r, "aws:eks/cluster:Cluster", name).inputs };
                delete all["roleArn"]; // each cluster's own role
                return all;
            };
            assert.deepEqual(inputs("on"), inputs("off"));
            assert.deepEqual(
                addons(r).map((a) => a.name),
                ["on-vpc-cni"],
            );
        },
    },
    {
        edge: "EKS below 1.25",
        rule: "the VPC CNI enforces only on Kubernetes 1.25+: refused before anything is registered, unless enforcement is turned off",
        source: SOURCES.eksVersion,
        build: () => {
            const err = refusal(
                () => new aws.Cluster("old", { ...EKS, kubernetesVersion: "1.24" }),
                "enforceNetworkPolicy",
            );
            assert.match(
                err.message,
                /enforceNetworkPolicy: the VPC CNI enforces NetworkPolicies only on Kubernetes 1\.25\+ \(VPC CNI 1\.14\+\), this cluster is 1\.24 \(got true\)\. Fix: use kubernetesVersion 1\.25 or newer, or pass enforceNetworkPolicy: false/,
            );
            new aws.Cluster("old", {
                ...EKS,
                kubernetesVersion: "1.24",
                enforceNetworkPolicy: false,
            });
        },
        check: (r) => {
            assert.equal(addons(r).length, 0);
            r.one("aws:eks/cluster:Cluster");
        },
    },
    {
        edge: "EKS existing cluster",
        rule: "a looked-up cluster is not changed (no add-on); enforcement there is a create-time setting and refused",
        source: SOURCES.eksPolicy,
        build: () => {
            new aws.Cluster("prod", { existing: { name: "prod-eks" } });
            refusal(
                () =>
                    new aws.Cluster("x", {
                        existing: { name: "prod-eks" },
                        enforceNetworkPolicy: true,
                    }),
                "enforceNetworkPolicy",
            );
        },
        check: (r) => assert.equal(addons(r).length, 0),
    },
    {
        edge: "GKE default args",
        rule: "Dataplane V2 (datapathProvider ADVANCED_DATAPATH) enforces NetworkPolicies; no Calico network policy or its add-on beside it; VPC-native (no ROUTES)",
        source: SOURCES.gkeDpv2,
        build: () => new gcp.Cluster("gke", GKE),
        check: (r) => {
            const c = gke(r).inputs;
            assert.equal(c["datapathProvider"], "ADVANCED_DATAPATH");
            assert.equal(c["networkPolicy"], undefined);
            assert.equal(
                (c["addonsConfig"] as { networkPolicyConfig?: unknown } | undefined)
                    ?.networkPolicyConfig,
                undefined,
            );
            assert.notEqual(c["networkingMode"], "ROUTES");
        },
    },
    {
        edge: "GKE upgrade of an existing stack",
        rule: "datapathProvider is ForceNew: it is ignored on updates, so a cluster created without Dataplane V2 is never replaced for it",
        source: SOURCES.gkeForceNew,
        build: () => {
            new gcp.Cluster("on", GKE);
            new gcp.Cluster("off", { ...GKE, enforceNetworkPolicy: false });
        },
        check: (r) => {
            const on = named(r, "gcp:container/cluster:Cluster", "on");
            const off = named(r, "gcp:container/cluster:Cluster", "off");
            for (const c of [on!, off!]) {
                assert.ok(c.ignoreChanges.includes("datapathProvider"), c.name);
            }
            assert.equal(off!.inputs["datapathProvider"], undefined, "GKE's default datapath");
        },
    },
    {
        edge: "GKE existing cluster",
        rule: "Dataplane V2 cannot be turned on for an existing cluster: enforceNetworkPolicy with existing is refused",
        source: SOURCES.gkeForceNew,
        build: () =>
            refusal(
                () =>
                    new gcp.Cluster("x", {
                        existing: { name: "std", location: "us-central1" },
                        enforceNetworkPolicy: true,
                    }),
                "enforceNetworkPolicy",
            ),
        check: (r) => assert.equal(r.resources.length, 0),
    },
    {
        edge: "AKS default args",
        rule: "Azure CNI Overlay with the Cilium dataplane and Cilium network policy (networkPolicy cilium requires networkDataplane cilium and Azure CNI); every pool Linux",
        source: SOURCES.aksCilium,
        build: () => new azure.Cluster("aks", AKS),
        check: (r) => {
            const c = aks(r).inputs;
            const np = c["networkProfile"] as Record<string, unknown>;
            assert.equal(np["networkPolicy"], "cilium");
            assert.equal(np["networkDataplane"], "cilium");
            assert.equal(np["networkPlugin"], "azure");
            assert.equal(np["networkPluginMode"], "overlay");
            const pools = c["agentPoolProfiles"] as { osType?: string }[];
            assert.ok(pools.length > 0 && pools.every((p) => p.osType === "Linux"));
        },
    },
    {
        edge: "AKS overlay address space",
        rule: "the overlay pod CIDR the provider fills in does not overlap the service CIDR",
        source: SOURCES.aksOverlay,
        build: () => new azure.Cluster("aks", AKS),
        check: (r) => {
            const np = aks(r).inputs["networkProfile"] as Record<string, string>;
            const pod = np["podCidr"]!;
            const svc = np["serviceCidr"]!;
            assert.ok(pod && svc, JSON.stringify(np));
            assert.ok(!cidrContains(pod, svc.split("/")[0]!), `${svc} in ${pod}`);
            assert.ok(!cidrContains(svc, pod.split("/")[0]!), `${pod} in ${svc}`);
            assert.ok(cidrContains(svc, np["dnsServiceIP"]!), "DNS service IP in the service CIDR");
        },
    },
    {
        edge: "AKS upgrade of an existing stack",
        rule: "the network profile is ignored on updates: a cluster created without it keeps its network (no reimage, no replacement)",
        source: SOURCES.aksUpdate,
        build: () => {
            new azure.Cluster("on", AKS);
            new azure.Cluster("off", { ...AKS, enforceNetworkPolicy: false });
        },
        check: (r) => {
            const on = named(r, "azure-native:containerservice:ManagedCluster", "on");
            const off = named(r, "azure-native:containerservice:ManagedCluster", "off");
            for (const c of [on!, off!]) {
                assert.ok(c.ignoreChanges.includes("networkProfile"), c.name);
                assert.ok(c.ignoreChanges.includes("agentPoolProfiles"), c.name);
            }
            assert.equal(off!.inputs["networkProfile"], undefined, "AKS's default network");
        },
    },
    {
        edge: "AKS existing cluster",
        rule: "the network of an existing cluster is not cvmkit's to change: enforceNetworkPolicy with existing is refused",
        source: SOURCES.aksUpdate,
        build: () =>
            refusal(
                () =>
                    new azure.Cluster("x", {
                        resourceGroupName: "rg",
                        existing: { name: "aks" },
                        enforceNetworkPolicy: false,
                    }),
                "enforceNetworkPolicy",
            ),
        check: (r) => assert.equal(r.resources.length, 0),
    },
];

contractTable("NetworkPolicy enforcement of created clusters", CONTRACT, () => rec, settle);

describe("NetworkPolicy enforcement settings", () => {
    it("non-boolean enforceNetworkPolicy is refused on every cloud", () => {
        const bad = "yes" as unknown as boolean;
        refusal(
            () => new aws.Cluster("a", { ...EKS, enforceNetworkPolicy: bad }),
            "enforceNetworkPolicy",
        );
        refusal(
            () => new gcp.Cluster("g", { ...GKE, enforceNetworkPolicy: bad }),
            "enforceNetworkPolicy",
        );
        refusal(
            () => new azure.Cluster("z", { ...AKS, enforceNetworkPolicy: bad }),
            "enforceNetworkPolicy",
        );
    });

    it("the doctor's remedy per cloud names the setting the cloud shell sets", () => {
        assert.match(
            NETWORK_ENFORCEMENT.eks.created,
            /"vpc-cni".*\{"enableNetworkPolicy":"true"\}/,
        );
        assert.match(NETWORK_ENFORCEMENT.gke.created, /datapathProvider "ADVANCED_DATAPATH"/);
        assert.match(NETWORK_ENFORCEMENT.aks.created, /"networkPolicy":"cilium"/);
        assert.equal(NETWORK_ENFORCEMENT.eks.createTimeOnly, false);
        assert.equal(NETWORK_ENFORCEMENT.gke.createTimeOnly, true);
        assert.equal(NETWORK_ENFORCEMENT.aks.createTimeOnly, true);
    });
});
