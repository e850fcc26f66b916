import * as authorization from "@pulumi/azure-native/authorization";
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as pulumi from "@pulumi/pulumi";
import { assertInputs } from "../kubernetes/input-errors";
import { stickySysboxLabel, trackNodeRolls } from "../kubernetes/node-rolls";
import {
    assertInstallerSupports,
    assertNodeNotNewer,
    parseKubernetesVersion,
    SYSBOX_INSTALL_LABEL,
} from "../compat";
import {
    assertOsSkuSupports,
    POD_SECURITY_BASELINE_INITIATIVE,
    ResolvedAksNodePool,
    resolveNodePoolArgs,
    SysboxNodePoolArgs,
} from "./rules";

/**
 * The `SysboxNodePool` component of `cvmkit/azure`: an AKS agent pool of Ubuntu nodes ready for CVMs, and the
 * pod-security baseline exclusion when Azure Policy is on.
 */

/** The type token of {@link SysboxNodePool}. */
export const SYSBOX_NODE_POOL_TYPE = "cvmkit:azure:SysboxNodePool";

/** The baseline assignment with the CVM (and installer) namespaces excluded. */
function policyAssignment(
    name: string,
    args: SysboxNodePoolArgs,
    policy: NonNullable<ResolvedAksNodePool["azurePolicy"]>,
    parent: pulumi.Resource,
): authorization.PolicyAssignment {
    return new authorization.PolicyAssignment(
        `${name}-pod-security-baseline`,
        {
            scope: args.cluster.clusterId!,
            policyDefinitionId: POD_SECURITY_BASELINE_INITIATIVE,
            displayName:
                "Kubernetes pod security baseline (Linux), CVM namespace excluded by cvmkit",
            description:
                "Pod security baseline initiative with the CVM and Sysbox installer namespaces excluded: CVM supervisor and Sysbox installer pods are privileged and mount host paths.",
            parameters: {
                effect: { value: policy.effect },
                excludedNamespaces: { value: [...policy.excludedNamespaces] },
            },
        },
        { parent },
    );
}

/**
 * Creates the agent pool of a {@link SysboxNodePool} (Linux, Ubuntu `osSKU`, user mode, autoscaling, CVM labels
 * and taint), and — when the Azure Policy add-on is on — the pod-security baseline assignment at the cluster
 * scope with the CVM and installer namespaces among its `excludedNamespaces`. When the add-on state comes from
 * the cluster lookup (`cluster.azurePolicyEnabled` an output), the assignment is registered once the lookup
 * answers (lookups answer during previews too) and only if the add-on is on. Checks that need the control plane
 * version (node version not newer, osSKU and installer range when the pool names no version) reject the inputs
 * they guard.
 */
export function createNodePool(
    name: string,
    args: SysboxNodePoolArgs,
    pool: ResolvedAksNodePool,
    parent: pulumi.Resource,
): {
    agentPool: containerservice.AgentPool;
    policyAssignment?: authorization.PolicyAssignment;
    policyAssignmentId: pulumi.Output<string | undefined>;
    nodeRolls: pulumi.Output<string[]>;
} {
    const autoscale = pool.maxSize > pool.minSize;
    const cpInput = args.cluster.kubernetesVersion;
    const controlPlane =
        cpInput === undefined
            ? undefined
            : pulumi
                  .output(cpInput)
                  .apply((v) =>
                      assertInputs(() => parseKubernetesVersion(v, "cluster.kubernetesVersion")),
                  );
    const orchestratorVersion =
        pool.aksVersion === undefined
            ? undefined
            : controlPlane
              ? controlPlane.apply((cp) =>
                    assertInputs(() => {
                        assertNodeNotNewer(pool.version!, cp, "kubernetesVersion");
                        return pool.aksVersion!;
                    }),
                )
              : pulumi.output(pool.aksVersion);
    const osSKU =
        !pool.version && controlPlane
            ? controlPlane.apply((cp) =>
                  assertInputs(() => {
                      assertOsSkuSupports(pool.osSKU, cp, "cluster.kubernetesVersion");
                      if (pool.sysbox) {
                          assertInstallerSupports(pool.sysbox, cp, "cluster.kubernetesVersion");
                      }
                      return pool.osSKU;
                  }),
              )
            : pool.osSKU;
    const sysboxLabel = stickySysboxLabel(
        name,
        pool.sysbox !== undefined,
        pool.keepSysboxInstallLabel,
        parent,
    );
    const nodeLabels = sysboxLabel.apply((on) =>
        on ? { ...pool.baseLabels, [SYSBOX_INSTALL_LABEL]: "yes" } : { ...pool.baseLabels },
    );
    const agentPool = new containerservice.AgentPool(
        name,
        {
            resourceGroupName: args.cluster.resourceGroupName,
            resourceName: args.cluster.clusterName,
            agentPoolName: pool.agentPoolName,
            mode: "User",
            type: "VirtualMachineScaleSets",
            osType: "Linux",
            osSKU,
            vmSize: pool.vmSize,
            osDiskSizeGB: pool.osDiskSizeGB,
            ...(orchestratorVersion ? { orchestratorVersion } : {}),
            count: pool.desiredSize,
            enableAutoScaling: autoscale,
            ...(autoscale ? { minCount: pool.minSize, maxCount: pool.maxSize } : {}),
            nodeLabels,
            nodeTaints: [...pool.nodeTaints],
            ...(args.availabilityZones ? { availabilityZones: [...args.availabilityZones] } : {}),
            ...(args.vnetSubnetID !== undefined ? { vnetSubnetID: args.vnetSubnetID } : {}),
            tags: { ...(args.tags ?? {}) },
        },
        { parent, ignoreChanges: autoscale ? ["count"] : [] },
    );
    const nodeRolls = trackNodeRolls(
        name,
        "azure",
        {
            image: osSKU,
            machineType: pool.vmSize,
            disk: pool.osDiskSizeGB,
            version: orchestratorVersion ?? "",
            capacity: {
                availabilityZones: args.availabilityZones ? [...args.availabilityZones] : [],
                vnetSubnetID: args.vnetSubnetID ?? "",
            },
        },
        parent,
        [agentPool],
        `kubernetes.azure.com/agentpool=${pool.agentPoolName}`,
    );
    const policy = pool.azurePolicy;
    if (!policy) {
        return {
            agentPool,
            policyAssignmentId: pulumi.output<string | undefined>(undefined),
            nodeRolls,
        };
    }
    if (pool.azurePolicyAuto) {
        const policyAssignmentId = pulumi
            .output(args.cluster.azurePolicyEnabled!)
            .apply((on) =>
                on
                    ? policyAssignment(name, args, policy, parent).id
                    : pulumi.output<string | undefined>(undefined),
            );
        return { agentPool, policyAssignmentId, nodeRolls };
    }
    const assignment = policyAssignment(name, args, policy, parent);
    return {
        agentPool,
        policyAssignment: assignment,
        policyAssignmentId: assignment.id,
        nodeRolls,
    };
}

/**
 * An AKS agent pool ready for CVMs: Linux with an Ubuntu `osSKU`, a 4+ vCPU VM size without GPU,
 * `orchestratorVersion` checked against Kubernetes 1.18+ and the Sysbox installer's range when the runtime is
 * on, the CVM node label, `sysbox-install=yes` when the runtime is on (never `sysbox-runtime`: the AKS webhook
 * refuses the installer's update of a pool label), an optional `NoSchedule` taint. With the Azure Policy add-on
 * on (as the cluster reports it, or as `azurePolicy.enabled` says), the CVM and installer namespaces are
 * excluded from the pod-security baseline assignment at the cluster scope.
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
    /** The baseline policy assignment, when `azurePolicy.enabled` (or a known add-on state) turned it on. */
    public readonly policyAssignment?: authorization.PolicyAssignment;
    /** The id of the baseline policy assignment, also when it follows the looked-up add-on state. */
    public readonly policyAssignmentId!: pulumi.Output<string | undefined>;

    constructor(
        name: string,
        args: SysboxNodePoolArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ) {
        const pool = assertInputs(() => resolveNodePoolArgs(args));
        super(SYSBOX_NODE_POOL_TYPE, name, {}, opts);
        if (opts.urn) return;
        const created = createNodePool(name, args, pool, this);
        this.agentPool = created.agentPool;
        this.policyAssignment = created.policyAssignment;
        this.policyAssignmentId = created.policyAssignmentId;
        this.agentPoolName = pulumi.output(pool.agentPoolName);
        this.nodeSelector = pulumi.output({ ...pool.nodeSelector });
        this.tolerations = pulumi.output(pool.tolerations.map((t) => ({ ...t })));
        this.registerOutputs({
            agentPoolName: this.agentPoolName,
            policyAssignmentId: this.policyAssignmentId,
            nodeSelector: this.nodeSelector,
            tolerations: this.tolerations,
            nodeRolls: created.nodeRolls,
        });
    }
}
