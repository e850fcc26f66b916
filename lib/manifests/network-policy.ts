import type { NetworkPolicy, NetworkPolicyPeer } from "kubernetes-types/networking/v1";
import { METADATA_ENDPOINTS } from "../compat/pod-security";
import { componentLabels, KubernetesObject } from "./objects";
import type { ResolvedConfig } from "./resolve";

/**
 * The NetworkPolicies of the CVM namespace: ingress only from the namespace itself and the listed namespaces,
 * no egress to the instance-metadata endpoints and the denied CIDRs.
 */

/** Names of the CVM namespace's NetworkPolicies. */
export const NETWORK_POLICY_NAMES = {
    ingress: "cvmkit-ingress",
    egress: "cvmkit-egress",
} as const;

/** Azure's WireServer also answers DNS for VMs (and pods with `dnsPolicy: Default`); only port 53 stays open. */
export const AZURE_WIRESERVER = "168.63.129.16/32";

/** The CIDRs workspace pods must not reach, per IP family: the metadata endpoints plus `denyEgressTo`. */
export function deniedEgress(config: ResolvedConfig): { v4: string[]; v6: string[] } {
    const all = [
        ...METADATA_ENDPOINTS.map((m) => m.cidr),
        ...(config.networkPolicy?.denyEgressTo ?? []).map((d) => d.cidr),
    ];
    const unique = [...new Set(all)];
    return {
        v4: unique.filter((c) => !c.includes(":")),
        v6: unique.filter((c) => c.includes(":")),
    };
}

/**
 * The CVM namespace's NetworkPolicies (when `networkPolicy.enabled`, the default): ingress to every pod
 * only from pods of the namespace and of `networkPolicy.ingressFromNamespaces`; egress to every pod in
 * the cluster and to any address except the instance-metadata endpoints and `networkPolicy.denyEgressTo`
 * (Azure's WireServer only for DNS on port 53).
 */
export function networkPolicies(config: ResolvedConfig): KubernetesObject[] {
    const np = config.networkPolicy;
    if (!np) return [];
    const labels = componentLabels(config, "network-policy");
    const from: NetworkPolicyPeer[] = [{ podSelector: {} }];
    if (np.ingressFromNamespaces.length > 0) {
        from.push({
            namespaceSelector: {
                matchExpressions: [
                    {
                        key: "kubernetes.io/metadata.name",
                        operator: "In",
                        values: [...np.ingressFromNamespaces],
                    },
                ],
            },
        });
    }
    const ingress: KubernetesObject & NetworkPolicy = {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: NETWORK_POLICY_NAMES.ingress, namespace: config.namespace, labels },
        spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from }] },
    };
    const deny = deniedEgress(config);
    const egress: KubernetesObject & NetworkPolicy = {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: NETWORK_POLICY_NAMES.egress, namespace: config.namespace, labels },
        spec: {
            podSelector: {},
            policyTypes: ["Egress"],
            egress: [
                { to: [{ namespaceSelector: {} }] },
                {
                    to: [
                        { ipBlock: { cidr: "0.0.0.0/0", except: deny.v4 } },
                        { ipBlock: { cidr: "::/0", except: deny.v6 } },
                    ],
                },
                {
                    to: [{ ipBlock: { cidr: AZURE_WIRESERVER } }],
                    ports: [
                        { protocol: "UDP", port: 53 },
                        { protocol: "TCP", port: 53 },
                    ],
                },
            ],
        },
    };
    return [ingress, egress];
}
