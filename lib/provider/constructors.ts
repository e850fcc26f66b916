import type * as pulumi from "@pulumi/pulumi";
import {
    AWS_POOL_TYPE,
    AZURE_POOL_TYPE,
    CVM_CLUSTER_TYPE_TOKEN,
    CVM_STACK_TYPE_TOKEN,
    GCP_POOL_TYPE,
} from "./shapes";

/**
 * Type token → the TypeScript component it builds (the type→constructor registry of the provider). A cloud's
 * module, and with it its SDK, is loaded only when a program creates one of its components, as in a
 * TypeScript program that imports `cvmkit/aws`.
 */

/** Builds one component from resolved inputs. */
export type Construct = (
    name: string,
    args: Record<string, unknown>,
    opts: pulumi.ComponentResourceOptions,
) => Promise<pulumi.ComponentResource>;

/** A component class: `new (name, args, opts)`. */
type ComponentClass = new (
    name: string,
    args: never,
    opts: pulumi.ComponentResourceOptions,
) => pulumi.ComponentResource;

/** A constructor that loads its class with `load` (an `import()`) the first time a program needs it. */
const lazy =
    (load: () => Promise<ComponentClass>): Construct =>
    async (name, args, opts) => {
        const Class = await load();
        // the provider resolved `args` to the class's argument shape; the component checks every field
        return new Class(name, args as never, opts);
    };

export const CONSTRUCTORS: Readonly<Record<string, Construct>> = {
    [CVM_CLUSTER_TYPE_TOKEN]: lazy(
        async () => (await import("../kubernetes/cvm-cluster.js")).CvmCluster,
    ),
    [CVM_STACK_TYPE_TOKEN]: lazy(async () => (await import("../stack/cvm-stack.js")).CvmStack),
    [AWS_POOL_TYPE]: lazy(async () => (await import("../aws/node-group.js")).SysboxNodeGroup),
    [GCP_POOL_TYPE]: lazy(async () => (await import("../gcp/node-pool.js")).SysboxNodePool),
    [AZURE_POOL_TYPE]: lazy(async () => (await import("../azure/node-pool.js")).SysboxNodePool),
};
