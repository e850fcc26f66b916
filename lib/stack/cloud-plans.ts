import {
    assertNodeNotNewer,
    assertObject,
    assertOptionalObject,
    fail,
    CvmkitConfigError,
    NodePoolSysboxArgs,
    parseKubernetesVersion,
    ResolvedNodePool,
    withFieldPrefix,
} from "../compat";
import { DEFAULTS } from "../manifests";
import type { AwsStackArgs, AzureStackArgs, GcpStackArgs, StackCvmArgs } from "./args";

/**
 * The cloud branches of `planStack`: each checks its cluster and pool args with the cloud's pure rules (never
 * its SDK) and returns what the pool component gets. Loaded lazily per cloud.
 */

/** The cloud part of a stack plan. */
export interface CloudPlan {
    /** The Kubernetes version passed to `CvmCluster`, when known from the args. */
    readonly kubernetesVersion?: string;
    /** The field the version came from. */
    readonly versionField?: string;
    /** The pool's derived labels, taint, selector and tolerations (none without a pool). */
    readonly pool?: ResolvedNodePool;
    /** The node pool args the cloud component gets (without `cluster`); none for `nodePool: false`. */
    readonly poolArgs?: Readonly<Record<string, unknown>>;
}

function poolSysbox(cvm: StackCvmArgs): NodePoolSysboxArgs | undefined {
    const runtime = cvm.sysboxRuntime;
    if (!runtime || typeof runtime !== "object" || !runtime.enabled) return undefined;
    return {
        enabled: true,
        ...(runtime.installerTag !== undefined ? { installerTag: runtime.installerTag } : {}),
    };
}

/**
 * Runs a node pool check with `nodePool.` field paths; a version problem is reported on
 * `cluster.kubernetesVersion` when the pool inherited the cluster's version.
 */
function withPoolFields<T>(versionFromCluster: boolean, check: () => T): T {
    try {
        return withFieldPrefix("nodePool.", check);
    } catch (err) {
        if (
            versionFromCluster &&
            err instanceof CvmkitConfigError &&
            err.field === "nodePool.kubernetesVersion"
        ) {
            throw new CvmkitConfigError(
                "cluster.kubernetesVersion",
                err.value,
                err.reason,
                err.fix,
            );
        }
        throw err;
    }
}

/**
 * The pool part of a cloud plan: the pool's version (its own, else the cluster's), the pool checks (a version
 * error names whichever field the version came from), the pool version checked against the cluster's when both
 * are known (never newer), and that field for later version errors.
 */
function planPool(
    poolVersion: string | undefined,
    clusterVersion: string | undefined,
    resolve: (kubernetesVersion: string | undefined) => ResolvedNodePool,
): Pick<CloudPlan, "kubernetesVersion" | "versionField" | "pool"> {
    const kubernetesVersion = poolVersion ?? clusterVersion;
    const pool = withPoolFields(poolVersion === undefined && clusterVersion !== undefined, () =>
        resolve(kubernetesVersion),
    );
    if (poolVersion !== undefined && clusterVersion !== undefined && pool.version) {
        assertNodeNotNewer(
            pool.version,
            parseKubernetesVersion(clusterVersion, "cluster.kubernetesVersion"),
            "nodePool.kubernetesVersion",
        );
    }
    return {
        ...(kubernetesVersion !== undefined ? { kubernetesVersion } : {}),
        versionField:
            poolVersion !== undefined ? "nodePool.kubernetesVersion" : "cluster.kubernetesVersion",
        pool,
    };
}

/**
 * `nodePool: false` ("use the nodes I have"): allowed only with an existing cluster — a new cluster has no
 * nodes that could run CVMs (EKS and GKE none at all, AKS a small system pool).
 */
function noPool(existing: boolean): CloudPlan {
    if (!existing) {
        fail(
            "nodePool",
            false,
            "a new cluster has no nodes that can run CVMs; nodePool false (use the nodes I have) needs cluster.existing",
            "remove nodePool: false to create the CVM pool, or point cluster.existing at a cluster whose nodes run CVMs",
        );
    }
    return {};
}

/** The cluster info a pool gets in the stack, for checking: `{}` marks a value known only after the lookup. */
function placeholder(known: Readonly<Record<string, unknown>>): Record<string, unknown> {
    return {
        clusterName: "cluster",
        endpoint: "https://cluster",
        certificateAuthorityData: "",
        subnetIds: [] as string[],
        location: "location",
        resourceGroupName: "group",
        clusterId: "id",
        ...known,
    };
}

/** The EKS branch. */
export function planAws(args: AwsStackArgs, cvm: StackCvmArgs): CloudPlan {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const rules = require("../aws/rules") as typeof import("../aws/rules");
    assertObject(
        "cluster",
        args.cluster,
        "pass { kubernetesVersion, subnetIds } or { existing: { name } }",
    );
    withFieldPrefix("cluster.", () => rules.resolveClusterArgs(args.cluster));
    if (args.nodePool === false) return noPool(args.cluster.existing !== undefined);
    assertOptionalObject("nodePool", args.nodePool, 'pass e.g. { instanceTypes: ["m6i.xlarge"] }');
    const nodePool = args.nodePool ?? {};
    const kubernetesVersion = nodePool.kubernetesVersion ?? args.cluster.kubernetesVersion;
    const poolArgs = {
        ...nodePool,
        ...(kubernetesVersion !== undefined ? { kubernetesVersion } : {}),
        sysboxRuntime: poolSysbox(cvm),
    };
    const plan = planPool(nodePool.kubernetesVersion, args.cluster.kubernetesVersion, () =>
        rules.resolveNodeGroupArgs({
            ...poolArgs,
            // The cvmkit Cluster provides the control plane version (an existing cluster's is looked up).
            cluster: placeholder({ kubernetesVersion: args.cluster.kubernetesVersion ?? {} }),
        } as unknown as import("../aws/rules").SysboxNodeGroupArgs),
    );
    return { ...plan, poolArgs };
}

/** The GKE branch. */
export function planGcp(args: GcpStackArgs, cvm: StackCvmArgs): CloudPlan {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const rules = require("../gcp/rules") as typeof import("../gcp/rules");
    assertObject(
        "cluster",
        args.cluster,
        "pass { kubernetesVersion, location } or { existing: { name, location } }",
    );
    withFieldPrefix("cluster.", () => rules.resolveClusterArgs(args.cluster));
    if (args.nodePool === false) return noPool(args.cluster.existing !== undefined);
    assertOptionalObject("nodePool", args.nodePool, 'pass e.g. { machineType: "e2-standard-4" }');
    const nodePool = args.nodePool ?? {};
    const poolArgs = { ...nodePool, sysboxRuntime: poolSysbox(cvm) };
    const releaseChannel =
        args.cluster.existing === undefined ? (args.cluster.releaseChannel ?? "REGULAR") : {};
    const plan = planPool(
        nodePool.kubernetesVersion,
        args.cluster.kubernetesVersion,
        (kubernetesVersion) =>
            rules.resolveNodePoolArgs({
                ...poolArgs,
                // The pool's own version check; the cluster version is checked through CvmCluster's rules.
                ...(kubernetesVersion !== undefined ? { kubernetesVersion } : {}),
                cluster: placeholder({ releaseChannel }) as never,
            }),
    );
    return { ...plan, poolArgs };
}

/** The AKS branch. */
export function planAzure(args: AzureStackArgs, cvm: StackCvmArgs): CloudPlan {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const rules = require("../azure/rules") as typeof import("../azure/rules");
    assertObject(
        "cluster",
        args.cluster,
        "pass { resourceGroupName, kubernetesVersion } or { resourceGroupName, existing: { name } }",
    );
    withFieldPrefix("cluster.", () => rules.resolveClusterArgs(args.cluster));
    if (args.nodePool === false) return noPool(args.cluster.existing !== undefined);
    assertOptionalObject("nodePool", args.nodePool, 'pass e.g. { vmSize: "Standard_D4s_v5" }');
    const nodePool = args.nodePool ?? {};
    const kubernetesVersion = nodePool.kubernetesVersion ?? args.cluster.kubernetesVersion;
    const runtime = cvm.sysboxRuntime;
    const installerNamespace =
        runtime?.enabled && runtime.installerNamespace !== undefined
            ? runtime.installerNamespace
            : undefined;
    // The exclusion follows the add-on: known for a new cluster, looked up for an existing one.
    const enabled =
        nodePool.azurePolicy?.enabled ??
        (args.cluster.existing === undefined ? args.cluster.azurePolicy === true : undefined);
    const poolArgs = {
        ...nodePool,
        sysboxRuntime: poolSysbox(cvm),
        azurePolicy: {
            ...(nodePool.azurePolicy ?? {}),
            ...(enabled !== undefined ? { enabled } : {}),
            cvmNamespace: cvm.namespace ?? DEFAULTS.namespace,
            ...(installerNamespace !== undefined ? { installerNamespace } : {}),
        },
    };
    const plan = planPool(nodePool.kubernetesVersion, args.cluster.kubernetesVersion, () =>
        rules.resolveNodePoolArgs({
            ...poolArgs,
            ...(kubernetesVersion !== undefined ? { kubernetesVersion } : {}),
            cluster: placeholder({ azurePolicyEnabled: {} }) as never,
        }),
    );
    return {
        ...plan,
        poolArgs: { ...poolArgs, ...(kubernetesVersion ? { kubernetesVersion } : {}) },
    };
}
