import type * as pulumi from "@pulumi/pulumi";
import type {
    CachingMode,
    GatekeeperConfig,
    GatekeeperConstraintRef,
    KyvernoConfig,
    KyvernoPolicyRef,
    NetworkPolicyConfig,
    PolicyEnginesConfig,
    ResourceQuantities,
    SupervisorConfig,
    SysboxRuntimeConfig,
    UserNamespaceMode,
    ValidationAction,
} from "../manifests";
import type { CvmClusterArgs, NamespaceDeletionPolicy } from "../kubernetes";
import type { CvmCluster } from "../kubernetes";
import {
    arrayOf,
    bool,
    enumType,
    EnumTypeSpec,
    kube,
    ObjectTypeSpec,
    objectType,
    PropertySpec,
    ref,
    ComponentSpec,
    ResourceSpec,
    secretString,
    str,
    stringMap,
    strings,
} from "./spec";

/**
 * The schema of `CvmCluster` and of the CVM settings it shares with `CvmStack` (`cvm`): every key of the
 * TypeScript types, checked by the compiler through {@link objectType} and the mapped types below.
 */

/** The type token of `CvmCluster` (equal to `CVM_CLUSTER_TYPE`, checked by a test). */
export const CVM_CLUSTER_TYPE_TOKEN = "cvmkit:kubernetes:CvmCluster";

/** Type tokens of the CVM settings. */
const T = {
    supervisor: "cvmkit:kubernetes:SupervisorConfig",
    quantities: "cvmkit:kubernetes:ResourceQuantities",
    caching: "cvmkit:kubernetes:CachingMode",
    sysbox: "cvmkit:kubernetes:SysboxRuntimeConfig",
    userNamespaces: "cvmkit:kubernetes:UserNamespaceMode",
    engines: "cvmkit:kubernetes:PolicyEnginesConfig",
    gatekeeper: "cvmkit:kubernetes:GatekeeperConfig",
    constraint: "cvmkit:kubernetes:GatekeeperConstraintRef",
    kyverno: "cvmkit:kubernetes:KyvernoConfig",
    kyvernoPolicy: "cvmkit:kubernetes:KyvernoPolicyRef",
    kyvernoApi: "cvmkit:kubernetes:KyvernoApiVersion",
    network: "cvmkit:kubernetes:NetworkPolicyConfig",
    action: "cvmkit:kubernetes:ValidationAction",
    deletion: "cvmkit:kubernetes:NamespaceDeletionPolicy",
} as const;

export const CLUSTER_TYPES: Readonly<Record<string, ObjectTypeSpec | EnumTypeSpec>> = {
    [T.quantities]: objectType<ResourceQuantities>("CPU and memory quantities.", {
        cpu: str('CPU quantity, e.g. "2".'),
        memory: str('Memory quantity, e.g. "4Gi".'),
    }),
    [T.caching]: enumType<CachingMode>(
        "Host-path layout of the supervisor (Coder's CVM caching modes).",
        {
            none: "/usr/src and /lib/modules, read-only.",
            cached: "Also host /var/run (read-only) and /var/lib (read-write).",
            "cached-shiftfs": "As cached, with /usr/src and /lib/modules read-write.",
        },
    ),
    [T.supervisor]: objectType<SupervisorConfig>("Settings of the privileged CVM supervisor.", {
        image: str('The supervisor image. Default "ghcr.io/coder/envbox:0.6.7".'),
        allowedImages: strings("Further images allowed to run privileged in the CVM namespace."),
        caching: ref(T.caching, 'Host-path layout. Default "none".'),
        command: strings('The supervisor\'s command. Default ["/envbox", "docker"].'),
        pinCommand: bool(
            "Pods using the supervisor exception run exactly `command` (no args, exec probes/hooks, loader env). Default true.",
        ),
        writableKernelPaths: bool(
            "Mount /usr/src and /lib/modules read-write (Coder's kubernetes-envbox template). Default false.",
        ),
        requests: ref(T.quantities, 'Requests. Default { cpu: "1", memory: "2Gi" }.'),
        limits: ref(T.quantities, 'Limits. Default { cpu: "4", memory: "8Gi" }.'),
        prePull: bool("Pre-pull the supervisor image on every CVM node. Default true."),
    }),
    [T.userNamespaces]: enumType<UserNamespaceMode>(
        "How Sysbox workspace pods get a user namespace.",
        {
            auto: "hostUsers on 1.33+, the CRI-O annotation below.",
            hostUsers: "spec.hostUsers: false.",
            "crio-annotation": "io.kubernetes.cri-o.userns-mode: auto:size=65536.",
        },
    ),
    [T.sysbox]: objectType<SysboxRuntimeConfig>("The node-level Sysbox runtime.", {
        enabled: bool("Install Sysbox and create the sysbox-runc RuntimeClass. Default false."),
        installerTag: str(
            "Installer image tag. Default: the newest release for the cluster's minor.",
        ),
        installerRepository: str("Installer image repository."),
        installerNamespace: str('Namespace of the installer DaemonSet. Default "kube-system".'),
        mgrConfig: str("Extra flags for sysbox-mgr."),
        fsConfig: str("Extra flags for sysbox-fs."),
        workspaceImage: str("Image of the Sysbox workspace pod template."),
        userNamespaces: ref(T.userNamespaces, 'User namespaces of workspace pods. Default "auto".'),
        cleanupNodes: bool(
            "With the runtime off: render Sysbox's node cleanup DaemonSet (YAML/cdk8s only; CvmCluster refuses it — run `cvmkit sysbox-cleanup`). Default false.",
        ),
    }),
    [T.constraint]: objectType<GatekeeperConstraintRef>(
        "A Gatekeeper constraint that must not apply to the CVM namespace.",
        {
            kind: str("Constraint kind, e.g. K8sPSPPrivilegedContainer."),
            name: str("Constraint name."),
            excludedNamespaces: strings('Namespaces it already excludes. Default ["kube-system"].'),
        },
        ["kind", "name"],
    ),
    [T.gatekeeper]: objectType<GatekeeperConfig>("Gatekeeper exemption settings.", {
        constraints: arrayOf(
            ref(T.constraint, ""),
            "The constraints to exempt the CVM namespace from.",
        ),
    }),
    [T.kyvernoPolicy]: objectType<KyvernoPolicyRef>(
        "A Kyverno policy and the rules of it that must not apply to CVM pods.",
        {
            policyName: str("Policy name."),
            ruleNames: strings("Rule names (autogen rules too)."),
            podSecurity: bool(
                "The rules are validate.podSecurity rules (exempted per control), not pattern rules. Default false.",
            ),
        },
        ["policyName", "ruleNames"],
    ),
    [T.kyvernoApi]: enumType<NonNullable<KyvernoConfig["apiVersion"]>>(
        "PolicyException apiVersion.",
        {
            "kyverno.io/v2": "Kyverno 1.13+.",
            "kyverno.io/v2beta1": "Kyverno 1.12.",
        },
    ),
    [T.kyverno]: objectType<KyvernoConfig>("Kyverno exemption settings.", {
        apiVersion: ref(T.kyvernoApi, 'PolicyException apiVersion. Default "kyverno.io/v2".'),
        exceptionNamespace: str("Namespace of the PolicyException. Default: the CVM namespace."),
        policies: arrayOf(ref(T.kyvernoPolicy, ""), "Policies and rules to exempt."),
    }),
    [T.engines]: objectType<PolicyEnginesConfig>("The admission engines the cluster runs.", {
        gatekeeper: {
            oneOf: [{ type: "boolean" }, { $ref: `#/types/${T.gatekeeper}` }],
            description:
                "OPA Gatekeeper: true for the defaults, or the constraints. Default false.",
        },
        kyverno: {
            oneOf: [{ type: "boolean" }, { $ref: `#/types/${T.kyverno}` }],
            description: "Kyverno: true for the defaults, or the policies. Default false.",
        },
    }),
    [T.network]: objectType<NetworkPolicyConfig>("The NetworkPolicies of the CVM namespace.", {
        enabled: bool("Render the NetworkPolicies. Default true."),
        ingressFromNamespaces: strings(
            "Further namespaces whose pods may connect to workspace pods.",
        ),
        denyEgressTo: strings("Further CIDRs workspace pods must not reach."),
    }),
    [T.action]: enumType<ValidationAction>("An action of the ValidatingAdmissionPolicy binding.", {
        Deny: "Reject violating requests.",
        Warn: "Warn the client.",
        Audit: "Record in the audit log.",
    }),
    [T.deletion]: enumType<NamespaceDeletionPolicy>("What destroy does with the CVM namespace.", {
        retain: "Keep the namespace, its pods and PVCs; remove cvmkit's other objects.",
        delete: "Delete the namespace and everything in it.",
    }),
};

/**
 * The `CvmClusterArgs` keys the schema leaves out, with the reason. `nodeDependencies` takes resources of the
 * caller's program; other languages express it with the `dependsOn` resource option of the node pool's
 * consumers, which a component cannot receive as an input.
 */
export const CLUSTER_ARGS_NOT_IN_SCHEMA = ["nodeDependencies"] as const;

/** The CVM settings (every `CvmClusterArgs` key but the version, the kubeconfig and its context). */
export type CvmSettingsKey = Exclude<
    keyof CvmClusterArgs,
    (typeof CLUSTER_ARGS_NOT_IN_SCHEMA)[number] | "kubernetesVersion" | "kubeconfig" | "context"
>;

export const CVM_SETTINGS: { readonly [K in CvmSettingsKey]-?: PropertySpec } = {
    namespace: str('The CVM namespace. Default "cvm-workspaces".'),
    supervisor: ref(T.supervisor, "The CVM supervisor."),
    sysboxRuntime: ref(T.sysbox, "The node-level Sysbox runtime. Default off."),
    policyEngines: ref(
        T.engines,
        "Admission engines to exempt the CVM namespace from. Default none.",
    ),
    networkPolicy: ref(T.network, "NetworkPolicies of the CVM namespace. Default on."),
    nodeSelector: stringMap("Labels that select CVM nodes. Default {} (any Linux node)."),
    tolerations: arrayOf(kube("core/v1:Toleration"), "Tolerations for the taints of CVM nodes."),
    labels: stringMap("Extra labels on every object."),
    admissionPolicyActions: arrayOf(
        ref(T.action, ""),
        'Actions of the admission policy binding. Default ["Deny"].',
    ),
    namespaceDeletionPolicy: ref(
        T.deletion,
        'What destroy does with the CVM namespace. Default "retain".',
    ),
    forceNamespaceDeletion: bool(
        "With delete: also when the namespace holds foreign pods or PVCs. Default false.",
    ),
    keepPreviousNamespace: bool(
        "Allow changing namespace while the old one exists (it is kept). Default false.",
    ),
};

const CLUSTER_INPUTS: {
    readonly [
        K in Exclude<keyof CvmClusterArgs, (typeof CLUSTER_ARGS_NOT_IN_SCHEMA)[number]>
    ]-?: PropertySpec;
} = {
    ...CVM_SETTINGS,
    kubernetesVersion: str(
        "The cluster's Kubernetes version. Default: read from /version through kubeconfig.",
    ),
    kubeconfig: secretString(
        "Kubeconfig of the cluster (read-only checks, /version). A secret, never stored as an input.",
    ),
    context: str("Kubeconfig context. Default: the current context."),
};

/** The `pulumi.Output` properties of a component class, without `urn`. */
export type OutputKeys<C> = Exclude<
    { [K in keyof C]-?: C[K] extends pulumi.Output<unknown> ? K : never }[keyof C],
    "urn"
>;

/** The outputs of `CvmCluster` (and of `CvmStack`, which has them too). */
export const CLUSTER_OUTPUTS: { readonly [K in OutputKeys<CvmCluster>]-?: PropertySpec } = {
    namespace: str("The CVM namespace."),
    serviceAccountName: str("The supervisor ServiceAccount name."),
    runtimeClassName: str("sysbox-runc when the Sysbox runtime is on."),
    nodeSelector: stringMap("Node selector for CVM pods."),
    tolerations: arrayOf(kube("core/v1:Toleration"), "Tolerations for CVM pods."),
    supervisorPodTemplate: kube("core/v1:PodTemplateSpec", "Template of supervisor-mode CVM pods."),
    sysboxPodTemplate: kube("core/v1:PodTemplateSpec", "Template of Sysbox-runtime CVM pods."),
    kubernetesVersion: str("The Kubernetes minor the objects were chosen for, e.g. 1.33."),
};

export const CVM_CLUSTER_RESOURCE: ResourceSpec = {
    isComponent: true,
    description:
        "Makes an existing Kubernetes cluster ready for CVMs (namespace with scoped privilege, supervisor " +
        "ServiceAccount, admission exemptions, Sysbox runtime, image pre-pull). Pass the cluster's Kubernetes " +
        "provider with the `providers` resource option.",
    inputProperties: CLUSTER_INPUTS,
    properties: CLUSTER_OUTPUTS,
    required: [
        "namespace",
        "serviceAccountName",
        "nodeSelector",
        "tolerations",
        "supervisorPodTemplate",
        "kubernetesVersion",
    ],
};

export const CLUSTER_COMPONENTS: Readonly<Record<string, ComponentSpec>> = {
    [CVM_CLUSTER_TYPE_TOKEN]: {
        resource: CVM_CLUSTER_RESOURCE,
        inputPaths: [],
        stringPaths: ["kubeconfig"],
    },
};
