/**
 * What a change of each node-pool setting cvmkit manages does to the running nodes, per cloud: applied to the
 * existing nodes in place, only to new nodes, a roll of every node, or a replacement of the pool — as the cloud
 * API and the Pulumi provider version cvmkit pins (`@pulumi/aws` 7.48, `@pulumi/gcp` 9.37,
 * `@pulumi/azure-native` 3.28) do it. Pure data with sources; the cloud shells name a roll at preview from it,
 * the README's Day 2 table is this table, and the unit tests check every row against the recorded inputs.
 */

/** The clouds whose pools cvmkit builds. */
export type PoolCloud = "aws" | "gcp" | "azure";

/**
 * What a change does to the running nodes:
 * - `in-place`: the cloud updates the existing nodes; nothing is evicted.
 * - `new-nodes`: existing nodes keep the old value; only nodes created later get the new one.
 * - `roll`: every node of the pool is replaced (surge / one at a time); its pods are evicted.
 * - `replace-pool`: the pool (node group) is replaced by a new one; every node goes, its pods are evicted.
 * - `not-managed`: cvmkit does not set it on this cloud.
 */
export type PoolChangeEffect = "in-place" | "new-nodes" | "roll" | "replace-pool" | "not-managed";

/** The {@link PoolChangeEffect}s that evict pods from every node of the pool. */
export const ROLLING_EFFECTS: readonly PoolChangeEffect[] = ["roll", "replace-pool"];

/** The pool settings cvmkit manages, in the README's order. */
export const POOL_SETTINGS = [
    "labels",
    "sysboxRuntime",
    "taint",
    "kubeletFlags",
    "image",
    "machineType",
    "disk",
    "metadataHopLimit",
    "version",
    "capacity",
    "tags",
] as const;

/** One of {@link POOL_SETTINGS}. */
export type PoolSetting = (typeof POOL_SETTINGS)[number];

/** One row: a setting on one cloud. */
export interface PoolChangeRule {
    /** The pool args that make up the setting on this cloud (`nodePool.` in a `CvmStack`). */
    readonly args: readonly string[];
    readonly effect: PoolChangeEffect;
    /** The resource fields a change touches (`<type token>.<field path>`). */
    readonly fields: readonly string[];
    /** How the cloud applies it, in a few words (used in the roll warning). */
    readonly how: string;
    /** Where the rule is written down. */
    readonly source: string;
}

const NG = "aws:eks/nodeGroup:NodeGroup";
const LT = "aws:ec2/launchTemplate:LaunchTemplate";
const NP = "gcp:container/nodePool:NodePool";
const AP = "azure-native:containerservice:AgentPool";

const EKS_LT_ROLL =
    "a new launch template version: the managed node group recycles every node onto it";
const EKS_LT_SOURCE =
    "https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html (updating to a new launch template version recycles all nodes)";
const EKS_CONFIG_SOURCE =
    "https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateNodegroupConfig.html (labels and taints of the existing nodes, no new nodes); https://docs.aws.amazon.com/eks/latest/userguide/node-taints-managed-node-groups.html";
const TF_AWS_NG =
    "hashicorp/terraform-provider-aws internal/service/eks/node_group.go (ForceNew: instance_types, capacity_type; resourceNodeGroupUpdate: labels and taint by UpdateNodegroupConfig, launch_template version by UpdateNodegroupVersion)";
const TF_GKE =
    "hashicorp/terraform-provider-google google/services/container/node_config.go v7.45.0";
const GKE_RECREATE =
    "https://cloud.google.com/kubernetes-engine/docs/how-to/node-pools#modify-node-pool (machine type, disk and image changes recreate the nodes with the pool's upgrade strategy)";
const AKS_API =
    "https://learn.microsoft.com/azure/aks/resize-node-pool (VM size cannot change: add a pool and move the workloads); https://learn.microsoft.com/rest/api/aks/agent-pools/create-or-update";

/**
 * The contract table. `sysboxRuntime` is the `sysbox-install=yes` label: kept when the runtime is turned off
 * (the installer is gone, so it is inert) unless `keepSysboxInstallLabel: false` drops it.
 */
export const POOL_CHANGE_RULES: Readonly<
    Record<PoolCloud, Readonly<Record<PoolSetting, PoolChangeRule>>>
> = {
    aws: {
        labels: {
            args: ["labels"],
            effect: "in-place",
            fields: [`${NG}.labels`],
            how: "UpdateNodegroupConfig relabels the existing nodes; new nodes get them from EKS shortly after they join (only cvmkit.dev/cvm-node=true is in the user data)",
            source: `${EKS_CONFIG_SOURCE}; ${TF_AWS_NG}; aws/containers-roadmap#1962 (node group labels and taints arrive about half a minute after a node joins)`,
        },
        sysboxRuntime: {
            args: ["sysboxRuntime.enabled", "keepSysboxInstallLabel"],
            effect: "in-place",
            fields: [`${NG}.labels`],
            how: "the sysbox-install label is a node group label (UpdateNodegroupConfig); turning the runtime off keeps it",
            source: EKS_CONFIG_SOURCE,
        },
        taint: {
            args: ["taint"],
            effect: "roll",
            fields: [`${NG}.taints`, `${LT}.userData`],
            how: `the taint is registered by the kubelet at first boot (--register-with-taints, so no pod lands before it) and set on the node group: ${EKS_LT_ROLL}`,
            source: EKS_LT_SOURCE,
        },
        kubeletFlags: {
            args: ["kubeletExtraArgs"],
            effect: "roll",
            fields: [`${LT}.userData`],
            how: `kubelet flags live in the bootstrap user data: ${EKS_LT_ROLL}`,
            source: EKS_LT_SOURCE,
        },
        image: {
            args: ["amiId", "amiFamily", "architecture"],
            effect: "roll",
            fields: [`${LT}.imageId`],
            how: `${EKS_LT_ROLL} (without amiId the pinned image stays until you move it)`,
            source: EKS_LT_SOURCE,
        },
        machineType: {
            args: ["instanceTypes"],
            effect: "replace-pool",
            fields: [`${NG}.instanceTypes`],
            how: "instance types cannot change on a managed node group: the node group is replaced",
            source: TF_AWS_NG,
        },
        disk: {
            args: ["diskSizeGiB"],
            effect: "roll",
            fields: [`${LT}.blockDeviceMappings`],
            how: `the root volume is in the launch template: ${EKS_LT_ROLL}`,
            source: EKS_LT_SOURCE,
        },
        metadataHopLimit: {
            args: ["metadataHopLimit"],
            effect: "roll",
            fields: [`${LT}.metadataOptions`],
            how: `the IMDS hop limit is in the launch template: ${EKS_LT_ROLL}`,
            source: EKS_LT_SOURCE,
        },
        version: {
            args: ["kubernetesVersion"],
            effect: "new-nodes",
            fields: [],
            how: "the node version is the AMI's; the pinned AMI stays (a warning names the move), so nothing changes until amiId is set or the pin is replaced, which rolls",
            source: "https://www.pulumi.com/docs/iac/concepts/stash/ (cvmkit's AMI pin, lib/aws/ami-pin.ts); https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html",
        },
        capacity: {
            args: ["capacityType"],
            effect: "replace-pool",
            fields: [`${NG}.capacityType`],
            how: "the capacity type cannot change on a managed node group: the node group is replaced",
            source: TF_AWS_NG,
        },
        tags: {
            args: ["tags"],
            effect: "roll",
            fields: [`${LT}.tagSpecifications`, `${LT}.tags`, `${NG}.tags`],
            how: `instance and volume tags are launch template tag specifications: ${EKS_LT_ROLL}`,
            source: EKS_LT_SOURCE,
        },
    },
    gcp: {
        labels: {
            args: ["labels"],
            effect: "in-place",
            fields: [`${NP}.nodeConfig.labels`],
            how: "UpdateNodePool relabels the existing nodes",
            source: `${TF_GKE} (labels: no ForceNew, updated by UpdateNodePool); https://cloud.google.com/kubernetes-engine/docs/how-to/update-existing-nodepools`,
        },
        sysboxRuntime: {
            args: ["sysboxRuntime.enabled", "keepSysboxInstallLabel"],
            effect: "in-place",
            fields: [`${NP}.nodeConfig.labels`],
            how: "the sysbox-install label is a node label (UpdateNodePool); turning the runtime off keeps it",
            source: `${TF_GKE} (labels)`,
        },
        taint: {
            args: ["taint"],
            effect: "in-place",
            fields: [`${NP}.nodeConfig.taints`],
            how: "UpdateNodePool re-taints the existing nodes (older providers replaced the pool: pulumi-gcp#1139)",
            source: `${TF_GKE} (taint: no ForceNew, updated by UpdateNodePool); https://cloud.google.com/kubernetes-engine/docs/how-to/node-taints`,
        },
        kubeletFlags: {
            args: [],
            effect: "not-managed",
            fields: [],
            how: "GKE manages the kubelet; cvmkit sets no kubelet config",
            source: `${TF_GKE} (kubelet_config, not set by cvmkit)`,
        },
        image: {
            args: ["imageType"],
            effect: "roll",
            fields: [`${NP}.nodeConfig.imageType`],
            how: "UpdateNodePool with a new image type recreates every node",
            source: `${TF_GKE} (image_type updated by UpdateNodePool); ${GKE_RECREATE}`,
        },
        machineType: {
            args: ["machineType"],
            effect: "roll",
            fields: [`${NP}.nodeConfig.machineType`],
            how: "UpdateNodePool with a new machine type recreates every node",
            source: `${TF_GKE} (machine_type updated by UpdateNodePool); ${GKE_RECREATE}`,
        },
        disk: {
            args: ["diskSizeGb", "diskType"],
            effect: "roll",
            fields: [`${NP}.nodeConfig.diskSizeGb`, `${NP}.nodeConfig.diskType`],
            how: "UpdateNodePool with a new boot disk recreates every node",
            source: `${TF_GKE} (disk_size_gb, disk_type updated by UpdateNodePool); ${GKE_RECREATE}`,
        },
        metadataHopLimit: {
            args: [],
            effect: "not-managed",
            fields: [],
            how: "EC2 only; GKE nodes use workloadMetadataConfig, set from the cluster's Workload Identity",
            source: TF_GKE,
        },
        version: {
            args: ["kubernetesVersion", "autoUpgrade"],
            effect: "roll",
            fields: [`${NP}.version`],
            how: "a node version upgrade recreates every node (with autoUpgrade on, GKE owns the version and cvmkit sends it at creation only)",
            source: "hashicorp/terraform-provider-google google/services/container/resource_container_node_pool.go v7.45.0 (version); https://cloud.google.com/kubernetes-engine/docs/concepts/node-pool-upgrade-strategies",
        },
        capacity: {
            args: ["spot", "serviceAccount", "oauthScopes", "guestAccelerators"],
            effect: "replace-pool",
            fields: [
                `${NP}.nodeConfig.spot`,
                `${NP}.nodeConfig.serviceAccount`,
                `${NP}.nodeConfig.oauthScopes`,
                `${NP}.nodeConfig.guestAccelerators`,
            ],
            how: "spot, service account, scopes and accelerators cannot change on a node pool: the pool is replaced",
            source: `${TF_GKE} (ForceNew: spot, service_account, oauth_scopes, guest_accelerator)`,
        },
        tags: {
            args: [],
            effect: "not-managed",
            fields: [],
            how: "cvmkit sets no GCE resource labels or network tags on GKE nodes",
            source: TF_GKE,
        },
    },
    azure: {
        labels: {
            args: ["labels"],
            effect: "in-place",
            fields: [`${AP}.nodeLabels`],
            how: "an agent pool update relabels the existing nodes",
            source: "https://learn.microsoft.com/azure/aks/use-labels (az aks nodepool update --labels updates the existing nodes)",
        },
        sysboxRuntime: {
            args: ["sysboxRuntime.enabled", "keepSysboxInstallLabel"],
            effect: "in-place",
            fields: [`${AP}.nodeLabels`],
            how: "the sysbox-install label is a node label (agent pool update); turning the runtime off keeps it",
            source: "https://learn.microsoft.com/azure/aks/use-labels",
        },
        taint: {
            args: ["taint"],
            effect: "in-place",
            fields: [`${AP}.nodeTaints`],
            how: "an agent pool update re-taints the existing nodes",
            source: "https://learn.microsoft.com/azure/aks/use-node-taints (az aks nodepool update --node-taints)",
        },
        kubeletFlags: {
            args: [],
            effect: "not-managed",
            fields: [],
            how: "AKS manages the kubelet; cvmkit sets no kubeletConfig",
            source: AKS_API,
        },
        image: {
            args: ["osSKU"],
            effect: "roll",
            fields: [`${AP}.osSKU`],
            how: "a new OS SKU reimages every node of the pool",
            source: "https://learn.microsoft.com/azure/aks/upgrade-os-version (OS SKU migration reimages the nodes)",
        },
        machineType: {
            args: ["vmSize"],
            effect: "replace-pool",
            fields: [`${AP}.vmSize`],
            how: "the VM size of an agent pool cannot change: a new pool is needed",
            source: AKS_API,
        },
        disk: {
            args: ["osDiskSizeGB"],
            effect: "replace-pool",
            fields: [`${AP}.osDiskSizeGB`],
            how: "the OS disk of an agent pool cannot change: a new pool is needed",
            source: AKS_API,
        },
        metadataHopLimit: {
            args: [],
            effect: "not-managed",
            fields: [],
            how: "EC2 only",
            source: AKS_API,
        },
        version: {
            args: ["kubernetesVersion"],
            effect: "roll",
            fields: [`${AP}.orchestratorVersion`],
            how: "an orchestratorVersion upgrade surges and reimages every node",
            source: "https://learn.microsoft.com/azure/aks/upgrade-aks-cluster (node pools upgrade node by node with surge)",
        },
        capacity: {
            args: ["availabilityZones", "vnetSubnetID"],
            effect: "replace-pool",
            fields: [`${AP}.availabilityZones`, `${AP}.vnetSubnetID`],
            how: "zones and subnet of an agent pool are set at creation: a new pool is needed",
            source: AKS_API,
        },
        tags: {
            args: ["tags"],
            effect: "in-place",
            fields: [`${AP}.tags`],
            how: "Azure resource tags update in place",
            source: "https://learn.microsoft.com/rest/api/aks/agent-pools/create-or-update (tags)",
        },
    },
};

/** True when a change of `setting` on `cloud` evicts the pods of every node of the pool. */
export function changeRollsNodes(cloud: PoolCloud, setting: PoolSetting): boolean {
    return ROLLING_EFFECTS.includes(POOL_CHANGE_RULES[cloud][setting].effect);
}

/** The label selector of a pool's nodes, for the drain hints. */
export type PoolNodeSelector = Readonly<Record<string, string>>;

/**
 * The warning logged on a pool when a change of `setting` replaces its nodes: the setting, the new value, the
 * consequence, and how to move the workspaces first. `nodeLabel` is the label that finds the pool's nodes.
 */
export function rollWarning(
    cloud: PoolCloud,
    setting: PoolSetting,
    pool: string,
    value: unknown,
    nodeLabel: string,
): string {
    const rule = POOL_CHANGE_RULES[cloud][setting];
    const what = rule.effect === "replace-pool" ? "the pool is replaced" : "every node is replaced";
    const args = rule.args.map((a) => `nodePool.${a}`).join(" / ");
    return (
        `${args} changes to ${JSON.stringify(value)}: ${what} — ${rule.how}. Every node of pool ${pool} ` +
        `goes, and the CVM pods on them are evicted (their PVCs stay). Before this up: count them with ` +
        `cvmkit doctor --rollout, cordon the pool (kubectl cordon -l ${nodeLabel}), have users stop ` +
        `or move their workspaces, then kubectl drain <node> --ignore-daemonsets --delete-emptydir-data ` +
        `for each node. [${rule.source}]`
    );
}
