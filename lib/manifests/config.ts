import type { Toleration } from "kubernetes-types/core/v1";

/**
 * The public configuration types of the Kubernetes side ({@link CvmConfig} and its sections), with the allowed
 * values of each enum as `as const` tuples. Their defaults live in defaults.ts.
 */

/**
 * Which host paths the supervisor mounts, after Coder's CVM caching modes.
 *
 * - `none`: `/usr/src` and `/lib/modules`, read-only (what Sysbox needs to expose kernel headers and modules).
 * - `cached`: also host `/var/run` (read-only) and `/var/lib` (read-write), so inner images are cached on the node.
 * - `cached-shiftfs`: as `cached`, with `/usr/src` and `/lib/modules` read-write so `shiftfs` can be built and loaded.
 *
 * @see https://coder.com/docs/v1/latest/admin/workspace-management/cvms
 */
export type CachingMode = (typeof CACHING_MODES)[number];
/** The {@link CachingMode}s. */
export const CACHING_MODES = ["none", "cached", "cached-shiftfs"] as const;

/** CPU and memory quantities, e.g. `{ cpu: "2", memory: "4Gi" }`. */
export interface ResourceQuantities {
    /** CPU quantity, e.g. `"2"`. */
    readonly cpu?: string;
    /** Memory quantity, e.g. `"4Gi"`. */
    readonly memory?: string;
}

/** Settings of the privileged CVM supervisor (an envbox-style container that runs Sysbox inside the pod). */
export interface SupervisorConfig {
    /**
     * The supervisor image. It is the only image allowed to run privileged or with host paths in
     * the CVM namespace (plus {@link allowedImages}). Pin a digest in production.
     * @default "ghcr.io/coder/envbox:0.6.7"
     */
    readonly image?: string;
    /**
     * Further images allowed to run privileged in the CVM namespace, e.g. a mirror of the supervisor.
     * @default []
     */
    readonly allowedImages?: readonly string[];
    /**
     * Host-path layout; see {@link CachingMode}.
     * @default "none"
     */
    readonly caching?: CachingMode;
    /**
     * The supervisor's command.
     * @default ["/envbox", "docker"]
     */
    readonly command?: readonly string[];
    /**
     * In the CVM namespace, a privileged container with an allow-listed image must run exactly
     * {@link command} with no `args`, so the allow-listed image cannot be turned into a root shell on the
     * node (`command: ["sh"]` in a privileged container is host root). Off, any command is admitted.
     * @default true
     */
    readonly pinCommand?: boolean;
    /**
     * Resource requests of the supervisor container.
     * @default { cpu: "1", memory: "2Gi" }
     */
    readonly requests?: ResourceQuantities;
    /**
     * Resource limits of the supervisor container; passed to the supervisor through the Downward API
     * (`CODER_CPUS`, `CODER_MEMORY`).
     * @default { cpu: "4", memory: "8Gi" }
     */
    readonly limits?: ResourceQuantities;
    /**
     * Deploy an unprivileged DaemonSet that pulls the supervisor image onto every CVM node, so the first
     * workspace does not wait for a large pull.
     * @default true
     */
    readonly prePull?: boolean;
}

/**
 * How Sysbox workspace pods get a user namespace.
 *
 * - `auto`: hostUsers on 1.33+, the CRI-O annotation below.
 * - `hostUsers`: spec.hostUsers: false.
 * - `crio-annotation`: io.kubernetes.cri-o.userns-mode: auto:size=65536.
 */
export type UserNamespaceMode = (typeof USER_NAMESPACE_MODES)[number];
/** The {@link UserNamespaceMode}s. */
export const USER_NAMESPACE_MODES = ["auto", "hostUsers", "crio-annotation"] as const;

/** Settings of the node-level Sysbox runtime (the `sysbox-deploy-k8s` installer and `sysbox-runc` RuntimeClass). */
export interface SysboxRuntimeConfig {
    /**
     * Install Sysbox on the CVM nodes and create the `sysbox-runc` RuntimeClass. Off, CVMs run in supervisor
     * mode, which needs no node install.
     * @default false
     */
    readonly enabled?: boolean;
    /**
     * Installer image tag; its Kubernetes range is enforced. Leave it out so the tag follows the cluster's minor
     * through upgrades.
     * @default the newest release that supports the cluster's minor (`v0.7.1-0` for 1.32–1.35, `v0.6.7-0` for
     * 1.29–1.31, …; see `SYSBOX_INSTALLER_RELEASES`)
     */
    readonly installerTag?: string;
    /**
     * Installer image repository (set it to a mirror in ECR / Artifact Registry / ACR).
     * @default "registry.nestybox.com/nestybox/sysbox-deploy-k8s"
     */
    readonly installerRepository?: string;
    /**
     * Namespace of the installer DaemonSet and its ServiceAccount.
     * @default "kube-system"
     */
    readonly installerNamespace?: string;
    /**
     * Extra command-line flags for sysbox-mgr (`SYSBOX_MGR_CONFIG`).
     * @default ""
     */
    readonly mgrConfig?: string;
    /**
     * Extra command-line flags for sysbox-fs (`SYSBOX_FS_CONFIG`).
     * @default ""
     */
    readonly fsConfig?: string;
    /**
     * Image of the Sysbox workspace pod template.
     * @default "registry.nestybox.com/nestybox/ubuntu-jammy-systemd-docker"
     */
    readonly workspaceImage?: string;
    /**
     * How workspace pods get a user namespace: `hostUsers` sets `spec.hostUsers: false`; `crio-annotation` sets
     * `io.kubernetes.cri-o.userns-mode: auto:size=65536`; `auto` picks `hostUsers` on 1.33+ and the annotation below.
     * @default "auto"
     */
    readonly userNamespaces?: UserNamespaceMode;
    /**
     * With `enabled` false: render upstream's node cleanup (`sysbox-cleanup-k8s` DaemonSet and its RBAC) in
     * place of the installer, with the installer's image, namespace and tolerations. Apply it only after the
     * installer objects are deleted; `cvmkit sysbox-cleanup` does the whole sequence. The Pulumi components
     * refuse it (they cannot order it after the installer's deletion): run `cvmkit sysbox-cleanup` after
     * `pulumi up`.
     * @default false
     */
    readonly cleanupNodes?: boolean;
}

/** One Gatekeeper constraint that must not apply to the CVM namespace. */
export interface GatekeeperConstraintRef {
    /** Constraint kind, e.g. `K8sPSPPrivilegedContainer`. */
    readonly kind: string;
    /** Constraint name. */
    readonly name: string;
    /**
     * The namespaces the constraint already excludes; the rendered patch sets the list to these plus the CVM
     * namespace (the list is replaced as a whole).
     * @default ["kube-system"]
     */
    readonly excludedNamespaces?: readonly string[];
}

/** Gatekeeper exemption settings. */
export interface GatekeeperConfig {
    /**
     * The privileged-container and host-filesystem constraints the cluster runs.
     * @default the gatekeeper-library samples `K8sPSPPrivilegedContainer/psp-privileged-container` and
     * `K8sPSPHostFilesystem/psp-host-filesystem`
     */
    readonly constraints?: readonly GatekeeperConstraintRef[];
}

/** A Kyverno policy and the rules of it that must not apply to CVM pods. */
export interface KyvernoPolicyRef {
    /** Policy name, as a `PolicyException` names it (`exceptions[].policyName`). */
    readonly policyName: string;
    /** Rule names of the policy (list the `autogen-` rules too). */
    readonly ruleNames: readonly string[];
    /**
     * The rules are `validate.podSecurity` rules (Pod Security Standards as one rule, e.g. kyverno/policies
     * `podsecurity-subrule-baseline`) rather than pattern rules. cvmkit then exempts only the controls the
     * supervisor needs (`spec.podSecurity`: Privileged Containers for the allowed images, HostPath Volumes for
     * the caching mode's host paths): every other baseline control still applies to CVM pods. A pattern rule
     * (`false`) is exempted as a whole. Kyverno skips a `podSecurity` rule as a whole for any matching
     * exception without `spec.podSecurity`, so the two kinds go into separate `PolicyException`s.
     * @default false
     */
    readonly podSecurity?: boolean;
}

/** Kyverno exemption settings. */
export interface KyvernoConfig {
    /**
     * `PolicyException` apiVersion: `kyverno.io/v2` for Kyverno 1.13+, `kyverno.io/v2beta1` for 1.12.
     *
     * - `kyverno.io/v2`: Kyverno 1.13+.
     * - `kyverno.io/v2beta1`: Kyverno 1.12.
     * @default "kyverno.io/v2"
     */
    readonly apiVersion?: "kyverno.io/v2" | "kyverno.io/v2beta1";
    /**
     * Namespace the `PolicyException` lives in. Kyverno honours exceptions only when started with
     * `--enablePolicyException` and `--exceptionNamespace` set to this namespace or `*` (Helm:
     * `features.policyExceptions.enabled=true`, `features.policyExceptions.namespace`); both are off by default.
     * The exception only covers pods whose every container image is an allowed supervisor image.
     * @default the CVM namespace
     */
    readonly exceptionNamespace?: string;
    /**
     * Policies and rules to exempt (list the `autogen-` rules too; mark `podSecurity` rules).
     * @default `disallow-privileged-containers` and `disallow-host-path` with their autogen rules, and
     * `podsecurity-subrule-baseline` (rule `baseline` and its autogen rules, `podSecurity: true`)
     */
    readonly policies?: readonly KyvernoPolicyRef[];
}

/** The admission engines the cluster runs besides Kubernetes' own. */
export interface PolicyEnginesConfig {
    /**
     * OPA Gatekeeper: `true` for the defaults, or the constraints to exempt the CVM namespace from.
     * @default false
     */
    readonly gatekeeper?: boolean | GatekeeperConfig;
    /**
     * Kyverno: `true` for the defaults, or the policies to exempt CVM pods from.
     * @default false
     */
    readonly kyverno?: boolean | KyvernoConfig;
}

/** The NetworkPolicies of the CVM namespace. */
export interface NetworkPolicyConfig {
    /**
     * Render the NetworkPolicies: ingress only from pods of the CVM namespace (and
     * {@link ingressFromNamespaces}); egress anywhere except the clouds' instance-metadata endpoints
     * and {@link denyEgressTo}. They take effect only where the CNI enforces NetworkPolicy.
     * @default true
     */
    readonly enabled?: boolean;
    /**
     * Further namespaces whose pods may connect to workspace pods (e.g. the Coder control plane's).
     * @default []
     */
    readonly ingressFromNamespaces?: readonly string[];
    /**
     * Further CIDRs (IPv4 or IPv6) workspace pods must not reach, besides the metadata endpoints.
     * @default []
     */
    readonly denyEgressTo?: readonly string[];
}

/**
 * What the ValidatingAdmissionPolicy binding does with a violation.
 *
 * - `Deny`: Reject violating requests.
 * - `Warn`: Warn the client.
 * - `Audit`: Record in the audit log.
 */
export type ValidationAction = (typeof VALIDATION_ACTIONS)[number];
/** The {@link ValidationAction}s. */
export const VALIDATION_ACTIONS = ["Deny", "Warn", "Audit"] as const;

/** The whole configuration of the Kubernetes side of cvmkit. */
export interface CvmConfig {
    /** The cluster's Kubernetes version, e.g. `1.30` or `v1.30.2-eks-1234`; 1.18 or newer. */
    readonly kubernetesVersion: string;
    /**
     * The CVM namespace: the only namespace where privileged supervisor pods are admitted.
     * @default "cvm-workspaces"
     */
    readonly namespace?: string;
    /** The CVM supervisor. @default see {@link SupervisorConfig} */
    readonly supervisor?: SupervisorConfig;
    /** The node-level Sysbox runtime. @default off */
    readonly sysboxRuntime?: SysboxRuntimeConfig;
    /** Admission engines to exempt the CVM namespace from. @default none */
    readonly policyEngines?: PolicyEnginesConfig;
    /** NetworkPolicies of the CVM namespace. @default on; see {@link NetworkPolicyConfig} */
    readonly networkPolicy?: NetworkPolicyConfig;
    /**
     * Labels that select CVM nodes (for the pod templates and the pre-pull DaemonSet).
     * @default {} (any Linux node)
     */
    readonly nodeSelector?: Readonly<Record<string, string>>;
    /**
     * Tolerations for the taints of CVM nodes.
     * @default []
     */
    readonly tolerations?: readonly Toleration[];
    /**
     * Extra labels on every object.
     * @default {}
     */
    readonly labels?: Readonly<Record<string, string>>;
    /**
     * Actions of the ValidatingAdmissionPolicy binding (Kubernetes 1.30+). Roll out with `["Warn", "Audit"]`.
     * @default ["Deny"]
     */
    readonly admissionPolicyActions?: readonly ValidationAction[];
}
