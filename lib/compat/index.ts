/**
 * The compat layer's barrel for lib/ itself (not an entry point): pure rules and data with no I/O and no
 * SDK — versions and gates, the Sysbox installer matrix, node rules, machine sizes, node-pool settings.
 */
export * from "./errors";
export * from "./version";
export * from "./features";
export * from "./sysbox";
export * from "./nodes";
export * from "./machine-sizes";
export * from "./sizes-aws";
export * from "./sizes-gcp";
export * from "./sizes-azure";
export * from "./node-pools";
export * from "./cloud-versions";
export * from "./peer-sdks";
export * from "./node-runtime";
export * from "./pod-security";
export * from "./cidr";
export * from "./validate";
export * from "./cluster-args";
export * from "./kubeconfig";
export * from "./node-pool-changes";
export * from "./network-enforcement";
