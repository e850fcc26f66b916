import type { ComponentSpec, EnumTypeSpec, ObjectTypeSpec } from "./spec";

/**
 * The schema of `cvmkit/azure`: the `cvmkit:azure:SysboxNodePool` component (lib/azure/node-pool.ts) and the azure shapes of
 * `CvmStack` (its `cluster` and `nodePool` when `cloud: "azure"`).
 */

/** Type tokens `CvmStack` refers to when `cloud` is "azure". */
export const AZURE_STACK_T = {
    cluster: "cvmkit:azure:ClusterArgs",
    nodePool: "cvmkit:azure:StackNodePoolArgs",
} as const;

/** The type token of the azure pool component (equal to the class's, checked by a test). */
export const AZURE_POOL_TYPE = "cvmkit:azure:SysboxNodePool";

export const AZURE_TYPES: Readonly<Record<string, ObjectTypeSpec | EnumTypeSpec>> = {};

export const AZURE_COMPONENTS: Readonly<Record<string, ComponentSpec>> = {};

/**
 * The paths inside `CvmStack`'s inputs (`cluster.…`, `nodePool.…`) where the azure shapes take a
 * `pulumi.Input` (passed on as Outputs by the provider).
 */
export const AZURE_STACK_INPUT_PATHS: readonly string[] = [];
