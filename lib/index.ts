/**
 * cvmkit: make Kubernetes ready for container-based virtual machines (CVMs) on the Sysbox runtime.
 *
 * The root entry point is the pure core — compatibility rules and manifests — and loads no Pulumi,
 * cdk8s or cloud SDK. Renderers live under `cvmkit/kubernetes` (Pulumi) and `cvmkit/cdk8s`.
 *
 * The public API is listed by name below; `api/cvmkit.api.md` is its reviewed report. What the
 * renderers and cloud shells share among themselves (node-pool resolution, field-path helpers, object
 * keys) stays in lib/compat and lib/manifests and is not part of it.
 */

// ---- configuration and manifests (lib/manifests) ----
export {
    CACHING_MODES,
    CachingMode,
    CvmConfig,
    GatekeeperConfig,
    GatekeeperConstraintRef,
    KyvernoConfig,
    KyvernoPolicyRef,
    NetworkPolicyConfig,
    PolicyEnginesConfig,
    ResourceQuantities,
    SupervisorConfig,
    SysboxRuntimeConfig,
    USER_NAMESPACE_MODES,
    UserNamespaceMode,
    VALIDATION_ACTIONS,
    ValidationAction,
} from "./manifests/config";
export { DEFAULTS, resolveConfig, ResolvedConfig } from "./manifests/resolve";
export { KubernetesObject, MANAGED_BY, PATCH_ANNOTATION } from "./manifests/objects";
export { renderManifests, RenderedManifests } from "./manifests/render";
export {
    APPLY_PHASES,
    ApplyPhase,
    ARGOCD_SYNC_WAVE,
    ManifestOrder,
    ObjectOrder,
    syncWave,
} from "./manifests/order";
export { isAmbiguousPlainScalar, stringifyYaml, toYaml } from "./manifests/yaml";
export {
    admissionPolicyName,
    allowedHostPaths,
    allowedImages,
    CRIO_USERNS_ANNOTATION,
    deniedEgress,
    INSTALLER_DAEMONSET,
    NETWORK_POLICY_NAMES,
    podSecurityLevels,
    INSTALLER_SERVICE_ACCOUNT,
    PREPULL_DAEMONSET,
    PSP_NAME,
    ResolvedGatekeeper,
    ResolvedKyverno,
    ResolvedNetworkPolicy,
    ResolvedSupervisor,
    SUPERVISOR_SERVICE_ACCOUNT,
    SupervisorHostPath,
    supervisorHostPaths,
    SYSBOX_INSTALL_LABEL,
    SYSBOX_RUNTIME_CLASS,
    SYSBOX_RUNTIME_LABEL,
} from "./manifests";

// ---- errors ----
export { CvmkitConfigError, CvmkitConfigErrors } from "./compat/errors";

// ---- the Node.js runtime cvmkit needs ----
export {
    assertSupportedNode,
    isSupportedNode,
    MIN_NODE_VERSION,
    UnsupportedNodeError,
} from "./compat/node-runtime";

// ---- Kubernetes versions and the gates they imply ----
export {
    assertCvmKubernetesVersion,
    atLeast,
    compareMinor,
    formatMinor,
    KubernetesVersion,
    MIN_CVM_KUBERNETES,
    parseKubernetesVersion,
    ServerVersionInfo,
    versionFromServerInfo,
} from "./compat/version";
export { FeatureGates, featureGates } from "./compat/features";

// ---- the Sysbox installer matrix ----
export {
    assertInstallerSupports,
    DEFAULT_SYSBOX_INSTALLER,
    defaultInstallerFor,
    describeMinors,
    findInstallerRelease,
    installerImage,
    installerReleasesFor,
    newestMinor,
    SYSBOX_INSTALLER_RELEASES,
    SYSBOX_INSTALLER_REPOSITORY,
    SysboxInstallerRelease,
} from "./compat/sysbox";

// ---- node rules: distro, kernel, runtime, architecture, CPUs ----
export {
    checkNode,
    DISTRO_RULES,
    DistroRule,
    distroOf,
    Finding,
    FindingStatus,
    KernelVersion,
    MIN_CVM_NODE_CPUS,
    NODE_CHECKS,
    NodeFinding,
    NodeInfo,
    parseContainerRuntime,
    parseKernelVersion,
    UBUNTU_RELEASES,
    ubuntuRelease,
    worstStatus,
} from "./compat/nodes";

// ---- cloud machine sizes (the per-cloud naming rules behind these stay in lib/compat/sizes-*.ts) ----
export {
    CpuArchitecture,
    GpuVendor,
    machineArchitecture,
    machineGpu,
    machineVcpus,
    SIZE_CLOUDS,
    SizeCloud,
} from "./compat/machine-sizes";
// ---- node pool settings the cloud shells share (types of cvmkit/aws, cvmkit/gcp, cvmkit/azure args) ----
export {
    CVM_NODE_LABEL,
    CVM_NODE_LABEL_VALUE,
    CVM_TAINT_KEY,
    CvmNodePoolCommonArgs,
    CvmTaint,
    CvmTaintArgs,
    CvmToleration,
    INSTALLER_MANAGED_LABELS,
    NodePoolScalingArgs,
    NodePoolSysboxArgs,
} from "./compat/node-pools";
