/**
 * The manifests layer's barrel for lib/ itself (not an entry point): config types, resolution, the object
 * builders' names and the renderer.
 */

export * from "./config";
export { DEFAULTS, resolveConfig, ResolvedConfig } from "./resolve";
export * from "./objects";
export * from "./render";
export { podSecurityLevels, SUPERVISOR_SERVICE_ACCOUNT } from "./namespace";
export { admissionPolicyName, allowedHostPaths, allowedImages, PSP_NAME } from "./admission";
export { supervisorHostPaths, CRIO_USERNS_ANNOTATION, SupervisorHostPath } from "./pod-templates";

export {
    INSTALLER_CLUSTER_ROLE,
    INSTALLER_CLUSTER_ROLE_BINDING,
    INSTALLER_CONFIG_MAP,
    INSTALLER_DAEMONSET,
    INSTALLER_SERVICE_ACCOUNT,
    SYSBOX_INSTALL_LABEL,
    SYSBOX_RUNTIME_CLASS,
    SYSBOX_RUNTIME_LABEL,
} from "./sysbox";
export { CLEANUP_COMPONENT, CLEANUP_DAEMONSET, sysboxCleanup } from "./sysbox-cleanup";
export { PREPULL_DAEMONSET } from "./prepull";
export { messagePrefix as baselineMessagePrefix } from "./baseline-policy";
export { deniedEgress, NETWORK_POLICY_NAMES } from "./network-policy";
export { ResolvedNetworkPolicy } from "./resolve-network";
export { ResolvedGatekeeper, ResolvedKyverno } from "./resolve-engines";
export { ResolvedSupervisor } from "./resolve-supervisor";
export { isAmbiguousPlainScalar, manifestFileName, stringifyYaml, toYaml } from "./yaml";
export {
    APPLY_PHASES,
    ApplyPhase,
    ARGOCD_SYNC_WAVE,
    dependenciesOf,
    ManifestOrder,
    ObjectOrder,
    OrderedObject,
    syncWave,
    withSyncWaves,
} from "./order";
