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
