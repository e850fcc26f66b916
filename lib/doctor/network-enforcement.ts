import type { Container } from "kubernetes-types/core/v1";
import type { DaemonSet } from "kubernetes-types/apps/v1";
import type { Node } from "kubernetes-types/core/v1";
import { EnforcementCloud, NETWORK_ENFORCEMENT } from "../compat";
import type { KubeClient } from "../client/client";
import { DoctorFinding, readFailure } from "./findings";
import { managedCloudOf } from "./node-checks";

/**
 * `network.policies`, cluster side: whether something enforces NetworkPolicies at all. Read-only: the
 * DaemonSets of the cluster (and Cilium's ConfigMap) tell which implementation runs and with which
 * settings; the NetworkPolicy objects themselves are checked per namespace in `security-checks.ts`.
 */

/** What the doctor concludes about one implementation it found. */
export type EnforcementVerdict = "enforcing" | "not-enforcing" | "unknown";

/** What the doctor can read beside a DaemonSet. */
export interface EnforcementContext {
    /** `data` of the `cilium-config` ConfigMap in the DaemonSet's namespace, when it could be read. */
    readonly ciliumConfig?: Readonly<Record<string, string>>;
}

/** One NetworkPolicy implementation (or CNI) the doctor recognises by its DaemonSet. */
export interface PolicyImplementation {
    /** Its name in findings. */
    readonly name: string;
    /** The upstream file or page its DaemonSet shape and behaviour come from. */
    readonly source: string;
    /** True when `ds` is this implementation's DaemonSet. */
    readonly matches: (ds: DaemonSet) => boolean;
    /** The verdict and what it is based on. */
    readonly judge: (
        ds: DaemonSet,
        ctx: EnforcementContext,
    ) => { verdict: EnforcementVerdict; detail: string };
    /** Whether it needs `cilium-config` read. @default false */
    readonly readsCiliumConfig?: boolean;
}

const containers = (ds: DaemonSet): Container[] => ds.spec?.template?.spec?.containers ?? [];
const container = (ds: DaemonSet, name: string): Container | undefined =>
    containers(ds).find((c) => c.name === name);
const hasContainer = (ds: DaemonSet, name: string) => container(ds, name) !== undefined;
const dsName = (ds: DaemonSet) => ds.metadata?.name ?? "";

/** The value of `--flag=value` (or `--flag value`) among a container's args and command. */
export function flagValue(c: Container | undefined, flag: string): string | undefined {
    const argv = [...(c?.command ?? []), ...(c?.args ?? [])];
    for (const [i, a] of argv.entries()) {
        if (a.startsWith(`${flag}=`)) return a.slice(flag.length + 1);
        if (a === flag) {
            const next = argv[i + 1];
            return next === undefined || next.startsWith("-") ? "true" : next;
        }
    }
    return undefined;
}

const always = (detail: string) => () => ({ verdict: "enforcing" as const, detail });

/** kindnetd images are tagged `vYYYYMMDD-<commit>`; kind bundled network policies from 2024-07-30. */
const KINDNET_POLICY_SINCE = 20240730;

/**
 * The implementations the doctor recognises, in the order it reports them. Flannel and kindnet are CNIs
 * that may run beside an enforcer (Canal is Flannel with Calico's policy agent); they count as "not
 * enforcing" only when nothing else enforces.
 */
export const POLICY_IMPLEMENTATIONS: readonly PolicyImplementation[] = [
    {
        name: "Amazon VPC CNI",
        source: "aws/amazon-vpc-cni-k8s charts/aws-vpc-cni/templates/daemonset.yaml (container aws-eks-nodeagent, --enable-network-policy={{ .Values.enableNetworkPolicy }}; VPC CNI 1.14+)",
        matches: (ds) => dsName(ds) === "aws-node" || hasContainer(ds, "aws-node"),
        judge: (ds) => {
            const agent = container(ds, "aws-eks-nodeagent");
            if (!agent) {
                return {
                    verdict: "not-enforcing",
                    detail: "no network policy agent container (aws-eks-nodeagent, VPC CNI 1.14+)",
                };
            }
            const on = flagValue(agent, "--enable-network-policy");
            return on === "true"
                ? { verdict: "enforcing", detail: "aws-eks-nodeagent --enable-network-policy=true" }
                : {
                      verdict: "not-enforcing",
                      detail: `aws-eks-nodeagent runs with --enable-network-policy=${on ?? "false (unset)"}`,
                  };
        },
    },
    {
        name: "GKE Dataplane V2",
        source: "https://cloud.google.com/kubernetes-engine/docs/how-to/dataplane-v2 (the anetd DaemonSet in kube-system; enforcement built in)",
        matches: (ds) => dsName(ds) === "anetd",
        judge: always("anetd"),
    },
    {
        name: "Cilium",
        source: "cilium/cilium install/kubernetes/cilium/templates/cilium-agent/daemonset.yaml (container cilium-agent); cilium-configmap.yaml (enable-policy: default | always | never)",
        matches: (ds) => dsName(ds) !== "anetd" && hasContainer(ds, "cilium-agent"),
        readsCiliumConfig: true,
        judge: (_ds, ctx) => {
            const mode = ctx.ciliumConfig?.["enable-policy"];
            if (mode === "never") {
                return { verdict: "not-enforcing", detail: "cilium-config enable-policy: never" };
            }
            return {
                verdict: "enforcing",
                detail:
                    mode !== undefined
                        ? `cilium-config enable-policy: ${mode}`
                        : ctx.ciliumConfig
                          ? "cilium-config enable-policy unset (default)"
                          : "cilium-config not readable; Cilium's default mode enforces",
            };
        },
    },
    {
        name: "Calico",
        source: "projectcalico/calico manifests/calico.yaml, manifests/calico-policy-only.yaml, manifests/canal.yaml (container calico-node: Felix enforces NetworkPolicy)",
        matches: (ds) => hasContainer(ds, "calico-node"),
        judge: (ds) =>
            hasContainer(ds, "kube-flannel")
                ? { verdict: "enforcing", detail: "Canal: Flannel with Calico's calico-node" }
                : { verdict: "enforcing", detail: "calico-node" },
    },
    {
        name: "Antrea",
        source: "antrea-io/antrea build/yamls/antrea.yml (DaemonSet antrea-agent; the agent always implements Kubernetes NetworkPolicy)",
        matches: (ds) => hasContainer(ds, "antrea-agent"),
        judge: always("antrea-agent"),
    },
    {
        name: "kube-router",
        source: "cloudnativelabs/kube-router daemonset/kubeadm-kuberouter.yaml (--run-firewall=true; the network policy controller, on by default)",
        matches: (ds) => hasContainer(ds, "kube-router"),
        judge: (ds) => {
            const firewall = flagValue(container(ds, "kube-router"), "--run-firewall");
            return firewall === "false"
                ? { verdict: "not-enforcing", detail: "kube-router --run-firewall=false" }
                : {
                      verdict: "enforcing",
                      detail: `kube-router --run-firewall=${firewall ?? "true (default)"}`,
                  };
        },
    },
    {
        name: "Weave Net",
        source: "weaveworks/weave prog/weave-kube/weave-daemonset-k8s-1.11.yaml (containers weave and weave-npc, the policy controller)",
        matches: (ds) => dsName(ds) === "weave-net" || hasContainer(ds, "weave"),
        judge: (ds) =>
            hasContainer(ds, "weave-npc")
                ? { verdict: "enforcing", detail: "weave-npc" }
                : { verdict: "not-enforcing", detail: "no weave-npc container" },
    },
    {
        name: "kube-network-policies",
        source: "kubernetes-sigs/kind pkg/build/nodeimage/const_network_policy.go (DaemonSet kube-network-policies from kubernetes-sigs/kube-network-policies)",
        matches: (ds) => hasContainer(ds, "kube-network-policies"),
        judge: always("kube-network-policies"),
    },
    {
        name: "Azure Network Policy Manager",
        source: "Azure/azure-container-networking npm/azure-npm.yaml (DaemonSet azure-npm)",
        matches: (ds) => hasContainer(ds, "azure-npm"),
        judge: always("azure-npm"),
    },
    {
        name: "Flannel",
        source: "flannel-io/flannel Documentation/kube-flannel.yml (container kube-flannel; README: Flannel does not implement network policy)",
        matches: (ds) => hasContainer(ds, "kube-flannel") && !hasContainer(ds, "calico-node"),
        judge: () => ({
            verdict: "not-enforcing",
            detail: "Flannel has no network policy engine",
        }),
    },
    {
        name: "kindnet",
        source: "kubernetes-sigs/kind pkg/build/nodeimage/const_cni.go (kindnetd without a policy engine); kubernetes-sigs/kind pull/3612 and pull/3698 (network policies from kind v0.24.0)",
        matches: (ds) => hasContainer(ds, "kindnet-cni"),
        judge: (ds) => {
            const image = container(ds, "kindnet-cni")?.image ?? "";
            const date = /:v(\d{8})-/.exec(image)?.[1];
            if (date !== undefined && Number(date) < KINDNET_POLICY_SINCE) {
                return {
                    verdict: "not-enforcing",
                    detail: `${image.replace(/^.*\//, "")} predates kind's network policies`,
                };
            }
            return {
                verdict: "unknown",
                detail: `${image.replace(/^.*\//, "") || "kindnetd"}: kind v0.24.0+ enforces with kube-network-policies, older kindnetd does not`,
            };
        },
    },
];

/** DaemonSets that tell which managed cloud a cluster runs on. */
const CLOUD_DAEMONSETS: readonly [EnforcementCloud, RegExp][] = [
    ["eks", /^aws-node$/],
    ["gke", /^(anetd|gke-metadata-server|fluentbit-gke|pdcsi-node)$/],
    ["aks", /^(cloud-node-manager|azure-cns|azure-ip-masq-agent|csi-azuredisk-node)$/],
];

const CLOUD_OF_PROVIDER = { aws: "eks", gcp: "gke", azure: "aks" } as const;

/** The managed cloud the DaemonSets (or the first node's `providerID`) show. */
export function cloudOf(
    daemonSets: readonly DaemonSet[],
    node: Node | undefined,
): EnforcementCloud | undefined {
    for (const [cloud, names] of CLOUD_DAEMONSETS) {
        if (daemonSets.some((ds) => names.test(dsName(ds)))) return cloud;
    }
    const provider = node ? managedCloudOf(node) : undefined;
    return provider ? CLOUD_OF_PROVIDER[provider] : undefined;
}

/** One implementation found, with its verdict. */
export interface FoundImplementation {
    readonly implementation: PolicyImplementation;
    readonly daemonSet: DaemonSet;
    readonly verdict: EnforcementVerdict;
    readonly detail: string;
}

/** Recognises the implementations among `daemonSets` (each DaemonSet counts once, for its first match). */
export function findImplementations(
    daemonSets: readonly DaemonSet[],
    ctx: (ds: DaemonSet) => EnforcementContext = () => ({}),
): FoundImplementation[] {
    const found: FoundImplementation[] = [];
    for (const ds of daemonSets) {
        const implementation = POLICY_IMPLEMENTATIONS.find((i) => i.matches(ds));
        if (implementation)
            found.push({ implementation, daemonSet: ds, ...implementation.judge(ds, ctx(ds)) });
    }
    return found;
}

/** The remedy naming the setting that turns enforcement on for `cloud`. */
export function enforcementRemedy(cloud: EnforcementCloud | undefined): string {
    if (!cloud) {
        return "run a CNI or add-on that enforces NetworkPolicies (Calico, Cilium, Antrea, kube-router, or kube-network-policies beside a CNI without policy)";
    }
    const s = NETWORK_ENFORCEMENT[cloud];
    return `turn on ${s.implementation}: ${s.existing}. Clusters cvmkit creates get ${s.created}`;
}

const subjectOf = (ds: DaemonSet) =>
    `daemonset/${ds.metadata?.namespace ?? ""}/${ds.metadata?.name ?? ""}`;

/** The findings for what {@link findImplementations} found. */
export function enforcementFindings(
    found: readonly FoundImplementation[],
    cloud: EnforcementCloud | undefined,
): DoctorFinding[] {
    const remedy = enforcementRemedy(cloud);
    const enforcers = found.filter((f) => f.verdict === "enforcing");
    if (found.length === 0) {
        return [
            {
                check: "network.policies",
                status: "warn",
                message: `no DaemonSet of a known NetworkPolicy implementation runs (known: ${POLICY_IMPLEMENTATIONS.map((i) => i.name).join(", ")}), so cvmkit's NetworkPolicies may be stored but not enforced`,
                remedy,
            },
        ];
    }
    const by = enforcers
        .map((e) => `${e.implementation.name} (${subjectOf(e.daemonSet)})`)
        .join(", ");
    return found.map((f): DoctorFinding => {
        const subject = subjectOf(f.daemonSet);
        const name = f.implementation.name;
        if (f.verdict === "enforcing") {
            return {
                check: "network.policies",
                status: "ok",
                subject,
                message: `${name} enforces NetworkPolicies (${f.detail})`,
            };
        }
        if (enforcers.length > 0) {
            return {
                check: "network.policies",
                status: "ok",
                subject,
                message: `${name} ${f.verdict === "unknown" ? "may not enforce" : "does not enforce"} NetworkPolicies (${f.detail}); they are enforced by ${by}`,
            };
        }
        return f.verdict === "unknown"
            ? {
                  check: "network.policies",
                  status: "warn",
                  subject,
                  message: `cannot tell whether ${name} enforces NetworkPolicies (${f.detail})`,
                  remedy,
              }
            : {
                  check: "network.policies",
                  status: "warn",
                  subject,
                  message: `${name} does not enforce NetworkPolicies (${f.detail}): cvmkit's NetworkPolicies are stored but nothing applies them`,
                  remedy,
              };
    });
}

/** A read whose failure (a dropped connection) only leaves out a detail. */
async function optional<T>(read: () => Promise<T>): Promise<T | undefined> {
    try {
        return await read();
    } catch {
        return undefined;
    }
}

/**
 * Whether an enforcing NetworkPolicy implementation runs: reads every DaemonSet, Cilium's ConfigMap where
 * Cilium runs, and (when no DaemonSet tells the cloud) one node's `providerID`. Read-only.
 */
export async function checkNetworkEnforcement(client: KubeClient): Promise<DoctorFinding[]> {
    const res = await client.get<{ items?: DaemonSet[] }>("/apis/apps/v1/daemonsets");
    const failure = readFailure("network.policies", res, {
        resource: "daemonsets.apps",
        what: "list daemonsets",
    });
    if (failure) return [failure];
    const daemonSets = res.body.items ?? [];
    const configs = new Map<string, Record<string, string> | undefined>();
    for (const ds of daemonSets) {
        const impl = POLICY_IMPLEMENTATIONS.find((i) => i.matches(ds));
        const ns = ds.metadata?.namespace ?? "";
        if (!impl?.readsCiliumConfig || configs.has(ns)) continue;
        const cm = await optional(() =>
            client.get<{ data?: Record<string, string> }>(
                `/api/v1/namespaces/${encodeURIComponent(ns)}/configmaps/cilium-config`,
            ),
        );
        configs.set(ns, cm?.status === 200 ? (cm.body.data ?? {}) : undefined);
    }
    const found = findImplementations(daemonSets, (ds) => {
        const data = configs.get(ds.metadata?.namespace ?? "");
        return data ? { ciliumConfig: data } : {};
    });
    let node: Node | undefined;
    if (cloudOf(daemonSets, undefined) === undefined) {
        const nodes = await optional(() => client.get<{ items?: Node[] }>("/api/v1/nodes?limit=1"));
        node = nodes?.status === 200 ? nodes.body.items?.[0] : undefined;
    }
    return enforcementFindings(found, cloudOf(daemonSets, node));
}
