import * as pulumi from "@pulumi/pulumi";
import { CONSTRUCTORS } from "./constructors";
import { resolveInputs } from "./resolve-inputs";
import { COMPONENTS, packageSchema } from "./schema";
import type { ComponentSpec } from "./spec";

/**
 * The component provider behind `pulumi-resource-cvmkit`: `construct` builds the TypeScript component the
 * type token names, in this process, with the inputs and resource options the engine passes (the caller's
 * providers arrive in `providers` and are inherited by every child). The component checks its inputs exactly
 * as in a TypeScript program, so errors carry the same field, value and fix.
 */

/** The values of the schema outputs of `resource` (its `pulumi.Output` properties and resource references). */
function outputsOf(type: string, resource: pulumi.ComponentResource): pulumi.Inputs {
    const spec = COMPONENTS[type]!.resource;
    const r = resource as unknown as Record<string, pulumi.Input<unknown>>;
    return Object.fromEntries(Object.keys(spec.properties).map((k) => [k, r[k]]));
}

/**
 * The Input paths of `spec` for these inputs: those of the union member the discriminator names (resolved
 * first; unknown at preview is an input error naming it), else all of them.
 */
async function inputPathsFor(
    spec: ComponentSpec,
    inputs: pulumi.Inputs,
): Promise<readonly string[]> {
    const by = spec.inputPathsBy;
    if (!by) return spec.inputPaths;
    const member = (await resolveInputs({ [by.key]: inputs[by.key] }, []))[by.key];
    return (typeof member === "string" ? by.paths[member] : undefined) ?? spec.inputPaths;
}

/**
 * The cvmkit component provider: `getSchema` serves the package schema, `construct` builds a component.
 * Run it with {@link serve} (what `pulumi-resource-cvmkit` does).
 */
export class CvmkitProvider implements pulumi.provider.Provider {
    /** The package version the schema and the engine see (package.json's). */
    public readonly version: string;

    /** @param version - the package version the schema and the engine see. */
    constructor(version: string) {
        this.version = version;
    }

    /** The package schema as JSON (see `packageSchema`). */
    async getSchema(): Promise<string> {
        return JSON.stringify(packageSchema(this.version));
    }

    /**
     * Builds the component `type` named `name`: the inputs are resolved (see `resolveInputs`), the component
     * checks them as in TypeScript (a bad input rejects with a `pulumi.InputPropertyError` naming the field,
     * before anything is registered), and its outputs are returned as the resource's state.
     */
    async construct(
        name: string,
        type: string,
        inputs: pulumi.Inputs,
        options: pulumi.ComponentResourceOptions,
    ): Promise<pulumi.provider.ConstructResult> {
        const make = CONSTRUCTORS[type];
        const spec = COMPONENTS[type];
        if (!make || !spec) throw new Error(`unknown resource type ${type}`);
        const args = await resolveInputs(
            inputs,
            await inputPathsFor(spec, inputs),
            spec.stringPaths,
        );
        const component = await make(name, args, options);
        return { urn: component.urn, state: outputsOf(type, component) };
    }
}
