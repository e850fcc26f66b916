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

/** The pool types every cloud module has its own copy of. */
const poolTypes = (m: "aws" | "gcp" | "azure"): Record<string, TypeShape> => ({
    [`cvmkit:${m}:NodePoolSysbox`]: { source: "lib/compat/node-pools.ts#NodePoolSysboxArgs" },
    [`cvmkit:${m}:CvmTaint`]: { source: "lib/compat/node-pools.ts#CvmTaintArgs" },
    [`cvmkit:${m}:CpuArchitecture`]: { source: "lib/compat/machine-sizes.ts#CpuArchitecture" },
});

export const TYPE_SHAPES: Readonly<Record<string, TypeShape>> = {
    // CvmCluster and the CVM settings
    "cvmkit:kubernetes:SupervisorConfig": { source: "lib/manifests/config.ts#SupervisorConfig" },
    "cvmkit:kubernetes:ResourceQuantities": {
        source: "lib/manifests/config.ts#ResourceQuantities",
    },
    "cvmkit:kubernetes:CachingMode": { source: "lib/manifests/config.ts#CachingMode" },
    "cvmkit:kubernetes:SysboxRuntimeConfig": {
        source: "lib/manifests/config.ts#SysboxRuntimeConfig",
    },
    "cvmkit:kubernetes:UserNamespaceMode": { source: "lib/manifests/config.ts#UserNamespaceMode" },
    "cvmkit:kubernetes:PolicyEnginesConfig": {
        source: "lib/manifests/config.ts#PolicyEnginesConfig",
    },
    "cvmkit:kubernetes:GatekeeperConfig": { source: "lib/manifests/config.ts#GatekeeperConfig" },
    "cvmkit:kubernetes:GatekeeperConstraintRef": {
        source: "lib/manifests/config.ts#GatekeeperConstraintRef",
    },
    "cvmkit:kubernetes:KyvernoConfig": { source: "lib/manifests/config.ts#KyvernoConfig" },
    "cvmkit:kubernetes:KyvernoPolicyRef": { source: "lib/manifests/config.ts#KyvernoPolicyRef" },
    "cvmkit:kubernetes:KyvernoApiVersion": {
        source: "lib/manifests/config.ts#KyvernoConfig.apiVersion",
    },
    "cvmkit:kubernetes:NetworkPolicyConfig": {
        source: "lib/manifests/config.ts#NetworkPolicyConfig",
    },
    "cvmkit:kubernetes:ValidationAction": { source: "lib/manifests/config.ts#ValidationAction" },
    "cvmkit:kubernetes:NamespaceDeletionPolicy": {
        source: "lib/kubernetes/lifecycle.ts#NamespaceDeletionPolicy",
    },
    // CvmStack
    "cvmkit:index:StackCloud": { source: "lib/stack/args.ts#StackCloud" },
    "cvmkit:index:StackCvm": { source: "lib/stack/args.ts#StackCvmArgs" },
    "cvmkit:index:AwsStackCluster": {
        source: "lib/aws/cluster-rules.ts#ClusterArgs",
        scope: "aws",
    },
    "cvmkit:index:AwsStackNodePool": {
        source: "lib/stack/args.ts#AwsStackNodePoolArgs",
        scope: "aws",
    },
    "cvmkit:index:GcpStackCluster": {
        source: "lib/gcp/cluster-rules.ts#ClusterArgs",
        scope: "gcp",
    },
    "cvmkit:index:GcpStackNodePool": {
        source: "lib/stack/args.ts#GcpStackNodePoolArgs",
        scope: "gcp",
    },
    "cvmkit:index:AzureStackCluster": {
        source: "lib/azure/cluster-rules.ts#ClusterArgs",
        scope: "azure",
    },
    "cvmkit:index:AzureStackNodePool": {
        source: "lib/stack/args.ts#AzureStackNodePoolArgs",
        scope: "azure",
    },
    // cvmkit/aws
    ...poolTypes("aws"),
    "cvmkit:aws:EksClusterInfo": { source: "lib/aws/rules.ts#EksClusterInfo" },
    "cvmkit:aws:UbuntuAmiFamily": { source: "lib/aws/ami.ts#UbuntuAmiFamily" },
    "cvmkit:aws:CapacityType": { source: "lib/aws/rules.ts#CapacityType" },
    "cvmkit:aws:ExistingCluster": { source: "lib/aws/cluster-rules.ts#ClusterArgs.existing" },
    "cvmkit:aws:IpFamily": { source: "lib/aws/cluster-rules.ts#ClusterArgs.ipFamily" },
    // cvmkit/gcp
    ...poolTypes("gcp"),
    "cvmkit:gcp:GkeClusterInfo": { source: "lib/gcp/rules.ts#GkeClusterInfo" },
    "cvmkit:gcp:GuestAccelerator": { source: "lib/gcp/rules.ts#GuestAcceleratorArgs" },
    "cvmkit:gcp:ExistingCluster": { source: "lib/gcp/cluster-rules.ts#ClusterArgs.existing" },
    "cvmkit:gcp:ReleaseChannel": { source: "lib/gcp/cluster-rules.ts#ReleaseChannel" },
    // cvmkit/azure
    ...poolTypes("azure"),
    "cvmkit:azure:AksClusterInfo": { source: "lib/azure/rules.ts#AksClusterInfo" },
    "cvmkit:azure:AzurePolicyExclusion": { source: "lib/azure/rules.ts#AzurePolicyExclusionArgs" },
    "cvmkit:azure:PolicyEffect": { source: "lib/azure/rules.ts#PolicyEffect" },
    "cvmkit:azure:UbuntuOsSku": { source: "lib/azure/rules.ts#UbuntuOsSku" },
    "cvmkit:azure:KubeloginMode": { source: "lib/azure/kubelogin.ts#KubeloginMode" },
    "cvmkit:azure:ExistingCluster": { source: "lib/azure/cluster-rules.ts#ClusterArgs.existing" },
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
