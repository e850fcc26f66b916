import type { ComponentSpec, EnumTypeSpec, ObjectTypeSpec } from "./spec";

/**
 * The schema of `cvmkit/aws`: the `cvmkit:aws:SysboxNodeGroup` component (lib/aws/node-group.ts) and the aws shapes of
 * `CvmStack` (its `cluster` and `nodePool` when `cloud: "aws"`).
 */

/** Type tokens `CvmStack` refers to when `cloud` is "aws". */
export const AWS_STACK_T = {
    cluster: "cvmkit:aws:ClusterArgs",
    nodePool: "cvmkit:aws:StackNodePoolArgs",
} as const;

/** The type token of the aws pool component (equal to the class's, checked by a test). */
export const AWS_POOL_TYPE = "cvmkit:aws:SysboxNodeGroup";

export const AWS_TYPES: Readonly<Record<string, ObjectTypeSpec | EnumTypeSpec>> = {};

export const AWS_COMPONENTS: Readonly<Record<string, ComponentSpec>> = {};

/**
 * The paths inside `CvmStack`'s inputs (`cluster.…`, `nodePool.…`) where the aws shapes take a
 * `pulumi.Input` (passed on as Outputs by the provider).
 */
export const AWS_STACK_INPUT_PATHS: readonly string[] = [];
