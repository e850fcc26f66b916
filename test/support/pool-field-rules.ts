/**
 * What the clouds do when one field of a node-pool resource changes, per field, with the source — written down
 * independently of cvmkit's per-setting table (`lib/compat/node-pool-changes.ts`), so that the contract test
 * can derive each setting's effect from the fields a change of it really touches under the recording mocks.
 */
import type { PoolChangeEffect } from "../../lib/compat";

/** One field rule. */
export interface FieldRule {
    readonly effect: PoolChangeEffect;
    readonly source: string;
}

const EKS_CONFIG =
    "https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateNodegroupConfig.html; hashicorp/terraform-provider-aws internal/service/eks/node_group.go resourceNodeGroupUpdate (labels, taint, scaling_config by UpdateNodegroupConfig)";
const EKS_FORCE_NEW =
    "hashicorp/terraform-provider-aws internal/service/eks/node_group.go (ForceNew: instance_types, capacity_type, subnet_ids, node_role_arn)";
const EKS_NEW_VERSION =
    "https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html (a new launch template version recycles all nodes; the node group follows latestVersion through UpdateNodegroupVersion)";
const GKE_UPDATE =
    "hashicorp/terraform-provider-google google/services/container/node_config.go v7.45.0 nodePoolNodeConfigUpdate";
const GKE_RECREATE =
    "https://cloud.google.com/kubernetes-engine/docs/how-to/node-pools#modify-node-pool (machine type, disk, image changes recreate the nodes)";
const GKE_FORCE_NEW =
    "hashicorp/terraform-provider-google google/services/container/node_config.go v7.45.0 (ForceNew)";
const AKS = "https://learn.microsoft.com/rest/api/aks/agent-pools/create-or-update";

/** `<type token>.<field path>` → what a change of it does. */
export const FIELD_RULES: Readonly<Record<string, FieldRule>> = {
    "aws:eks/nodeGroup:NodeGroup.labels": { effect: "in-place", source: EKS_CONFIG },
    "aws:eks/nodeGroup:NodeGroup.taints": { effect: "in-place", source: EKS_CONFIG },
    "aws:eks/nodeGroup:NodeGroup.scalingConfig": { effect: "in-place", source: EKS_CONFIG },
    "aws:eks/nodeGroup:NodeGroup.tags": {
        effect: "in-place",
        source: "hashicorp/terraform-provider-aws internal/service/eks/node_group.go (tags: TagResource)",
    },
    "aws:eks/nodeGroup:NodeGroup.instanceTypes": { effect: "replace-pool", source: EKS_FORCE_NEW },
    "aws:eks/nodeGroup:NodeGroup.capacityType": { effect: "replace-pool", source: EKS_FORCE_NEW },
    "aws:eks/nodeGroup:NodeGroup.subnetIds": { effect: "replace-pool", source: EKS_FORCE_NEW },
    "aws:ec2/launchTemplate:LaunchTemplate.userData": { effect: "roll", source: EKS_NEW_VERSION },
    "aws:ec2/launchTemplate:LaunchTemplate.imageId": { effect: "roll", source: EKS_NEW_VERSION },
    "aws:ec2/launchTemplate:LaunchTemplate.blockDeviceMappings": {
        effect: "roll",
        source: EKS_NEW_VERSION,
    },
    "aws:ec2/launchTemplate:LaunchTemplate.metadataOptions": {
        effect: "roll",
        source: EKS_NEW_VERSION,
    },
    "aws:ec2/launchTemplate:LaunchTemplate.tagSpecifications": {
        effect: "roll",
        source: EKS_NEW_VERSION,
    },
    "aws:ec2/launchTemplate:LaunchTemplate.tags": {
        effect: "in-place",
        source: "hashicorp/terraform-provider-aws internal/service/ec2/ec2_launch_template.go (tags do not make a version)",
    },
    "gcp:container/nodePool:NodePool.nodeConfig.labels": {
        effect: "in-place",
        source: GKE_UPDATE,
    },
    "gcp:container/nodePool:NodePool.nodeConfig.taints": {
        effect: "in-place",
        source: GKE_UPDATE,
    },
    "gcp:container/nodePool:NodePool.nodeConfig.machineType": {
        effect: "roll",
        source: `${GKE_UPDATE}; ${GKE_RECREATE}`,
    },
    "gcp:container/nodePool:NodePool.nodeConfig.diskSizeGb": {
        effect: "roll",
        source: `${GKE_UPDATE}; ${GKE_RECREATE}`,
    },
    "gcp:container/nodePool:NodePool.nodeConfig.diskType": {
        effect: "roll",
        source: `${GKE_UPDATE}; ${GKE_RECREATE}`,
    },
    "gcp:container/nodePool:NodePool.nodeConfig.imageType": {
        effect: "roll",
        source: `${GKE_UPDATE}; ${GKE_RECREATE}`,
    },
    "gcp:container/nodePool:NodePool.nodeConfig.spot": {
        effect: "replace-pool",
        source: GKE_FORCE_NEW,
    },
    "gcp:container/nodePool:NodePool.nodeConfig.serviceAccount": {
        effect: "replace-pool",
        source: GKE_FORCE_NEW,
    },
    "gcp:container/nodePool:NodePool.nodeConfig.oauthScopes": {
        effect: "replace-pool",
        source: GKE_FORCE_NEW,
    },
    "gcp:container/nodePool:NodePool.version": {
        effect: "roll",
        source: "https://cloud.google.com/kubernetes-engine/docs/concepts/node-pool-upgrade-strategies (a node upgrade recreates the nodes)",
    },
    "azure-native:containerservice:AgentPool.nodeLabels": {
        effect: "in-place",
        source: "https://learn.microsoft.com/azure/aks/use-labels",
    },
    "azure-native:containerservice:AgentPool.nodeTaints": {
        effect: "in-place",
        source: "https://learn.microsoft.com/azure/aks/use-node-taints",
    },
    "azure-native:containerservice:AgentPool.tags": { effect: "in-place", source: AKS },
    "azure-native:containerservice:AgentPool.osSKU": {
        effect: "roll",
        source: "https://learn.microsoft.com/azure/aks/upgrade-os-version",
    },
    "azure-native:containerservice:AgentPool.orchestratorVersion": {
        effect: "roll",
        source: "https://learn.microsoft.com/azure/aks/upgrade-aks-cluster",
    },
    "azure-native:containerservice:AgentPool.vmSize": {
        effect: "replace-pool",
        source: "https://learn.microsoft.com/azure/aks/resize-node-pool",
    },
    "azure-native:containerservice:AgentPool.osDiskSizeGB": { effect: "replace-pool", source: AKS },
    "azure-native:containerservice:AgentPool.availabilityZones": {
        effect: "replace-pool",
        source: AKS,
    },
};

const SEVERITY: readonly PoolChangeEffect[] = ["in-place", "new-nodes", "roll", "replace-pool"];

/** The effect of a change that touches `fields`: the most disruptive of theirs (`new-nodes` for none). */
export function effectOfFields(fields: readonly string[]): PoolChangeEffect {
    let worst = -1;
    for (const field of fields) {
        const rule = FIELD_RULES[field];
        if (!rule) throw new Error(`no field rule for ${field}: add it with its source`);
        worst = Math.max(worst, SEVERITY.indexOf(rule.effect));
    }
    return worst < 0 ? "new-nodes" : SEVERITY[worst]!;
}
