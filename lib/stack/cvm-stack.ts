import { Provider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import type { PodTemplateSpec, Toleration } from "kubernetes-types/core/v1";
import {
    assertOptionalObject,
    CvmkitConfigError,
    describeValue,
    ErrorCollector,
    fail,
    newestMinor,
} from "../compat";
import { configOf, CvmCluster, CvmClusterArgs } from "../kubernetes/cvm-cluster";
import { resolveLifecycle } from "../kubernetes/lifecycle";
import { resolveConfig } from "../manifests";
import type { CvmStackArgs, ExistingStackArgs, StackCvmArgs } from "./args";
import { STACK_CLOUDS } from "./args";
import { assertInputs } from "../kubernetes/input-errors";
import { CloudPlan, planAws, planAzure, planGcp } from "./cloud-plans";

/**
 * `CvmStack`: one typed component for a whole cloud (cluster, CVM node pool, Kubernetes provider, CvmCluster).
 * `planStack` checks all its args first; the cloud branches are in cloud-plans.ts.
 */

/** The type token of {@link CvmStack}. */
export const CVM_STACK_TYPE = "cvmkit:index:CvmStack";

const ALLOWED_KEYS: Readonly<Record<CvmStackArgs["cloud"], readonly string[]>> = {
    aws: ["cloud", "cluster", "nodePool", "cvm"],
    gcp: ["cloud", "cluster", "nodePool", "cvm"],
    azure: ["cloud", "cluster", "nodePool", "cvm"],
    existing: ["cloud", "kubeconfig", "context", "kubernetesVersion", "clusterName", "cvm"],
};

/** What {@link planStack} decided, before anything is registered. */
export interface StackPlan extends CloudPlan {
    readonly cloud: CvmStackArgs["cloud"];
    /** The `CvmCluster` args, without version, kubeconfig and node dependencies. */
    readonly cvm: StackCvmArgs;
}

/** The version used to check `cvm` settings when the stack does not know the cluster version. */
function placeholderVersion(cvm: StackCvmArgs): string {
    return newestMinor(cvm.sysboxRuntime?.installerTag);
}

function planExisting(args: ExistingStackArgs): CloudPlan {
    if (args.context !== undefined && typeof args.context !== "string") {
        fail("context", args.context, "must be a string", "pass the kubeconfig context name");
    }
    if (args.kubernetesVersion !== undefined && typeof args.kubernetesVersion !== "string") {
        fail("kubernetesVersion", args.kubernetesVersion, "must be a string", 'pass e.g. "1.33"');
    }
    return args.kubernetesVersion !== undefined
        ? { kubernetesVersion: args.kubernetesVersion, versionField: "kubernetesVersion" }
        : {};
}

/**
 * Checks the whole {@link CvmStackArgs} union — the cloud, the cluster, the node pool and the `CvmCluster`
 * settings — and returns what to build. Loads only the chosen cloud's pure rules (no SDK). Throws a
 * {@link CvmkitConfigError} whose field is the path in the stack args (`nodePool.instanceTypes[0]`).
 */
export function planStack(args: CvmStackArgs): StackPlan {
    if (!args || typeof args !== "object" || Array.isArray(args)) {
        fail("args", args, "missing", 'pass { cloud: "aws" | "gcp" | "azure" | "existing", … }');
    }
    const cloud = (args as { cloud?: unknown }).cloud;
    if (typeof cloud !== "string" || !(STACK_CLOUDS as readonly string[]).includes(cloud)) {
        fail(
            "cloud",
            cloud,
            "not a cloud cvmkit builds on",
            `use one of ${STACK_CLOUDS.map((c) => `"${c}"`).join(", ")} ("existing" for any cluster reached by kubeconfig)`,
        );
    }
    const allowed = ALLOWED_KEYS[args.cloud];
    // every key of another cloud at once (a program moved from one cloud to another has several)
    const foreign = new ErrorCollector();
    for (const key of Object.keys(args)) {
        if (!allowed.includes(key)) {
            foreign.attempt(() =>
                fail(
                    key,
                    (args as unknown as Record<string, unknown>)[key],
                    `is not a setting of a "${args.cloud}" stack`,
                    `remove it; a "${args.cloud}" stack takes ${allowed.join(", ")}`,
                ),
            );
        }
    }
    foreign.throwIfAny();
    assertOptionalObject(
        "cvm",
        args.cvm,
        "pass the CvmCluster settings, e.g. { sysboxRuntime: { enabled: true } }",
    );
    const cvmIn: StackCvmArgs = args.cvm ?? {};
    let part: CloudPlan;
    switch (args.cloud) {
        case "aws":
            part = planAws(args, cvmIn);
            break;
        case "gcp":
            part = planGcp(args, cvmIn);
            break;
        case "azure":
            part = planAzure(args, cvmIn);
            break;
        case "existing":
            part = planExisting(args);
            break;
        default: {
            const exhaustive: never = args;
            fail("cloud", exhaustive, "unknown", "use aws, gcp, azure or existing");
        }
    }
    const pool = part.pool;
    const userSelector = cvmIn.nodeSelector;
    const userTolerations = cvmIn.tolerations;
    if (userTolerations !== undefined && !Array.isArray(userTolerations)) {
        fail(
            "cvm.tolerations",
            userTolerations,
            "must be a list",
            "pass [{ key, operator, value, effect }]",
        );
    }
    const cvm: StackCvmArgs = {
        ...cvmIn,
        ...(pool || userSelector
            ? { nodeSelector: { ...(pool?.nodeSelector ?? {}), ...(userSelector ?? {}) } }
            : {}),
        ...(pool?.tolerations.length || userTolerations
            ? {
                  tolerations: [
                      ...((pool?.tolerations ?? []) as Toleration[]),
                      ...(userTolerations ?? []),
                  ],
              }
            : {}),
    };
    // The CvmCluster checks, with the stack's version (or the installer's newest minor when unknown).
    try {
        resolveConfig(configOf(cvm, part.kubernetesVersion ?? placeholderVersion(cvm)));
        resolveLifecycle(cvm);
    } catch (err) {
        if (err instanceof CvmkitConfigError) {
            const field =
                err.field === "kubernetesVersion" && part.versionField
                    ? part.versionField
                    : `cvm.${err.field.replace(/^\./, "")}`;
            throw new CvmkitConfigError(field, err.value, err.reason, err.fix);
        }
        throw err;
    }
    return { cloud: args.cloud, ...part, cvm };
}

/** A cloud cluster component as the stack sees it. */
interface StackCluster {
    readonly resource: pulumi.ComponentResource;
    readonly clusterName: pulumi.Output<string>;
    readonly kubeconfig?: pulumi.Output<string>;
}

/** The cluster component's outputs the stack uses. */
function stackCluster(
    cluster: {
        readonly clusterName: pulumi.Output<string>;
        readonly kubeconfig: pulumi.Output<string>;
    } & pulumi.ComponentResource,
): StackCluster {
    return { resource: cluster, clusterName: cluster.clusterName, kubeconfig: cluster.kubeconfig };
}

function buildCloud(
    name: string,
    args: CvmStackArgs,
    plan: StackPlan,
    parent: pulumi.Resource,
): { cluster?: StackCluster; pool?: pulumi.ComponentResource } {
    const opts = { parent };
    const poolName = `${name}-cvm`;
    switch (args.cloud) {
        case "aws": {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const aws = require("../aws") as typeof import("../aws");
            const cluster = new aws.Cluster(name, args.cluster, opts);
            if (!plan.poolArgs) return { cluster: stackCluster(cluster) };
            const poolArgs = plan.poolArgs as Omit<import("../aws").SysboxNodeGroupArgs, "cluster">;
            const pool = new aws.SysboxNodeGroup(poolName, { ...poolArgs, cluster }, opts);
            return { cluster: stackCluster(cluster), pool };
        }
        case "gcp": {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const gcp = require("../gcp") as typeof import("../gcp");
            const cluster = new gcp.Cluster(name, args.cluster, opts);
            if (!plan.poolArgs) return { cluster: stackCluster(cluster) };
            const poolArgs = plan.poolArgs as Omit<import("../gcp").SysboxNodePoolArgs, "cluster">;
            const pool = new gcp.SysboxNodePool(poolName, { ...poolArgs, cluster }, opts);
            return { cluster: stackCluster(cluster), pool };
        }
        case "azure": {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const azure = require("../azure") as typeof import("../azure");
            const cluster = new azure.Cluster(name, args.cluster, opts);
            if (!plan.poolArgs) return { cluster: stackCluster(cluster) };
            const poolArgs = plan.poolArgs as Omit<
                import("../azure").SysboxNodePoolArgs,
                "cluster"
            >;
            const { resourceGroupName, clusterName, clusterId, kubernetesVersion } = cluster;
            const pool = new azure.SysboxNodePool(
                poolName,
                {
                    ...poolArgs,
                    cluster: {
                        resourceGroupName,
                        clusterName,
                        clusterId,
                        kubernetesVersion,
                        azurePolicyEnabled: cluster.azurePolicyEnabled,
                    },
                },
                opts,
            );
            return { cluster: stackCluster(cluster), pool };
        }
        case "existing":
            return {};
        default: {
            const exhaustive: never = args;
            throw new Error(`unknown cloud ${describeValue(exhaustive)}`);
        }
    }
}

/**
 * One typed stack from an empty cloud account (or a cluster you run) to a cluster ready for CVMs:
 *
 * - `aws` / `gcp` / `azure`: the cloud's `Cluster` (created, or an existing one) and its Sysbox-ready node pool;
 *   `existing`: any cluster reached through a kubeconfig, no pool.
 * - A Kubernetes provider from the cluster's kubeconfig.
 * - A `CvmCluster` with the pool's node selector and tolerations merged into the CVM settings.
 *
 * Dependencies are only the real ones: the `CvmCluster` uses the provider (so it waits for the cluster), and
 * only its DaemonSets (Sysbox installer, image pre-pull) wait for the node pool; namespace, RBAC, admission
 * objects and the RuntimeClass are created while the nodes boot.
 *
 * The whole union is checked before anything is registered, and only the chosen cloud's SDK is loaded. The
 * Kubernetes version passed to `CvmCluster` comes from the args (the cluster's or pool's version), so previews
 * of new clusters work; for existing clusters without a version, `CvmCluster` reads `/version`.
 *
 * @example
 * const stack = new CvmStack("cvm", {
 *     cloud: "gcp",
 *     cluster: { kubernetesVersion: "1.33", location: "europe-west1-b" },
 *     nodePool: { machineType: "e2-standard-4" },
 *     cvm: { sysboxRuntime: { enabled: true } },
 * });
 * export const kubeconfig = stack.kubeconfig;
 */
export class CvmStack extends pulumi.ComponentResource {
    /** Kubeconfig of the cluster (secret); undefined for `existing` without a kubeconfig. */
    public readonly kubeconfig!: pulumi.Output<string | undefined>;
    /** The cluster name. */
    public readonly clusterName!: pulumi.Output<string>;
    /** The Kubernetes version the CVM objects were chosen for, e.g. `1.33`. */
    public readonly kubernetesVersion!: pulumi.Output<string>;
    /** The CVM namespace. */
    public readonly namespace!: pulumi.Output<string>;
    /** The supervisor ServiceAccount. */
    public readonly serviceAccountName!: pulumi.Output<string>;
    /** `sysbox-runc` when the Sysbox runtime is on. */
    public readonly runtimeClassName!: pulumi.Output<string | undefined>;
    /** Node selector of CVM pods. */
    public readonly nodeSelector!: pulumi.Output<Record<string, string>>;
    /** Tolerations of CVM pods. */
    public readonly tolerations!: pulumi.Output<Toleration[]>;
    /** Template of supervisor-mode CVM pods. */
    public readonly supervisorPodTemplate!: pulumi.Output<PodTemplateSpec>;
    /** Template of Sysbox-runtime CVM pods, when the runtime is on. */
    public readonly sysboxPodTemplate!: pulumi.Output<PodTemplateSpec | undefined>;
    /** The Kubernetes provider of the cluster. */
    public readonly provider!: Provider;
    /** The `CvmCluster`. */
    public readonly cvmCluster!: CvmCluster;
    /** The cloud `Cluster` component (none for `existing`). */
    public readonly cluster?: pulumi.ComponentResource;
    /** The cloud node pool component (none for `existing`). */
    public readonly nodePool?: pulumi.ComponentResource;

    constructor(name: string, args: CvmStackArgs, opts: pulumi.ComponentResourceOptions = {}) {
        const plan = assertInputs(() => planStack(args));
        super(CVM_STACK_TYPE, name, {}, opts);
        if (opts.urn) return;
        const built = buildCloud(name, args, plan, this);
        this.cluster = built.cluster?.resource;
        this.nodePool = built.pool;

        const existing = args.cloud === "existing" ? args : undefined;
        const kubeconfig: pulumi.Input<string> | undefined =
            built.cluster?.kubeconfig ?? existing?.kubeconfig;
        const clusterName =
            built.cluster?.clusterName ??
            pulumi.output(existing?.clusterName ?? existing?.context ?? "existing");
        // The kubeconfig is a credential: secret in the provider's inputs and outputs, whatever the caller passed.
        // `clusterIdentifier`: the provider (and with it every object) is replaced only when the cluster name
        // changes, not when the kubeconfig does (another URL of the same API server, a rotated token).
        this.provider = new Provider(
            `${name}-k8s`,
            {
                clusterIdentifier: clusterName,
                ...(kubeconfig !== undefined ? { kubeconfig: pulumi.secret(kubeconfig) } : {}),
                ...(existing?.context !== undefined ? { context: existing.context } : {}),
            },
            { parent: this },
        );
        const cvmArgs: CvmClusterArgs = {
            ...plan.cvm,
            ...(plan.kubernetesVersion !== undefined
                ? { kubernetesVersion: plan.kubernetesVersion }
                : {}),
            // For /version when the version is not known, and for the cluster checks of every preview and up.
            ...(kubeconfig !== undefined ? { kubeconfig } : {}),
            ...(existing?.context !== undefined ? { context: existing.context } : {}),
            ...(built.pool ? { nodeDependencies: [built.pool] } : {}),
        };
        this.cvmCluster = new CvmCluster(name, cvmArgs, { parent: this, provider: this.provider });

        this.kubeconfig = pulumi.secret(
            kubeconfig === undefined
                ? pulumi.output<string | undefined>(undefined)
                : pulumi.output(kubeconfig),
        );
        this.clusterName = clusterName;
        this.kubernetesVersion = this.cvmCluster.kubernetesVersion;
        this.namespace = this.cvmCluster.namespace;
        this.serviceAccountName = this.cvmCluster.serviceAccountName;
        this.runtimeClassName = this.cvmCluster.runtimeClassName;
        this.nodeSelector = this.cvmCluster.nodeSelector;
        this.tolerations = this.cvmCluster.tolerations;
        this.supervisorPodTemplate = this.cvmCluster.supervisorPodTemplate;
        this.sysboxPodTemplate = this.cvmCluster.sysboxPodTemplate;
        this.registerOutputs({
            kubeconfig: this.kubeconfig,
            clusterName: this.clusterName,
            kubernetesVersion: this.kubernetesVersion,
            namespace: this.namespace,
            serviceAccountName: this.serviceAccountName,
            runtimeClassName: this.runtimeClassName,
            nodeSelector: this.nodeSelector,
            tolerations: this.tolerations,
            supervisorPodTemplate: this.supervisorPodTemplate,
            sysboxPodTemplate: this.sysboxPodTemplate,
        });
    }
}
