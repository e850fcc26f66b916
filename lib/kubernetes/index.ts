/**
 * `cvmkit/kubernetes`: the Pulumi renderer of cvmkit's manifests.
 */
export { CvmCluster, CvmClusterArgs, CVM_CLUSTER_TYPE } from "./cvm-cluster";
export { checkInputs, toInputPropertyError } from "./input-errors";
export {
    createResources,
    dependenciesOf,
    FIELD_MANAGER,
    resourceName,
    withFieldManager,
} from "./resources";
export { fetchServerVersion } from "./server-version";
