import type { ComponentSpec, EnumTypeSpec, ObjectTypeSpec } from "./spec";

/**
 * The schema of `cvmkit/gcp`: the `cvmkit:gcp:SysboxNodePool` component (lib/gcp/node-pool.ts) and the gcp shapes of
 * `CvmStack` (its `cluster` and `nodePool` when `cloud: "gcp"`).
 */

/** Type tokens `CvmStack` refers to when `cloud` is "gcp". */
export const GCP_STACK_T = {
    cluster: "cvmkit:gcp:ClusterArgs",
    nodePool: "cvmkit:gcp:StackNodePoolArgs",
} as const;

/** The type token of the gcp pool component (equal to the class's, checked by a test). */
export const GCP_POOL_TYPE = "cvmkit:gcp:SysboxNodePool";

export const GCP_TYPES: Readonly<Record<string, ObjectTypeSpec | EnumTypeSpec>> = {};

export const GCP_COMPONENTS: Readonly<Record<string, ComponentSpec>> = {};

/**
 * The paths inside `CvmStack`'s inputs (`cluster.…`, `nodePool.…`) where the gcp shapes take a
 * `pulumi.Input` (passed on as Outputs by the provider).
 */
export const GCP_STACK_INPUT_PATHS: readonly string[] = [];
