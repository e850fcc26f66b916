import * as pulumi from "@pulumi/pulumi";
import { CvmCluster, CVM_CLUSTER_TYPE } from "../kubernetes/cvm-cluster";
import { packageSchema, RESOURCES } from "./schema";

/**
 * The component provider behind `pulumi-resource-cvmkit`: `construct` builds the TypeScript component the
 * type token names, in this process, with the inputs and resource options the engine passes (the caller's
 * Kubernetes provider arrives in `providers` and is inherited by every child). The component checks its
 * inputs exactly as in a TypeScript program, so errors carry the same field, value and fix.
 */

type Construct = (
    name: string,
    inputs: Record<string, unknown>,
    opts: pulumi.ComponentResourceOptions,
) => pulumi.ComponentResource;

const CONSTRUCTORS: Readonly<Record<string, Construct>> = {
    [CVM_CLUSTER_TYPE]: (name, inputs, opts) => new CvmCluster(name, inputs, opts),
};

/** The values of the schema outputs of `resource` (its `pulumi.Output` properties). */
function outputsOf(type: string, resource: pulumi.ComponentResource): pulumi.Inputs {
    const spec = RESOURCES[type]!;
    const r = resource as unknown as Record<string, pulumi.Input<unknown>>;
    return Object.fromEntries(Object.keys(spec.properties).map((k) => [k, r[k]]));
}

/**
 * Resolves the inputs the components take as plain values (all but `kubeconfig`, which stays an Output so
 * it stays secret). A value computed from another resource is awaited; one that is unknown at preview is an
 * input error naming the field.
 */
async function plainInputs(inputs: pulumi.Inputs): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    const unknown: string[] = [];
    for (const [key, value] of Object.entries(inputs)) {
        if (key === "kubeconfig") {
            // A Pulumi YAML program hands a JSON kubeconfig from string config over as the parsed object.
            out[key] = pulumi
                .output(value)
                .apply((v) => (v !== null && typeof v === "object" ? JSON.stringify(v) : v));
            continue;
        }
        if (!pulumi.Output.isInstance(value)) {
            out[key] = value;
            continue;
        }
        const o = value as pulumi.Output<unknown> & { isKnown: Promise<boolean> };
        if (!(await o.isKnown)) {
            unknown.push(key);
            continue;
        }
        out[key] = await new Promise((resolve) => o.apply(resolve));
    }
    if (unknown.length > 0) {
        throw new pulumi.InputPropertyError({
            propertyPath: unknown.join(", "),
            reason:
                `${unknown.join(", ")} is not known at preview (computed from a resource not created yet). ` +
                "Fix: pass a literal value, or create that resource in an earlier `up`",
        });
    }
    return out;
}

export class CvmkitProvider implements pulumi.provider.Provider {
    constructor(public readonly version: string) {}

    async getSchema(): Promise<string> {
        return JSON.stringify(packageSchema(this.version));
    }

    async construct(
        name: string,
        type: string,
        inputs: pulumi.Inputs,
        options: pulumi.ComponentResourceOptions,
    ): Promise<pulumi.provider.ConstructResult> {
        const make = CONSTRUCTORS[type];
        if (!make) throw new Error(`unknown resource type ${type}`);
        const component = make(name, await plainInputs(inputs), options);
        return { urn: component.urn, state: outputsOf(type, component) };
    }
}
