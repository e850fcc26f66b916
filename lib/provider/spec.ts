/**
 * The pieces of a Pulumi package schema (https://www.pulumi.com/docs/iac/using-pulumi/extending-pulumi/schema/)
 * that cvmkit's schema uses. Pure data: no Pulumi import. The schema itself is generated from the TypeScript
 * types (`schema.generated.json`, see `shapes.ts`).
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

/** What `tools/schema/generate.ts` writes (`schema.generated.json`): the types, the resources, the Input paths. */
export interface GeneratedSchema {
    readonly types: Readonly<Record<string, ObjectTypeSpec | EnumTypeSpec>>;
    readonly resources: Readonly<Record<string, ResourceSpec>>;
    readonly components: Readonly<Record<string, Omit<ComponentSpec, "resource">>>;
}
