/**
 * Invalid configurations, each with the field the error must name and the text of the rejected value
 * the message must show. Shared by the pure renderer tests and the CvmCluster tests (which also check
 * that nothing was registered).
 */
import type { CvmConfig } from "../../lib/manifests/config";

export interface BadConfig {
    readonly title: string;
    /** The config; typed loosely because it is wrong on purpose. */
    readonly config: Record<string, unknown>;
    /** `CvmkitConfigError.field`, the dotted path of the offending input. */
    readonly field: string;
    /** Text the message must contain: the rejected value as cvmkit prints it. */
    readonly shows: string;
    /**
     * The error does not depend on the Kubernetes version, so CvmCluster must reject it before
     * registering anything even when kubernetesVersion is left to discovery.
     */
    readonly versionIndependent?: boolean;
}

const V = { kubernetesVersion: "1.33" };

export const BAD_CONFIGS: readonly BadConfig[] = [
    {
        title: "an alias instead of a version",
        config: { kubernetesVersion: "latest" },
        field: "kubernetesVersion",
        shows: '"latest"',
    },
    {
        title: "an empty version",
        config: { kubernetesVersion: "" },
        field: "kubernetesVersion",
        shows: '""',
    },
    {
        title: "a version below the 1.18 floor",
        config: { kubernetesVersion: "v1.17.17" },
        field: "kubernetesVersion",
        shows: '"v1.17.17"',
    },
    {
        title: "the Sysbox runtime on a minor no installer accepts",
        config: { kubernetesVersion: "1.25", sysboxRuntime: { enabled: true } },
        field: "kubernetesVersion",
        shows: '"1.25"',
    },
    {
        title: "an upper-case namespace",
        config: { ...V, namespace: "CVM_Workspaces" },
        field: "namespace",
        shows: '"CVM_Workspaces"',
        versionIndependent: true,
    },
    {
        title: "a system namespace",
        config: { ...V, namespace: "kube-system" },
        field: "namespace",
        shows: '"kube-system"',
        versionIndependent: true,
    },
    {
        title: "a namespace longer than 63 characters",
        config: { ...V, namespace: "c".repeat(64) },
        field: "namespace",
        shows: `"${"c".repeat(64)}"`,
        versionIndependent: true,
    },
    {
        title: "a misspelt top-level setting",
        config: { ...V, namepsace: "cvms" },
        field: "namepsace",
        shows: '"cvms"',
        versionIndependent: true,
    },
    {
        title: "an upper-case supervisor image",
        config: { ...V, supervisor: { image: "GHCR.io/Coder/Envbox:latest" } },
        field: "supervisor.image",
        shows: '"GHCR.io/Coder/Envbox:latest"',
        versionIndependent: true,
    },
    {
        title: "an unknown caching mode",
        config: { ...V, supervisor: { caching: "cache" } },
        field: "supervisor.caching",
        shows: '"cache"',
        versionIndependent: true,
    },
    {
        title: "an empty supervisor command",
        config: { ...V, supervisor: { command: [] } },
        field: "supervisor.command",
        shows: "[]",
        versionIndependent: true,
    },
    {
        title: "a CPU request that is not a quantity",
        config: { ...V, supervisor: { requests: { cpu: "two" } } },
        field: "supervisor.requests.cpu",
        shows: '"two"',
        versionIndependent: true,
    },
    {
        title: "a memory limit with a space",
        config: { ...V, supervisor: { limits: { memory: "8 GB" } } },
        field: "supervisor.limits.memory",
        shows: '"8 GB"',
        versionIndependent: true,
    },
    {
        title: "prePull as a string",
        config: { ...V, supervisor: { prePull: "yes" } },
        field: "supervisor.prePull",
        shows: '"yes"',
        versionIndependent: true,
    },
    {
        title: "a bad entry in the image allow-list",
        config: {
            ...V,
            supervisor: { allowedImages: ["ghcr.io/coder/envbox:0.6.7", "not an image!"] },
        },
        field: "supervisor.allowedImages[1]",
        shows: '"not an image!"',
        versionIndependent: true,
    },
    {
        title: "an unknown supervisor setting",
        config: { ...V, supervisor: { privileged: false } },
        field: "supervisor.privileged",
        shows: "false",
        versionIndependent: true,
    },
    {
        title: "sysboxRuntime.enabled as a string",
        config: { ...V, sysboxRuntime: { enabled: "true" } },
        field: "sysboxRuntime.enabled",
        shows: '"true"',
        versionIndependent: true,
    },
    {
        title: "an unknown installer tag",
        config: { ...V, sysboxRuntime: { enabled: true, installerTag: "v0.5.0" } },
        field: "sysboxRuntime.installerTag",
        shows: '"v0.5.0"',
        versionIndependent: true,
    },
    {
        title: "an unknown user-namespace mode",
        config: { ...V, sysboxRuntime: { enabled: true, userNamespaces: "auto:size=65536" } },
        field: "sysboxRuntime.userNamespaces",
        shows: '"auto:size=65536"',
        versionIndependent: true,
    },
    {
        title: "an invalid installer namespace",
        config: { ...V, sysboxRuntime: { enabled: true, installerNamespace: "Kube_System" } },
        field: "sysboxRuntime.installerNamespace",
        shows: '"Kube_System"',
        versionIndependent: true,
    },
    {
        title: "sysbox-mgr flags that are not a string",
        config: { ...V, sysboxRuntime: { enabled: true, mgrConfig: 42 } },
        field: "sysboxRuntime.mgrConfig",
        shows: "42",
        versionIndependent: true,
    },
    {
        title: "an installer repository given as a URL",
        config: {
            ...V,
            sysboxRuntime: { enabled: true, installerRepository: "https://registry.example.com/x" },
        },
        field: "sysboxRuntime.installerRepository",
        shows: '"https://registry.example.com/x"',
        versionIndependent: true,
    },
    {
        title: "an empty Gatekeeper constraint list",
        config: { ...V, policyEngines: { gatekeeper: { constraints: [] } } },
        field: "policyEngines.gatekeeper.constraints",
        shows: "[]",
        versionIndependent: true,
    },
    {
        title: "a lower-case Gatekeeper constraint kind",
        config: {
            ...V,
            policyEngines: { gatekeeper: { constraints: [{ kind: "k8sPSP", name: "x" }] } },
        },
        field: "policyEngines.gatekeeper.constraints[0].kind",
        shows: '"k8sPSP"',
        versionIndependent: true,
    },
    {
        title: "an unsupported Kyverno apiVersion",
        config: { ...V, policyEngines: { kyverno: { apiVersion: "kyverno.io/v1" } } },
        field: "policyEngines.kyverno.apiVersion",
        shows: '"kyverno.io/v1"',
        versionIndependent: true,
    },
    {
        title: "a Kyverno policy without rules",
        config: {
            ...V,
            policyEngines: { kyverno: { policies: [{ policyName: "p", ruleNames: [] }] } },
        },
        field: "policyEngines.kyverno.policies[0].ruleNames",
        shows: "[]",
        versionIndependent: true,
    },
    {
        title: "an unknown policy engine",
        config: { ...V, policyEngines: { istio: true } },
        field: "policyEngines.istio",
        shows: "true",
        versionIndependent: true,
    },
    {
        title: "a node-selector key with a space",
        config: { ...V, nodeSelector: { "cvm node": "true" } },
        field: "nodeSelector.cvm node",
        shows: '"cvm node"',
        versionIndependent: true,
    },
    {
        title: "a boolean node-selector value",
        config: { ...V, nodeSelector: { "cvmkit.dev/cvm": true } },
        field: "nodeSelector.cvmkit.dev/cvm",
        shows: "true",
        versionIndependent: true,
    },
    {
        title: "a label key with two slashes",
        config: { ...V, labels: { "example.com/team/name": "x" } },
        field: "labels.example.com/team/name",
        shows: '"example.com/team/name"',
        versionIndependent: true,
    },
    {
        title: "tolerations that are not a list",
        config: { ...V, tolerations: { key: "cvm" } },
        field: "tolerations",
        shows: '{"key":"cvm"}',
        versionIndependent: true,
    },
    {
        title: "a toleration operator that does not exist",
        config: { ...V, tolerations: [{ key: "cvm", operator: "In", value: "x" }] },
        field: "tolerations[0].operator",
        shows: '"In"',
        versionIndependent: true,
    },
    {
        title: "a misspelt taint effect",
        config: { ...V, tolerations: [{ key: "cvm", operator: "Exists", effect: "NoExec" }] },
        field: "tolerations[0].effect",
        shows: '"NoExec"',
        versionIndependent: true,
    },
    {
        title: "a value with operator Exists",
        config: { ...V, tolerations: [{ key: "cvm", operator: "Exists", value: "yes" }] },
        field: "tolerations[0].value",
        shows: '"yes"',
        versionIndependent: true,
    },
    {
        title: "Deny together with Warn",
        config: { ...V, admissionPolicyActions: ["Deny", "Warn"] },
        field: "admissionPolicyActions",
        shows: '["Deny","Warn"]',
        versionIndependent: true,
    },
    {
        title: "an unknown admission action",
        config: { ...V, admissionPolicyActions: ["Block"] },
        field: "admissionPolicyActions",
        shows: '["Block"]',
        versionIndependent: true,
    },
    {
        title: "the Sysbox installer in the CVM namespace",
        config: { ...V, sysboxRuntime: { enabled: true, installerNamespace: "cvm-workspaces" } },
        field: "sysboxRuntime.installerNamespace",
        shows: '"cvm-workspaces"',
        versionIndependent: true,
    },
    {
        title: "supervisor CPU request above its limit",
        config: { ...V, supervisor: { requests: { cpu: "2" }, limits: { cpu: "1500m" } } },
        field: "supervisor.requests.cpu",
        shows: '"2"',
        versionIndependent: true,
    },
    {
        title: "supervisor memory request above the default limit",
        config: { ...V, supervisor: { requests: { memory: "16Gi" } } },
        field: "supervisor.requests.memory",
        shows: '"16Gi"',
        versionIndependent: true,
    },
    {
        title: "a negative quantity",
        config: { ...V, supervisor: { limits: { cpu: "-1" } } },
        field: "supervisor.limits.cpu",
        shows: '"-1"',
        versionIndependent: true,
    },
    {
        title: "a malformed quantity",
        config: { ...V, supervisor: { requests: { memory: "1.2.3Gi" } } },
        field: "supervisor.requests.memory",
        shows: '"1.2.3Gi"',
        versionIndependent: true,
    },
    {
        title: "tolerationSeconds without NoExecute",
        config: {
            ...V,
            tolerations: [
                { key: "cvm", operator: "Exists", effect: "NoSchedule", tolerationSeconds: 60 },
            ],
        },
        field: "tolerations[0].tolerationSeconds",
        shows: "60",
        versionIndependent: true,
    },
    {
        title: "a fractional tolerationSeconds",
        config: {
            ...V,
            tolerations: [
                { key: "cvm", operator: "Exists", effect: "NoExecute", tolerationSeconds: 1.5 },
            ],
        },
        field: "tolerations[0].tolerationSeconds",
        shows: "1.5",
        versionIndependent: true,
    },
    {
        title: "a namespace with the reserved kube- prefix",
        config: { ...V, namespace: "kube-cvm" },
        field: "namespace",
        shows: '"kube-cvm"',
        versionIndependent: true,
    },
    {
        title: "the CVM namespace allow-listed for ingress to itself",
        config: { ...V, networkPolicy: { ingressFromNamespaces: ["coder", "cvm-workspaces"] } },
        field: "networkPolicy.ingressFromNamespaces[1]",
        shows: '"cvm-workspaces"',
        versionIndependent: true,
    },
    {
        title: "a CIDR without prefix length in networkPolicy.denyEgressTo",
        config: { ...V, networkPolicy: { denyEgressTo: ["10.0.0.1"] } },
        field: "networkPolicy.denyEgressTo[0]",
        shows: '"10.0.0.1"',
        versionIndependent: true,
    },
    {
        title: "networkPolicy.enabled not a boolean",
        config: { ...V, networkPolicy: { enabled: "no" } },
        field: "networkPolicy.enabled",
        shows: '"no"',
        versionIndependent: true,
    },
    {
        title: "supervisor.pinCommand not a boolean",
        config: { ...V, supervisor: { pinCommand: "false" } },
        field: "supervisor.pinCommand",
        shows: '"false"',
        versionIndependent: true,
    },
    {
        title: "supervisor.writableKernelPaths not a boolean",
        config: { ...V, supervisor: { writableKernelPaths: "yes" } },
        field: "supervisor.writableKernelPaths",
        shows: '"yes"',
        versionIndependent: true,
    },
];

/** The bad config as the renderer's input type. */
export const asConfig = (b: BadConfig): CvmConfig => b.config as unknown as CvmConfig;
