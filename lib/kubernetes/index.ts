/**
 * `cvmkit/kubernetes`: the Pulumi renderer of cvmkit's manifests.
 */
export { CvmCluster, CvmClusterArgs, CVM_CLUSTER_TYPE } from "./cvm-cluster";
export { checkInputs, toInputPropertyError } from "./input-errors";
export { ApplyOptions, createResources, dependenciesOf, resourceName } from "./resources";
export {
    DELETION_POLICY_ANNOTATION,
    FIELD_MANAGER,
    LifecycleArgs,
    NamespaceDeletionPolicy,
    OWNER_ANNOTATION,
    resolveLifecycle,
    withPulumiAnnotations,
} from "./lifecycle";
export { fetchServerVersion } from "./server-version";
