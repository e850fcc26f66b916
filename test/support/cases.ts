/**
 * The manifest cases shared by the manifests, schema and CvmCluster tests: Kubernetes 1.18, 1.24, 1.25,
 * 1.29, 1.30 and 1.35, each without and with the Sysbox runtime. The runtime is valid only inside an
 * installer's range: where the default installer (v0.7.1-0, 1.32–1.35) rejects the version a pinned tag
 * that accepts it is used; where no tag accepts it the case expects the error instead.
 */
import type { CvmConfig } from "../../lib/manifests/config";

export interface ManifestCase {
    /** Test title, e.g. `1.30 + sysbox (v0.6.7-0)`. */
    readonly title: string;
    readonly version: string;
    readonly sysbox: boolean;
    /** The pinned installer tag, when the default one does not accept the version. */
    readonly installerTag?: string;
    /** For runtime cases no installer accepts: the error expected. */
    readonly error?: RegExp;
    /** `apiVersion Kind namespace/name` of every object, in render order (policy engines off). */
    readonly objects?: readonly string[];
}

const NS = "cvm-workspaces";
const BASE = [`v1 Namespace -/${NS}`, `v1 ServiceAccount ${NS}/cvm-supervisor`];
const PSP = [
    "policy/v1beta1 PodSecurityPolicy -/cvmkit-privileged",
    "rbac.authorization.k8s.io/v1 ClusterRole -/cvmkit:psp:cvmkit-privileged",
    `rbac.authorization.k8s.io/v1 RoleBinding ${NS}/cvmkit:psp:cvm-supervisor`,
];
const VAP = [
    `admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy -/cvmkit-${NS}-privileged-allowlist`,
    `admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBinding -/cvmkit-${NS}-privileged-allowlist`,
];
const INSTALLER = [
    "v1 ServiceAccount kube-system/sysbox-label-node",
    "rbac.authorization.k8s.io/v1 ClusterRole -/sysbox-node-labeler",
    "rbac.authorization.k8s.io/v1 ClusterRoleBinding -/sysbox-label-node-rb",
    "v1 ConfigMap kube-system/sysbox-operational-attributes",
    "apps/v1 DaemonSet kube-system/sysbox-deploy-k8s",
    "node.k8s.io/v1 RuntimeClass -/sysbox-runc",
];
const PREPULL = [`apps/v1 DaemonSet ${NS}/cvm-image-prepull`];
const NETPOL = [
    `networking.k8s.io/v1 NetworkPolicy ${NS}/cvmkit-ingress`,
    `networking.k8s.io/v1 NetworkPolicy ${NS}/cvmkit-egress`,
];

/** The error when no installer accepts the minor (names the default range and the supervisor mode). */
const noInstaller = (minor: string): RegExp =>
    new RegExp(
        `^kubernetesVersion: the Sysbox runtime installer v0\\.7\\.1-0 supports Kubernetes 1\\.32–1\\.35 only, not ${minor.replace(".", "\\.")} .*Fix: move the cluster to Kubernetes 1\\.32–1\\.35, or turn the Sysbox runtime off \\(sysboxRuntime\\.enabled=false\\) and use the supervisor mode`,
    );

export const MANIFEST_CASES: readonly ManifestCase[] = [
    {
        title: "1.18",
        version: "1.18",
        sysbox: false,
        objects: [...BASE, ...PSP, ...NETPOL, ...PREPULL],
    },
    { title: "1.18 + sysbox", version: "1.18", sysbox: true, error: noInstaller("1.18") },
    {
        title: "1.24",
        version: "1.24",
        sysbox: false,
        objects: [...BASE, ...PSP, ...NETPOL, ...PREPULL],
    },
    { title: "1.24 + sysbox", version: "1.24", sysbox: true, error: noInstaller("1.24") },
    { title: "1.25", version: "1.25", sysbox: false, objects: [...BASE, ...NETPOL, ...PREPULL] },
    { title: "1.25 + sysbox", version: "1.25", sysbox: true, error: noInstaller("1.25") },
    { title: "1.29", version: "1.29", sysbox: false, objects: [...BASE, ...NETPOL, ...PREPULL] },
    {
        title: "1.29 + sysbox (v0.6.7-0)",
        version: "1.29",
        sysbox: true,
        installerTag: "v0.6.7-0",
        objects: [...BASE, ...NETPOL, ...INSTALLER, ...PREPULL],
    },
    {
        title: "1.30",
        version: "1.30",
        sysbox: false,
        objects: [...BASE, ...VAP, ...NETPOL, ...PREPULL],
    },
    {
        title: "1.30 + sysbox (v0.6.7-0)",
        version: "1.30",
        sysbox: true,
        installerTag: "v0.6.7-0",
        objects: [...BASE, ...VAP, ...NETPOL, ...INSTALLER, ...PREPULL],
    },
    {
        title: "1.35",
        version: "1.35",
        sysbox: false,
        objects: [...BASE, ...VAP, ...NETPOL, ...PREPULL],
    },
    {
        title: "1.35 + sysbox",
        version: "1.35",
        sysbox: true,
        objects: [...BASE, ...VAP, ...NETPOL, ...INSTALLER, ...PREPULL],
    },
];

/** Cases that render (no expected error). */
export const RENDERED_CASES = MANIFEST_CASES.filter((c) => c.error === undefined);

/** The config of a case; `extra` is merged on top. */
export function caseConfig(c: ManifestCase, extra: Partial<CvmConfig> = {}): CvmConfig {
    return {
        kubernetesVersion: c.version,
        ...(c.sysbox
            ? {
                  sysboxRuntime: {
                      enabled: true,
                      ...(c.installerTag ? { installerTag: c.installerTag } : {}),
                  },
              }
            : {}),
        ...extra,
    };
}

/** A config with every optional part on: both policy engines, tolerations, node selector, labels. */
export const RICH: Partial<CvmConfig> = {
    policyEngines: { gatekeeper: true, kyverno: true },
    nodeSelector: { "cvmkit.dev/cvm": "true" },
    tolerations: [{ key: "cvmkit.dev/cvm", operator: "Exists", effect: "NoSchedule" }],
    labels: { team: "platform" },
};

/** `apiVersion Kind namespace/name` of an object. */
export function describeObject(o: {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string };
}): string {
    return `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? "-"}/${o.metadata.name}`;
}
