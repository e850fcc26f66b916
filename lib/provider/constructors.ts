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

export const CONSTRUCTORS: Readonly<Record<string, Construct>> = {
    [CVM_CLUSTER_TYPE_TOKEN]: async (name, args, opts) => {
        const { CvmCluster } = await import("../kubernetes/cvm-cluster.js");
        return new CvmCluster(name, args, opts);
    },
    [CVM_STACK_TYPE_TOKEN]: async (name, args, opts) => {
        const { CvmStack } = await import("../stack/cvm-stack.js");
        return new CvmStack(name, args as unknown as import("../stack/args").CvmStackArgs, opts);
    },
    [AWS_POOL_TYPE]: async (name, args, opts) => {
        const { SysboxNodeGroup } = await import("../aws/node-group.js");
        return new SysboxNodeGroup(
            name,
            args as unknown as import("../aws/rules").SysboxNodeGroupArgs,
            opts,
        );
    },
    [GCP_POOL_TYPE]: async (name, args, opts) => {
        const { SysboxNodePool } = await import("../gcp/node-pool.js");
        return new SysboxNodePool(
            name,
            args as unknown as import("../gcp/rules").SysboxNodePoolArgs,
            opts,
        );
    },
    [AZURE_POOL_TYPE]: async (name, args, opts) => {
        const { SysboxNodePool } = await import("../azure/node-pool.js");
        return new SysboxNodePool(
            name,
            args as unknown as import("../azure/rules").SysboxNodePoolArgs,
            opts,
        );
    },
};
