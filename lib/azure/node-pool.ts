import * as authorization from "@pulumi/azure-native/authorization";
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as pulumi from "@pulumi/pulumi";
import { checkInputs } from "../kubernetes/input-errors";
import {
    POD_SECURITY_BASELINE_INITIATIVE,
    ResolvedAksNodePool,
    resolveNodePoolArgs,
    SysboxNodePoolArgs,
} from "./rules";

/** The type token of {@link SysboxNodePool}. */
export const SYSBOX_NODE_POOL_TYPE = "cvmkit:azure:SysboxNodePool";

/**
 * Creates the agent pool of a {@link SysboxNodePool} (Linux, Ubuntu `osSKU`, user mode, autoscaling, CVM labels
 * and taint), and — when the Azure Policy add-on is on — the pod-security baseline assignment at the cluster
 * scope with the CVM namespace among its `excludedNamespaces`.
 */
export function createNodePool(
    name: string,
    args: SysboxNodePoolArgs,
    pool: ResolvedAksNodePool,
    parent: pulumi.Resource,
): { agentPool: containerservice.AgentPool; policyAssignment?: authorization.PolicyAssignment } {
    const autoscale = pool.maxSize > pool.minSize;
    const agentPool = new containerservice.AgentPool(
        name,
        {
            resourceGroupName: args.cluster.resourceGroupName,
            resourceName: args.cluster.clusterName,
            agentPoolName: pool.agentPoolName,
            mode: "User",
            type: "VirtualMachineScaleSets",
            osType: "Linux",
            osSKU: pool.osSKU,
            vmSize: pool.vmSize,
            osDiskSizeGB: pool.osDiskSizeGB,
            ...(pool.version ? { orchestratorVersion: pool.version.raw } : {}),
            count: pool.desiredSize,
            enableAutoScaling: autoscale,
            ...(autoscale ? { minCount: pool.minSize, maxCount: pool.maxSize } : {}),
            nodeLabels: { ...pool.labels },
            nodeTaints: [...pool.nodeTaints],
            ...(args.availabilityZones ? { availabilityZones: [...args.availabilityZones] } : {}),
            ...(args.vnetSubnetID !== undefined ? { vnetSubnetID: args.vnetSubnetID } : {}),
            tags: { ...(args.tags ?? {}) },
        },
        { parent, ignoreChanges: autoscale ? ["count"] : [] },
    );
    if (!pool.azurePolicy) {
        return { agentPool };
    }
    const policyAssignment = new authorization.PolicyAssignment(
        `${name}-pod-security-baseline`,
        {
            scope: args.cluster.clusterId!,
            policyDefinitionId: POD_SECURITY_BASELINE_INITIATIVE,
            displayName:
                "Kubernetes pod security baseline (Linux), CVM namespace excluded by cvmkit",
            description:
                "Pod security baseline initiative with the CVM namespace excluded: CVM supervisor and Sysbox installer pods are privileged and mount host paths.",
            parameters: {
                effect: { value: pool.azurePolicy.effect },
                excludedNamespaces: { value: [...pool.azurePolicy.excludedNamespaces] },
            },
        },
        { parent },
    );
    return { agentPool, policyAssignment };
}

/**
 * An AKS agent pool ready for CVMs: Linux with an Ubuntu `osSKU`, a 4+ vCPU VM size without GPU,
 * `orchestratorVersion` checked against Kubernetes 1.18+ and the Sysbox installer's range when the runtime is
 * on, the CVM node label, `sysbox-install=yes` when the runtime is on (never `sysbox-runtime`: the AKS webhook
 * refuses the installer's update of a pool label), an optional `NoSchedule` taint. With the Azure Policy add-on
 * on, the CVM namespace is excluded from the pod-security baseline assignment at the cluster scope.
 *
 * @example
 * const pool = new SysboxNodePool("cvm", { cluster, vmSize: "Standard_D4s_v5", kubernetesVersion: "1.33" });
 */
export class SysboxNodePool extends pulumi.ComponentResource {
    /** The agent pool name. */
    public readonly agentPoolName!: pulumi.Output<string>;
    /** Node selector that targets this pool's nodes. */
    public readonly nodeSelector!: pulumi.Output<Record<string, string>>;
    /** Tolerations CVM pods need on this pool. */
    public readonly tolerations!: pulumi.Output<
        { key: string; operator: string; value: string; effect: string }[]
    >;
    /** The underlying agent pool. */
    public readonly agentPool!: containerservice.AgentPool;
    /** The baseline policy assignment, when the Azure Policy add-on is on. */
    public readonly policyAssignment?: authorization.PolicyAssignment;

    constructor(
        name: string,
        args: SysboxNodePoolArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        const pool = checkInputs(() => resolveNodePoolArgs(args));
        super(SYSBOX_NODE_POOL_TYPE, name, {}, opts);
        if (opts.urn) return;
        const created = createNodePool(name, args, pool, this);
        this.agentPool = created.agentPool;
        this.policyAssignment = created.policyAssignment;
        this.agentPoolName = pulumi.output(pool.agentPoolName);
        this.nodeSelector = pulumi.output({ ...pool.nodeSelector });
        this.tolerations = pulumi.output(pool.tolerations.map((t) => ({ ...t })));
        this.registerOutputs({
            agentPoolName: this.agentPoolName,
            nodeSelector: this.nodeSelector,
            tolerations: this.tolerations,
        });
    }
}
