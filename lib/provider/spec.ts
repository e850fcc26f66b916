/**
 * The pieces of a Pulumi package schema (https://www.pulumi.com/docs/iac/using-pulumi/extending-pulumi/schema/)
 * that cvmkit's schema uses, and small constructors for them. Pure data: no Pulumi import.
 */

/** A property of an object type or a resource. */
export interface PropertySpec {
    readonly description?: string;
    readonly type?: "string" | "boolean" | "integer" | "number" | "array" | "object";
    readonly items?: PropertySpec;
    readonly additionalProperties?: PropertySpec;
    readonly $ref?: string;
    readonly oneOf?: readonly PropertySpec[];
    readonly secret?: boolean;
    readonly plain?: boolean;
}

/** An object type of the schema (`types`). */
export interface ObjectTypeSpec {
    readonly type: "object";
    readonly description?: string;
    readonly properties: Readonly<Record<string, PropertySpec>>;
    readonly required?: readonly string[];
}

/** A string enum of the schema (`types`). */
export interface EnumTypeSpec {
    readonly type: "string";
    readonly description?: string;
    readonly enum: readonly { readonly value: string; readonly description?: string }[];
}

/** A component resource of the schema (`resources`). */
export interface ResourceSpec {
    readonly isComponent: true;
    readonly description?: string;
    readonly inputProperties: Readonly<Record<string, PropertySpec>>;
    readonly requiredInputs?: readonly string[];
    readonly properties: Readonly<Record<string, PropertySpec>>;
    readonly required?: readonly string[];
}

/**
 * The version of `@pulumi/kubernetes` whose schema the Kubernetes types are referenced from (the plugin the
 * toolchain installs and the SDKs depend on).
 */
export const KUBERNETES_SCHEMA_VERSION = "4.34.2";

export const str = (description: string): PropertySpec => ({ type: "string", description });
export const bool = (description: string): PropertySpec => ({ type: "boolean", description });
export const strings = (description: string): PropertySpec => ({
    type: "array",
    items: { type: "string" },
    description,
});
export const stringMap = (description: string): PropertySpec => ({
    type: "object",
    additionalProperties: { type: "string" },
    description,
});
/** A property of one of this package's own types. */
export const ref = (token: string, description: string): PropertySpec => ({
    $ref: `#/types/${token}`,
    description,
});
export const arrayOf = (item: PropertySpec, description: string): PropertySpec => ({
    type: "array",
    items: item,
    description,
});
/** A Kubernetes type of the pulumi-kubernetes schema, e.g. `core/v1:Toleration`. */
export const kube = (type: string, description = ""): PropertySpec => ({
    $ref: `/kubernetes/v${KUBERNETES_SCHEMA_VERSION}/schema.json#/types/kubernetes:${type}`,
    ...(description ? { description } : {}),
});

/**
 * An object type whose properties are exactly the keys of `T`: the mapped type makes the compiler reject a
 * missing or an extra key, so the schema cannot drift from the TypeScript interface.
 */
export function objectType<T>(
    description: string,
    properties: { readonly [K in keyof T]-?: PropertySpec },
    required: readonly (keyof T & string)[] = [],
): ObjectTypeSpec {
    return {
        type: "object",
        description,
        properties: properties as Record<string, PropertySpec>,
        ...(required.length > 0 ? { required } : {}),
    };
}

/**
 * A string enum whose values are exactly the members of the string union `T` (a record over the union,
 * checked by the compiler both ways).
 */
export function enumType<T extends string>(
    description: string,
    values: { readonly [K in T]: string },
): EnumTypeSpec {
    return {
        type: "string",
        description,
        enum: Object.entries(values).map(([value, d]) => ({ value, description: d as string })),
    };
}

/**
 * A component the provider serves: its schema resource, and the property paths where its TypeScript
 * arguments take a `pulumi.Input` (passed on as Outputs; everything else is resolved to a plain value first,
 * see `resolve-inputs.ts`). `stringPaths` are string inputs (kubeconfigs) that a YAML program may hand over
 * as a parsed JSON object.
 */
export interface ComponentSpec {
    readonly resource: ResourceSpec;
    readonly inputPaths: readonly string[];
    readonly stringPaths?: readonly string[];
    /**
     * For arguments that are a union discriminated by the input `key` (CvmStack's `cloud`): the `inputPaths` of
     * each member. The provider passes Outputs on only at the paths of the member the inputs name, so a key that
     * takes a `pulumi.Input` in one member and a plain value in another (`cluster.location`: an Input on azure,
     * a string that gcp checks) is resolved to its value for the latter.
     */
    readonly inputPathsBy?: {
        readonly key: string;
        readonly paths: Readonly<Record<string, readonly string[]>>;
    };
}

/** An integer property. */
export const int = (description: string): PropertySpec => ({ type: "integer", description });

/** `true`/`false`, or an object of type `token` (e.g. `taint: boolean | CvmTaintArgs`). */
export const boolOr = (token: string, description: string): PropertySpec => ({
    oneOf: [{ type: "boolean" }, { $ref: `#/types/${token}` }],
    description,
});

/** A secret string (a kubeconfig): marked secret in every SDK. */
export const secretString = (description: string): PropertySpec => ({
    type: "string",
    secret: true,
    description,
});

/**
 * Merges maps of the schema (types, components) keyed by token; a token defined twice is a programming error
 * (a silent override would serve one definition under another's name).
 */
export function mergeUnique<V>(
    ...maps: Readonly<Record<string, V>>[]
): Readonly<Record<string, V>> {
    const out: Record<string, V> = {};
    for (const m of maps) {
        for (const [k, v] of Object.entries(m)) {
            if (k in out) throw new Error(`schema token ${k} is defined twice`);
            out[k] = v;
        }
    }
    return out;
}
