/**
 * `cvmkit/kubernetes`: the Pulumi renderer of cvmkit's manifests. The public API is listed by name; the
 * renderer's internals (`createResources`, `withFieldManager`, the input-error conversion) stay in their
 * modules for the cloud shells and the stack. `api/kubernetes.api.md` is the reviewed report of this list.
 */
export { CvmCluster, CvmClusterArgs, CVM_CLUSTER_TYPE } from "./cvm-cluster";
export {
    DELETION_POLICY_ANNOTATION,
    FIELD_MANAGER,
    LifecycleArgs,
    NamespaceDeletionPolicy,
    OWNER_ANNOTATION,
} from "./lifecycle";
