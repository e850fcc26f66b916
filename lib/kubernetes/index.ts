/**
 * `cvmkit/kubernetes`: the Pulumi renderer of cvmkit's manifests.
 */
export { CvmCluster, CvmClusterArgs, CVM_CLUSTER_TYPE, toInputPropertyError } from "./cvm-cluster";
export { createResources, dependenciesOf, resourceName } from "./resources";
export { fetchServerVersion } from "./server-version";
