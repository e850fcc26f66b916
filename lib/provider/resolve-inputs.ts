import * as pulumi from "@pulumi/pulumi";

/**
 * Turns the inputs the engine hands a component provider into the arguments of the TypeScript component.
 *
 * The engine sends output values (`acceptOutputs`), so a value computed from another resource arrives as a
 * `pulumi.Output` at its own place inside plain objects (`cluster.endpoint`, say). Where the TypeScript type
 * takes a `pulumi.Input` (the component's `inputPaths`: `kubeconfig`, `cluster.endpoint`, `subnetIds`, …) the
 * Output is passed on as it is, so it stays unknown at preview, keeps its dependencies and stays secret.
 * Everywhere else the component needs a plain value to check: the Output is awaited, and one that is unknown
 * at preview is an input error naming every such field at once.
 */

/** Dotted property paths (`cluster.endpoint`); `[]` stands for every element of an array. */
export type InputPath = string;

function isOutput(v: unknown): v is pulumi.Output<unknown> {
    return pulumi.Output.isInstance(v);
}

async function known(o: pulumi.Output<unknown>): Promise<{ known: boolean; value?: unknown }> {
    const out = o as pulumi.Output<unknown> & { isKnown: Promise<boolean> };
    if (!(await out.isKnown)) return { known: false };
    return { known: true, value: await new Promise((resolve) => o.apply(resolve)) };
}

/**
 * A Pulumi YAML program hands a JSON string from config over as the parsed object; a kubeconfig (or any
 * string input) that arrives as an object is turned back into its JSON text.
 */
function asString(v: unknown): unknown {
    return v !== null && typeof v === "object" && !Array.isArray(v) ? JSON.stringify(v) : v;
}

/**
 * Resolves `inputs` for a component whose `pulumi.Input`-typed properties are `inputPaths` (and whose
 * string-typed secret inputs are `stringPaths`, re-serialised when they arrive as objects). Throws a
 * `pulumi.InputPropertyError` naming every plain field that is not known yet.
 */
export async function resolveInputs(
    inputs: pulumi.Inputs,
    inputPaths: readonly InputPath[],
    stringPaths: readonly InputPath[] = [],
): Promise<Record<string, unknown>> {
    const keep = new Set(inputPaths);
    const strings = new Set(stringPaths);
    const unknown: string[] = [];

    const walk = async (value: unknown, at: string): Promise<unknown> => {
        if (strings.has(at)) {
            return isOutput(value) ? value.apply(asString) : asString(value);
        }
        if (keep.has(at)) return value;
        if (isOutput(value)) {
            const r = await known(value);
            if (!r.known) {
                unknown.push(at);
                return undefined;
            }
            return walk(r.value, at);
        }
        if (Array.isArray(value)) {
            return Promise.all(value.map((v) => walk(v, `${at}[]`)));
        }
        if (value !== null && typeof value === "object" && !pulumi.Resource.isInstance(value)) {
            const out: Record<string, unknown> = {};
            for (const [k, v] of Object.entries(value)) {
                const r = await walk(v, at ? `${at}.${k}` : k);
                if (r !== undefined) out[k] = r;
            }
            return out;
        }
        return value;
    };

    const resolved = (await walk(inputs, "")) as Record<string, unknown>;
    if (unknown.length > 0) {
        throw new pulumi.InputPropertyError({
            propertyPath: unknown.join(", "),
            reason:
                `${unknown.join(", ")} ${unknown.length === 1 ? "is" : "are"} not known at preview ` +
                "(computed from a resource not created yet), and cvmkit checks it before creating anything. " +
                "Fix: pass a literal value, or create that resource in an earlier `up`",
        });
    }
    return resolved;
}
