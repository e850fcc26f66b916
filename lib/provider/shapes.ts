/**
 * The facts of the provider schema that the TypeScript types cannot carry, as one table: the type token of each
 * component and of each named type, where its TypeScript source is, and which properties are secrets.
 * Everything else (properties, their types, required keys, enums, descriptions and defaults from JSDoc,
 * Kubernetes types by reference, the `pulumi.Input` paths) is read from the types by `tools/schema/generate.ts`
 * into `schema.generated.json`; `npm run schema:update` regenerates it and a unit test fails when it is stale.
 *
 * Pure data: no import, so the provider loads none of the modules named here.
 */

/** A module of the schema (the second part of a token): each is a package/namespace of the SDKs. */
export type SchemaModule = "index" | "kubernetes" | "aws" | "gcp" | "azure";

/** `file#Name` (an exported type) or `file#Interface.property` (the type of one property). */
export type TypeSource = `lib/${string}.ts#${string}`;

/** The type token of `CvmCluster` (equal to `CVM_CLUSTER_TYPE`, checked by a test). */
export const CVM_CLUSTER_TYPE_TOKEN = "cvmkit:kubernetes:CvmCluster";
/** The type token of `CvmStack` (equal to `CVM_STACK_TYPE`, checked by a test). */
export const CVM_STACK_TYPE_TOKEN = "cvmkit:index:CvmStack";
/** The type token of the aws pool component. */
export const AWS_POOL_TYPE = "cvmkit:aws:SysboxNodeGroup";
/** The type token of the gcp pool component. */
export const GCP_POOL_TYPE = "cvmkit:gcp:SysboxNodePool";
/** The type token of the azure pool component. */
export const AZURE_POOL_TYPE = "cvmkit:azure:SysboxNodePool";

/** A component the provider serves. */
export interface ComponentShape {
    /** The args type (a union discriminated by {@link discriminant} is read member by member). */
    readonly args: TypeSource;
    /** The component class: its `pulumi.Output` properties are the outputs. */
    readonly class: TypeSource;
    /** For a union of args: the key whose literal names each member (`cloud`). */
    readonly discriminant?: string;
    /**
     * Args keys left out of the schema. `nodeDependencies` takes resources of the caller's program; other
     * languages express it with the `dependsOn` resource option of the node pool's consumers.
     */
    readonly notInSchema?: readonly string[];
}

export const COMPONENT_SHAPES: Readonly<Record<string, ComponentShape>> = {
    [CVM_CLUSTER_TYPE_TOKEN]: {
        args: "lib/kubernetes/cvm-cluster.ts#CvmClusterArgs",
        class: "lib/kubernetes/cvm-cluster.ts#CvmCluster",
        notInSchema: ["nodeDependencies"],
    },
    [CVM_STACK_TYPE_TOKEN]: {
        args: "lib/stack/args.ts#CvmStackArgs",
        class: "lib/stack/cvm-stack.ts#CvmStack",
        discriminant: "cloud",
    },
    [AWS_POOL_TYPE]: {
        args: "lib/aws/rules.ts#SysboxNodeGroupArgs",
        class: "lib/aws/node-group.ts#SysboxNodeGroup",
    },
    [GCP_POOL_TYPE]: {
        args: "lib/gcp/rules.ts#SysboxNodePoolArgs",
        class: "lib/gcp/node-pool.ts#SysboxNodePool",
    },
    [AZURE_POOL_TYPE]: {
        args: "lib/azure/rules.ts#SysboxNodePoolArgs",
        class: "lib/azure/node-pool.ts#SysboxNodePool",
    },
};

/**
 * A named type of the schema. A string-literal union without an entry is a plain `string` in the schema (the
 * component checks the value); an object type without one is an error of the generator.
 */
export interface TypeShape {
    readonly source: TypeSource;
    /**
     * The module whose copies of the shared pool types this type refers to (default: its own). The shared pool
     * types have one copy per cloud module: the Go SDK makes a package per module, and a union member from
     * another package is an import the Go code generator adds but does not use (`taint: bool | CvmTaint`
     * becomes `pulumi.Input`), which does not compile.
     */
    readonly scope?: SchemaModule;
}

/**
 * The types `file` holds in `module`: schema name → TypeScript name (`Interface.property` for an inline type).
 * `scope`: see {@link TypeShape.scope}.
 */
function inFile(
    module: SchemaModule,
    file: `lib/${string}.ts`,
    names: Readonly<Record<string, string>>,
    scope?: SchemaModule,
): Record<string, TypeShape> {
    return Object.fromEntries(
        Object.entries(names).map(([name, type]) => [
            `cvmkit:${module}:${name}`,
            { source: `${file}#${type}` as TypeSource, ...(scope ? { scope } : {}) },
        ]),
    );
}

/** `{ Name: "Name" }` for types whose schema name is their TypeScript name. */
const same = (...names: string[]): Record<string, string> =>
    Object.fromEntries(names.map((n) => [n, n]));

/** The pool types every cloud module has its own copy of. */
const poolTypes = (m: "aws" | "gcp" | "azure"): Record<string, TypeShape> => ({
    ...inFile(m, "lib/compat/node-pools.ts", {
        NodePoolSysbox: "NodePoolSysboxArgs",
        CvmTaint: "CvmTaintArgs",
    }),
    ...inFile(m, "lib/compat/hardware.ts", same("CpuArchitecture")),
});

export const TYPE_SHAPES: Readonly<Record<string, TypeShape>> = {
    // CvmCluster and the CVM settings
    ...inFile("kubernetes", "lib/manifests/config.ts", {
        ...same(
            "SupervisorConfig",
            "ResourceQuantities",
            "CachingMode",
            "SysboxRuntimeConfig",
            "UserNamespaceMode",
            "PolicyEnginesConfig",
            "GatekeeperConfig",
            "GatekeeperConstraintRef",
            "KyvernoConfig",
            "KyvernoPolicyRef",
            "NetworkPolicyConfig",
            "ValidationAction",
        ),
        KyvernoApiVersion: "KyvernoConfig.apiVersion",
    }),
    ...inFile("kubernetes", "lib/kubernetes/lifecycle.ts", same("NamespaceDeletionPolicy")),
    // CvmStack: its own types, and each cloud's cluster and node pool (using that cloud's pool types)
    ...inFile("index", "lib/stack/args.ts", { StackCloud: "StackCloud", StackCvm: "StackCvmArgs" }),
    ...inFile("index", "lib/aws/cluster-rules.ts", { AwsStackCluster: "ClusterArgs" }, "aws"),
    ...inFile("index", "lib/stack/args.ts", { AwsStackNodePool: "AwsStackNodePoolArgs" }, "aws"),
    ...inFile("index", "lib/gcp/cluster-rules.ts", { GcpStackCluster: "ClusterArgs" }, "gcp"),
    ...inFile("index", "lib/stack/args.ts", { GcpStackNodePool: "GcpStackNodePoolArgs" }, "gcp"),
    ...inFile("index", "lib/azure/cluster-rules.ts", { AzureStackCluster: "ClusterArgs" }, "azure"),
    ...inFile(
        "index",
        "lib/stack/args.ts",
        { AzureStackNodePool: "AzureStackNodePoolArgs" },
        "azure",
    ),
    // cvmkit/aws
    ...poolTypes("aws"),
    ...inFile("aws", "lib/aws/rules.ts", same("EksClusterInfo", "CapacityType")),
    ...inFile("aws", "lib/aws/ami.ts", same("UbuntuAmiFamily")),
    ...inFile("aws", "lib/aws/cluster-rules.ts", {
        ExistingCluster: "ClusterArgs.existing",
        IpFamily: "ClusterArgs.ipFamily",
    }),
    // cvmkit/gcp
    ...poolTypes("gcp"),
    ...inFile("gcp", "lib/gcp/rules.ts", {
        GkeClusterInfo: "GkeClusterInfo",
        GuestAccelerator: "GuestAcceleratorArgs",
    }),
    ...inFile("gcp", "lib/gcp/cluster-rules.ts", {
        ExistingCluster: "ClusterArgs.existing",
        ReleaseChannel: "ReleaseChannel",
    }),
    // cvmkit/azure
    ...poolTypes("azure"),
    ...inFile("azure", "lib/azure/rules.ts", {
        AksClusterInfo: "AksClusterInfo",
        AzurePolicyExclusion: "AzurePolicyExclusionArgs",
        PolicyEffect: "PolicyEffect",
        UbuntuOsSku: "UbuntuOsSku",
    }),
    ...inFile("azure", "lib/azure/kubelogin.ts", same("KubeloginMode")),
    ...inFile("azure", "lib/azure/cluster-rules.ts", { ExistingCluster: "ClusterArgs.existing" }),
};

/**
 * Secret properties (`token.property`, of a component's inputs and outputs or of a type): marked secret in every
 * SDK. A secret string input may also arrive as a parsed JSON object from a YAML program's config; the
 * provider turns it back into its text.
 */
export const SECRETS: readonly string[] = [
    `${CVM_CLUSTER_TYPE_TOKEN}.kubeconfig`,
    `${CVM_STACK_TYPE_TOKEN}.kubeconfig`,
    "cvmkit:index:AzureStackCluster.kubeconfig",
];

/**
 * Properties typed with an inline shape that the schema serves as a Kubernetes type of the pulumi-kubernetes
 * schema (`path` → `group/version:Kind`; a type imported from `kubernetes-types` needs no entry). The pools'
 * `tolerations` outputs are `{ key, operator, value, effect }[]`, a subset of `core/v1:Toleration`.
 */
export const KUBERNETES_REFS: Readonly<Record<string, string>> = {
    [`${AWS_POOL_TYPE}.tolerations[]`]: "core/v1:Toleration",
    [`${GCP_POOL_TYPE}.tolerations[]`]: "core/v1:Toleration",
    [`${AZURE_POOL_TYPE}.tolerations[]`]: "core/v1:Toleration",
};
