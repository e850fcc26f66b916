/**
 * The hand-written equivalent of `CvmStack` that a team would write without cvmkit: raw provider resources for
 * the cluster and the Ubuntu node pool, a Kubernetes provider from the cluster's kubeconfig, and the upstream
 * Sysbox install objects plus a privileged namespace as `@pulumi/kubernetes` typed resources. It loads the same
 * SDK submodules cvmkit loads (the cheapest a team can do) and checks nothing.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as up from "./sysbox-upstream";

export type Cloud = "aws" | "gcp" | "azure" | "existing";

/** A created cluster: enough to attach pools and to build a Kubernetes provider. */
export interface HandCluster {
    readonly cloud: Exclude<Cloud, "existing">;
    readonly name: pulumi.Output<string>;
    readonly kubeconfig: pulumi.Output<string>;
    readonly endpoint?: pulumi.Output<string>;
    readonly ca?: pulumi.Output<string>;
    readonly location?: pulumi.Output<string>;
}

const VERSION = "1.33";
const LABELS = { "cvmkit.dev/cvm-node": "true", "sysbox-install": "yes" };
/* eslint-disable @typescript-eslint/no-require-imports -- each cloud's SDK is loaded only when used */
type Aws = {
    eks: typeof import("@pulumi/aws/eks");
    iam: typeof import("@pulumi/aws/iam");
    ec2: typeof import("@pulumi/aws/ec2");
    ssm: typeof import("@pulumi/aws/ssm");
};
const aws = (): Aws => ({
    eks: require("@pulumi/aws/eks"),
    iam: require("@pulumi/aws/iam"),
    ec2: require("@pulumi/aws/ec2"),
    ssm: require("@pulumi/aws/ssm"),
});
const gke = (): typeof import("@pulumi/gcp/container") => require("@pulumi/gcp/container");
const aks = (): typeof import("@pulumi/azure-native/containerservice") =>
    require("@pulumi/azure-native/containerservice");
/* eslint-enable @typescript-eslint/no-require-imports */

function assumeRole(service: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
    });
}

function execKubeconfig(
    name: pulumi.Input<string>,
    server: pulumi.Input<string>,
    ca: pulumi.Input<string>,
    command: string,
    args: pulumi.Input<string>[],
): pulumi.Output<string> {
    return pulumi.all([name, server, ca, pulumi.all(args)]).apply(([n, s, c, a]) =>
        JSON.stringify({
            apiVersion: "v1",
            kind: "Config",
            clusters: [{ name: n, cluster: { server: s, "certificate-authority-data": c } }],
            contexts: [{ name: n, context: { cluster: n, user: n } }],
            "current-context": n,
            users: [
                {
                    name: n,
                    user: {
                        exec: {
                            apiVersion: "client.authentication.k8s.io/v1beta1",
                            command,
                            args: a,
                        },
                    },
                },
            ],
        }),
    );
}

export function awsCluster(name: string): HandCluster {
    const { eks, iam } = aws();
    const role = new iam.Role(`${name}-cluster-role`, {
        assumeRolePolicy: assumeRole("eks.amazonaws.com"),
    });
    const attach = new iam.RolePolicyAttachment(`${name}-cluster-policy`, {
        role: role.name,
        policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
    });
    const cluster = new eks.Cluster(
        name,
        {
            roleArn: role.arn,
            version: VERSION,
            vpcConfig: { subnetIds: ["subnet-1", "subnet-2"] },
            accessConfig: {
                authenticationMode: "API",
                bootstrapClusterCreatorAdminPermissions: true,
            },
        },
        { dependsOn: [attach] },
    );
    const ca = cluster.certificateAuthority.apply((c) => c.data ?? "");
    return {
        cloud: "aws",
        name: cluster.name,
        endpoint: cluster.endpoint,
        ca,
        kubeconfig: execKubeconfig(cluster.name, cluster.endpoint, ca, "aws", [
            "eks",
            "get-token",
            "--cluster-name",
            cluster.name,
        ]),
    };
}

export function awsPool(name: string, cluster: HandCluster): pulumi.CustomResource {
    const { eks, iam, ec2, ssm } = aws();
    const role = new iam.Role(`${name}-node-role`, {
        assumeRolePolicy: assumeRole("ec2.amazonaws.com"),
    });
    const attachments = [
        "AmazonEKSWorkerNodePolicy",
        "AmazonEKS_CNI_Policy",
        "AmazonEC2ContainerRegistryReadOnly",
    ].map(
        (p) =>
            new iam.RolePolicyAttachment(`${name}-${p}`, {
                role: role.name,
                policyArn: `arn:aws:iam::aws:policy/${p}`,
            }),
    );
    const ami = ssm.getParameterOutput({
        name: `/aws/service/canonical/ubuntu/eks/22.04/${VERSION}/stable/current/amd64/hvm/ebs-gp2/ami-id`,
    }).value;
    const userData = pulumi
        .all([cluster.name, cluster.endpoint!, cluster.ca!])
        .apply(([n, e, c]) =>
            Buffer.from(
                `#!/bin/bash\n/etc/eks/bootstrap.sh ${n} --apiserver-endpoint ${e} --b64-cluster-ca ${c} ` +
                    `--kubelet-extra-args '--node-labels=cvmkit.dev/cvm-node=true,sysbox-install=yes'\n`,
            ).toString("base64"),
        );
    const lt = new ec2.LaunchTemplate(`${name}-lt`, {
        imageId: ami,
        userData,
        blockDeviceMappings: [
            { deviceName: "/dev/sda1", ebs: { volumeSize: 100, volumeType: "gp3" } },
        ],
    });
    return new eks.NodeGroup(
        name,
        {
            clusterName: cluster.name,
            nodeRoleArn: role.arn,
            subnetIds: ["subnet-1", "subnet-2"],
            instanceTypes: ["m6i.xlarge"],
            scalingConfig: { minSize: 1, maxSize: 1, desiredSize: 1 },
            labels: LABELS,
            launchTemplate: { id: lt.id, version: lt.latestVersion.apply(String) },
        },
        { dependsOn: attachments },
    );
}

export function gcpCluster(name: string): HandCluster {
    const container = gke();
    const cluster = new container.Cluster(name, {
        location: "europe-west1-b",
        minMasterVersion: VERSION,
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        deletionProtection: false,
    });
    const ca = cluster.masterAuth.apply((a) => a.clusterCaCertificate ?? "");
    return {
        cloud: "gcp",
        name: cluster.name,
        location: cluster.location,
        kubeconfig: execKubeconfig(
            cluster.name,
            pulumi.interpolate`https://${cluster.endpoint}`,
            ca,
            "gke-gcloud-auth-plugin",
            [],
        ),
    };
}

export function gcpPool(name: string, cluster: HandCluster): pulumi.CustomResource {
    const container = gke();
    return new container.NodePool(name, {
        cluster: cluster.name,
        location: cluster.location!,
        initialNodeCount: 1,
        nodeConfig: {
            machineType: "e2-standard-4",
            imageType: "UBUNTU_CONTAINERD",
            diskSizeGb: 100,
            labels: LABELS,
            shieldedInstanceConfig: { enableSecureBoot: false },
        },
    });
}

export function azureCluster(name: string): HandCluster & { resourceGroupName: string } {
    const containerservice = aks();
    const cluster = new containerservice.ManagedCluster(name, {
        resourceGroupName: "rg",
        dnsPrefix: name,
        kubernetesVersion: VERSION,
        enableRBAC: true,
        identity: { type: "SystemAssigned" },
        agentPoolProfiles: [
            {
                name: "system",
                mode: "System",
                osSKU: "Ubuntu",
                vmSize: "Standard_D2s_v5",
                count: 1,
            },
        ],
    });
    const creds = containerservice.listManagedClusterUserCredentialsOutput({
        resourceGroupName: "rg",
        resourceName: cluster.name,
    });
    return {
        cloud: "azure",
        name: cluster.name,
        resourceGroupName: "rg",
        kubeconfig: creds.kubeconfigs.apply((k) =>
            Buffer.from(k[0]!.value, "base64").toString("utf8"),
        ),
    };
}

export function azurePool(name: string, cluster: HandCluster): pulumi.CustomResource {
    const containerservice = aks();
    return new containerservice.AgentPool(name, {
        resourceGroupName: "rg",
        resourceName: cluster.name,
        agentPoolName: name.replace(/[^a-z0-9]/g, "").slice(0, 12),
        mode: "User",
        osType: "Linux",
        osSKU: "Ubuntu",
        vmSize: "Standard_D4s_v5",
        count: 1,
        orchestratorVersion: VERSION,
        nodeLabels: LABELS,
    });
}

/** The upstream Sysbox objects and the privileged namespace; only the DaemonSet waits for the pool. */
export function sysboxObjects(
    name: string,
    provider: k8s.Provider,
    pools: readonly pulumi.Resource[],
): void {
    const opts = { provider };
    new k8s.core.v1.Namespace(`${name}-ns`, up.CVM_NAMESPACE, opts);
    new k8s.core.v1.ServiceAccount(`${name}-sa`, up.SYSBOX_SERVICE_ACCOUNT, opts);
    new k8s.rbac.v1.ClusterRole(`${name}-cr`, up.SYSBOX_CLUSTER_ROLE, opts);
    new k8s.rbac.v1.ClusterRoleBinding(`${name}-crb`, up.SYSBOX_CLUSTER_ROLE_BINDING, opts);
    new k8s.core.v1.ConfigMap(`${name}-cm`, up.SYSBOX_CONFIG_MAP, opts);
    new k8s.apps.v1.DaemonSet(`${name}-ds`, up.SYSBOX_DAEMON_SET, {
        ...opts,
        dependsOn: [...pools],
    });
    new k8s.node.v1.RuntimeClass(`${name}-rc`, up.SYSBOX_RUNTIME_CLASS, opts);
}

const CLUSTERS = { aws: awsCluster, gcp: gcpCluster, azure: azureCluster };
export const POOLS = { aws: awsPool, gcp: gcpPool, azure: azurePool };
export const HAND_CLUSTERS = CLUSTERS;

/** The whole hand-written stack for one cloud (`existing`: a kubeconfig, no cluster, no pool). */
export function handWrittenStack(cloud: Cloud, kubeconfig: string): void {
    if (cloud === "existing") {
        const provider = new k8s.Provider("hand-k8s", { kubeconfig });
        sysboxObjects("hand", provider, []);
        return;
    }
    const cluster = CLUSTERS[cloud]("hand");
    const pool = POOLS[cloud]("hand-cvm", cluster);
    const provider = new k8s.Provider("hand-k8s", { kubeconfig: cluster.kubeconfig });
    sysboxObjects("hand", provider, [pool]);
}
