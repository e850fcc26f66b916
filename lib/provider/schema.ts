import GENERATED_JSON from "./schema.generated.json";
import {
    ComponentSpec,
    GeneratedSchema,
    KUBERNETES_SCHEMA_VERSION,
    ObjectTypeSpec,
    EnumTypeSpec,
    ResourceSpec,
} from "./spec";

/**
 * The Pulumi package schema of cvmkit: the components with the same type tokens as the TypeScript classes
 * (`cvmkit:kubernetes:CvmCluster`, …), so a component created from Python, Go or YAML is the same resource
 * type in the state as one created from TypeScript. The types and resources are generated from the TypeScript
 * types (`npm run schema:update`; see `shapes.ts`).
 */

const GENERATED = GENERATED_JSON as unknown as GeneratedSchema;

/** The Pulumi package name (the `pulumi-resource-cvmkit` plugin). */
export const PACKAGE_NAME = "cvmkit";

/** The Go import path of the generated Go SDK. */
export const GO_IMPORT_BASE_PATH = "github.com/cvmkit/cvmkit/sdk/go/cvmkit";

/** The components the provider serves, by type token. */
export const COMPONENTS: Readonly<Record<string, ComponentSpec>> = Object.fromEntries(
    Object.entries(GENERATED.resources).map(([token, resource]) => [
        token,
        { resource, ...GENERATED.components[token]! },
    ]),
);

/** The schema resources, by type token. */
export const RESOURCES: Readonly<Record<string, ResourceSpec>> = GENERATED.resources;

/** The object and enum types of the schema, by token. */
export const TYPES: Readonly<Record<string, ObjectTypeSpec | EnumTypeSpec>> = GENERATED.types;

/** The package schema, for the provider's `GetSchema` and `pulumi package gen-sdk`. */
export function packageSchema(version: string): Record<string, unknown> {
    return {
        name: PACKAGE_NAME,
        displayName: "cvmkit",
        version,
        description:
            "Make Kubernetes on AWS, GCP, Azure or your own hardware ready for container-based VMs (Sysbox CVMs).",
        keywords: [
            "pulumi",
            "kubernetes",
            "sysbox",
            "cvm",
            "category/infrastructure",
            "kind/component",
        ],
        license: "Apache-2.0",
        repository: "https://github.com/cvmkit/cvmkit",
        publisher: "cvmkit",
        meta: { moduleFormat: "(.*)" },
        dependencies: [{ name: "kubernetes", version: KUBERNETES_SCHEMA_VERSION }],
        types: TYPES,
        resources: RESOURCES,
        language: {
            python: {
                packageName: "pulumi_cvmkit",
                requires: { pulumi: ">=3.0.0,<4.0.0", "pulumi-kubernetes": ">=4.0.0,<5.0.0" },
                respectSchemaVersion: true,
            },
            go: {
                importBasePath: GO_IMPORT_BASE_PATH,
                generateResourceContainerTypes: true,
                respectSchemaVersion: true,
            },
            nodejs: { packageName: "@cvmkit/pulumi", respectSchemaVersion: true },
            // the generated .csproj references Pulumi.Kubernetes only when it is named here
            csharp: {
                rootNamespace: "Cvmkit",
                respectSchemaVersion: true,
                packageReferences: { "Pulumi.Kubernetes": "4.*" },
            },
            // Java packages io.cvmkit, io.cvmkit.kubernetes, … (basePackage + the package name, as
            // com.pulumi.kubernetes); the generated build.gradle depends on com.pulumi:kubernetes only when
            // it is named here
            java: {
                basePackage: "io",
                buildFiles: "gradle",
                dependencies: { "com.pulumi:kubernetes": "[4.0.0,5.0.0)" },
            },
        },
    };
}
