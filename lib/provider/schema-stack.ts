import type { StackCloud, StackCvmArgs } from "../stack/args";
import type { CvmStack } from "../stack/cvm-stack";
import { AWS_STACK_INPUT_PATHS, AWS_STACK_T } from "./schema-aws";
import { AZURE_STACK_INPUT_PATHS, AZURE_STACK_T } from "./schema-azure";
import { CLUSTER_OUTPUTS, CVM_SETTINGS, OutputKeys } from "./schema-cluster";
import { GCP_STACK_INPUT_PATHS, GCP_STACK_T } from "./schema-gcp";
import {
    ComponentSpec,
    EnumTypeSpec,
    enumType,
    KUBERNETES_SCHEMA_VERSION,
    ObjectTypeSpec,
    objectType,
    PropertySpec,
    ref,
    secretString,
    str,
} from "./spec";

/**
 * The schema of `CvmStack`. Its TypeScript arguments are a union discriminated by `cloud`; a Pulumi resource
 * has one set of inputs, so the schema carries the union as `cloud` (an enum) plus `cluster` and `nodePool`
 * typed as the union of the three clouds' shapes (`oneOf`), and the `existing` fields beside them. The
 * component itself then applies the TypeScript union's rules: a key that does not belong to the chosen cloud
 * (`kubeconfig` with `cloud: "aws"`, a GKE `machineType` in an EKS `nodePool`) is refused with the same
 * field/value/fix message as in a TypeScript program.
 */

/** The type token of `CvmStack` (equal to `CVM_STACK_TYPE`, checked by a test). */
export const CVM_STACK_TYPE_TOKEN = "cvmkit:index:CvmStack";

const T = {
    cloud: "cvmkit:index:StackCloud",
    cvm: "cvmkit:index:StackCvm",
} as const;

export const STACK_TYPES: Readonly<Record<string, ObjectTypeSpec | EnumTypeSpec>> = {
    [T.cloud]: enumType<StackCloud>("The cloud a CvmStack builds on.", {
        aws: "EKS: a new cluster or `cluster.existing`, and a Canonical Ubuntu EKS node group.",
        gcp: "GKE Standard: a new cluster or `cluster.existing`, and a UBUNTU_CONTAINERD node pool.",
        azure: "AKS: a new cluster or `cluster.existing`, and an Ubuntu agent pool.",
        existing: "Any cluster reached through a kubeconfig: only the Kubernetes side.",
    }),
    [T.cvm]: objectType<StackCvmArgs>(
        "The CvmCluster settings of a stack (version and kubeconfig come from the cluster; nodeSelector and tolerations are merged with the pool's).",
        CVM_SETTINGS,
    ),
};

/** `{ cloud: … }` for each cloud with a node pool: the `oneOf` members of `cluster` and `nodePool`. */
const CLOUD_SHAPES = [AWS_STACK_T, GCP_STACK_T, AZURE_STACK_T] as const;

const oneOfRefs = (
    tokens: readonly string[],
    description: string,
    orFalse = false,
): PropertySpec => ({
    oneOf: [
        ...(orFalse ? [{ type: "boolean" as const }] : []),
        ...tokens.map((t) => ({ $ref: `#/types/${t}` })),
    ],
    description,
});

/**
 * The inputs of `CvmStack`: every key of every member of the `CvmStackArgs` union (the test checks this
 * against the TypeScript union).
 */
const STACK_INPUTS: Readonly<Record<string, PropertySpec>> = {
    cloud: ref(T.cloud, 'The cloud: "aws", "gcp", "azure" or "existing". Required.'),
    cluster: oneOfRefs(
        CLOUD_SHAPES.map((s) => s.cluster),
        "aws, gcp, azure: create a minimal cluster, or `{ existing: { name, … } }` to use one. The shape of the chosen cloud.",
    ),
    nodePool: oneOfRefs(
        CLOUD_SHAPES.map((s) => s.nodePool),
        "aws, gcp, azure: the CVM node pool of the chosen cloud, or false for none (only with `cluster.existing`). Default: one 4-vCPU Ubuntu node.",
        true,
    ),
    cvm: ref(T.cvm, 'The CVM settings. Default: supervisor mode in namespace "cvm-workspaces".'),
    kubeconfig: secretString(
        "existing: kubeconfig contents (secret). Default: $KUBECONFIG or ~/.kube/config of the provider process.",
    ),
    context: str("existing: kubeconfig context. Default: the current context."),
    kubernetesVersion: str(
        "existing: the cluster's Kubernetes version, so every check runs at preview. Default: read from /version.",
    ),
    clusterName: str(
        'existing: a name for the cluster in the outputs. Default: the context, or "existing".',
    ),
};

/** The `CvmStack` outputs: those of `CvmCluster`, the kubeconfig, the cluster name and the provider. */
const STACK_OUTPUTS: { readonly [K in OutputKeys<CvmStack> | "provider"]-?: PropertySpec } = {
    ...CLUSTER_OUTPUTS,
    kubeconfig: secretString("Kubeconfig of the cluster (secret); unset for existing without one."),
    clusterName: str("The cluster name."),
    provider: {
        $ref: `/kubernetes/v${KUBERNETES_SCHEMA_VERSION}/schema.json#/provider`,
        description:
            "The Kubernetes provider of the cluster: pass it to the workspaces' resources (`providers` / `provider` option).",
    },
};

/** The Input paths of each cloud's shape (a key can be an Input on one cloud and plain on another). */
const STACK_INPUT_PATHS_BY_CLOUD: { readonly [C in StackCloud]: readonly string[] } = {
    aws: AWS_STACK_INPUT_PATHS,
    gcp: GCP_STACK_INPUT_PATHS,
    azure: AZURE_STACK_INPUT_PATHS,
    existing: [],
};

export const STACK_COMPONENTS: Readonly<Record<string, ComponentSpec>> = {
    [CVM_STACK_TYPE_TOKEN]: {
        resource: {
            isComponent: true,
            description:
                "One typed stack for a whole cloud: cluster (new or existing), Sysbox-ready CVM node pool, Kubernetes provider and CvmCluster; or, with cloud existing, the Kubernetes side on any cluster.",
            inputProperties: STACK_INPUTS,
            requiredInputs: ["cloud"],
            properties: STACK_OUTPUTS,
            required: [
                "clusterName",
                "kubernetesVersion",
                "namespace",
                "serviceAccountName",
                "nodeSelector",
                "tolerations",
                "supervisorPodTemplate",
                "provider",
            ],
        },
        inputPaths: [
            ...new Set([
                ...AWS_STACK_INPUT_PATHS,
                ...GCP_STACK_INPUT_PATHS,
                ...AZURE_STACK_INPUT_PATHS,
            ]),
        ],
        // the kubeconfig of an existing AKS cluster (`cluster.kubeconfig`) may come from JSON config too
        stringPaths: ["kubeconfig", "cluster.kubeconfig"],
        inputPathsBy: { key: "cloud", paths: STACK_INPUT_PATHS_BY_CLOUD },
    },
};
