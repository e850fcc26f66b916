import { CVM_CLUSTER_TYPE } from "../kubernetes/cvm-cluster";
import { CLUSTER_TYPES, CVM_CLUSTER_RESOURCE } from "./schema-cluster";
import { KUBERNETES_SCHEMA_VERSION, ResourceSpec } from "./spec";

/**
 * The Pulumi package schema of cvmkit: the components with the same type tokens as the TypeScript classes
 * (`cvmkit:kubernetes:CvmCluster`, …), so a component created from Python, Go or YAML is the same resource
 * type in the state as one created from TypeScript.
 */

/** The Pulumi package name (the `pulumi-resource-cvmkit` plugin). */
export const PACKAGE_NAME = "cvmkit";

/** The Go import path of the generated Go SDK. */
export const GO_IMPORT_BASE_PATH = "github.com/cvmkit/cvmkit/sdk/go/cvmkit";

/** The resources the provider serves, by type token. */
export const RESOURCES: Readonly<Record<string, ResourceSpec>> = {
    [CVM_CLUSTER_TYPE]: CVM_CLUSTER_RESOURCE,
};

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
        types: { ...CLUSTER_TYPES },
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
            csharp: { rootNamespace: "Cvmkit", respectSchemaVersion: true },
            java: { basePackage: "io.cvmkit", buildFiles: "gradle" },
        },
    };
}
