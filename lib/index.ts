/**
 * cvmkit: make Kubernetes ready for container-based virtual machines (CVMs) on the Sysbox runtime.
 *
 * The root entry point is the pure core — compatibility rules and manifests — and loads no Pulumi,
 * cdk8s or cloud SDK. Renderers live under `cvmkit/kubernetes` (Pulumi) and `cvmkit/cdk8s`.
 */
export * from "./compat";
export * from "./manifests";
