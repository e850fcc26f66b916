/**
 * The hand-written equivalent of cvmkit that a platform engineer writes without it, with plain `@pulumi/*` SDK
 * calls: per cloud the IAM roles / cluster / Ubuntu node pool with the same settings cvmkit chooses, a Kubernetes
 * provider from an exec kubeconfig, and the same Kubernetes objects as typed `@pulumi/kubernetes` resources
 * (object literals in ./cvm-objects-133.ts and ./cvm-objects-135.ts) with the same dependencies and resource
 * options. It builds exactly the custom resources cvmkit builds — same types, names, inputs and (transitive)
 * dependencies, checked by test/unit/bench-peers.test.ts — but checks nothing, renders nothing and has no
 * components. It loads the same SDK submodules cvmkit loads.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { cvmObjects133 } from "./cvm-objects-133";
import { cvmObjects135 } from "./cvm-objects-135";

export type Cloud = "aws" | "gcp" | "azure" | "existing";

/** A created cluster: enough to attach pools and to build a Kubernetes provider. */
export interface HandCluster {
    readonly cloud: Exclude<Cloud, "existing">;
    readonly name: pulumi.Output<string>;
    readonly kubeconfig: pulumi.Output<string>;
    readonly endpoint?: pulumi.Output<string>;
    readonly ca?: pulumi.Output<string>;
    readonly dnsClusterIp?: pulumi.Output<string>;
    readonly location?: pulumi.Output<string>;
    readonly project?: pulumi.Output<string>;
}

const VERSION = "1.33";
const SUBNETS = ["subnet-1", "subnet-2"];
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
const gcpSdk = () => ({
    container: require("@pulumi/gcp/container") as typeof import("@pulumi/gcp/container"),
    organizations:
        require("@pulumi/gcp/organizations") as typeof import("@pulumi/gcp/organizations"),
});
const aks = (): typeof import("@pulumi/azure-native/containerservice") =>
    require("@pulumi/azure-native/containerservice");
/* eslint-enable @typescript-eslint/no-require-imports */

function assumeRole(service: string, action: string | string[]): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: action }],
    });
}

/** A kubeconfig whose user runs `command` (the cloud's token helper). */
function execKubeconfig(
    name: string,
    server: string,
    ca: string,
    exec: Record<string, unknown>,
): string {
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name, cluster: { server, "certificate-authority-data": ca } }],
        contexts: [{ name, context: { cluster: name, user: name } }],
        "current-context": name,
        preferences: {},
        users: [
            {
                name,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        ...exec,
                        interactiveMode: "Never",
                    },
                },
            },
        ],
    });
}

export function awsCluster(name: string): HandCluster {
    const { eks, iam } = aws();
    const role = new iam.Role(`${name}-cluster-role`, {
        assumeRolePolicy: assumeRole("eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"]),
        tags: {},
    });
    const attach = new iam.RolePolicyAttachment(`${name}-AmazonEKSClusterPolicy`, {
        role: role.name,
        policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
    });
    const cluster = new eks.Cluster(
        name,
        {
            roleArn: role.arn,
            version: VERSION,
            vpcConfig: {
                subnetIds: SUBNETS,
                endpointPrivateAccess: true,
                endpointPublicAccess: true,
                publicAccessCidrs: ["0.0.0.0/0"],
            },
            accessConfig: {
                authenticationMode: "API",
                bootstrapClusterCreatorAdminPermissions: true,
            },
            tags: {},
        },
        { dependsOn: [attach] },
    );
    const ca = cluster.certificateAuthority.apply((c) => c.data ?? "");
    const kubeconfig = pulumi
        .all([cluster.name, cluster.endpoint, ca, cluster.arn])
        .apply(([n, endpoint, c, arn]) =>
            execKubeconfig(n, endpoint, c, {
                command: "aws",
                args: ["eks", "get-token", "--cluster-name", n, "--output", "json"].concat([
                    "--region",
                    arn.split(":")[3]!,
                ]),
            }),
        );
    return {
        cloud: "aws",
        name: cluster.name,
        endpoint: cluster.endpoint,
        ca,
        // CoreDNS is the service CIDR's .10 address.
        dnsClusterIp: cluster.kubernetesNetworkConfig.apply(
            (n) => `${(n.serviceIpv4Cidr ?? "").split(".").slice(0, 3).join(".")}.10`,
        ),
        kubeconfig: pulumi.secret(kubeconfig),
    };
}

function awsUserData(name: string, endpoint: string, ca: string, dnsIp: string): string {
    const labels = Object.entries(LABELS)
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
    return Buffer.from(
        [
            "MIME-Version: 1.0",
            'Content-Type: multipart/mixed; boundary="==CVMKIT=="',
            "",
            "--==CVMKIT==",
            'Content-Type: text/x-shellscript; charset="us-ascii"',
            "",
            "#!/bin/bash",
            "set -o xtrace",
            `/etc/eks/bootstrap.sh ${name} \\`,
            `  --apiserver-endpoint ${endpoint} \\`,
            `  --b64-cluster-ca ${ca} \\`,
            `  --dns-cluster-ip ${dnsIp} \\`,
            `  --kubelet-extra-args '--node-labels=${labels}'`,
            "",
            "--==CVMKIT==--",
            "",
        ].join("\n"),
    ).toString("base64");
}

export function awsPool(name: string, cluster: HandCluster): pulumi.CustomResource {
    const { eks, iam, ec2, ssm } = aws();
    const role = new iam.Role(`${name}-node-role`, {
        assumeRolePolicy: assumeRole("ec2.amazonaws.com", "sts:AssumeRole"),
        tags: {},
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
    // Pin the AMI the first `up` resolves (a Stash keeps it), so a new Ubuntu release does not roll the nodes.
    const parameter = `/aws/service/canonical/ubuntu/eks/22.04/${VERSION}/stable/current/amd64/hvm/ebs-gp2/ami-id`;
    const ami = new pulumi.Stash(`${name}-ami`, {
        input: ssm
            .getParameterOutput({ name: parameter })
            .value.apply((imageId) => ({ imageId, parameter })),
    });
    const userData = pulumi
        .all([cluster.name, cluster.endpoint!, cluster.ca!, cluster.dnsClusterIp!])
        .apply(([n, e, c, dns]) => awsUserData(n, e, c, dns));
    const lt = new ec2.LaunchTemplate(`${name}-lt`, {
        imageId: ami.output.apply((o) => (o as { imageId: string }).imageId),
        userData,
        updateDefaultVersion: true,
        metadataOptions: {
            httpEndpoint: "enabled",
            httpPutResponseHopLimit: 1,
            httpTokens: "required",
        },
        blockDeviceMappings: [
            {
                deviceName: "/dev/sda1",
                ebs: {
                    volumeSize: 100,
                    volumeType: "gp3",
                    encrypted: "true",
                    deleteOnTermination: "true",
                },
            },
        ],
    });
    return new eks.NodeGroup(
        name,
        {
            clusterName: cluster.name,
            nodeRoleArn: role.arn,
            subnetIds: SUBNETS,
            instanceTypes: ["m6i.xlarge"],
            capacityType: "ON_DEMAND",
            scalingConfig: { minSize: 1, maxSize: 3, desiredSize: 1 },
            updateConfig: { maxUnavailable: 1 },
            labels: LABELS,
            taints: [],
            launchTemplate: { id: lt.id, version: lt.latestVersion.apply(String) },
        },
        // The cluster autoscaler owns the node count after creation.
        { dependsOn: attachments, ignoreChanges: ["scalingConfig.desiredSize"] },
    );
}

export function gcpCluster(name: string): HandCluster {
    const { container, organizations } = gcpSdk();
    const project = organizations.getClientConfigOutput().project;
    const cluster = new container.Cluster(name, {
        location: "europe-west1-b",
        minMasterVersion: VERSION,
        releaseChannel: { channel: "REGULAR" },
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        deletionProtection: false,
        enableAutopilot: false,
        workloadIdentityConfig: { workloadPool: pulumi.interpolate`${project}.svc.id.goog` },
    });
    const ca = cluster.masterAuth.apply((a) => a.clusterCaCertificate ?? "");
    const kubeconfig = pulumi
        .all([cluster.project, cluster.location, cluster.name, cluster.endpoint, ca])
        .apply(([p, l, n, e, c]) =>
            execKubeconfig(`gke_${p}_${l}_${n}`, `https://${e}`, c, {
                command: "gke-gcloud-auth-plugin",
                installHint:
                    "Install gke-gcloud-auth-plugin: https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin",
                provideClusterInfo: true,
            }),
        );
    return {
        cloud: "gcp",
        name: cluster.name,
        location: cluster.location,
        project: cluster.project,
        kubeconfig: pulumi.secret(kubeconfig),
    };
}

export function gcpPool(
    name: string,
    cluster: HandCluster,
    version?: string,
): pulumi.CustomResource {
    const { container } = gcpSdk();
    return new container.NodePool(
        name,
        {
            ...(version ? { version } : {}),
            cluster: cluster.name,
            location: cluster.location!,
            project: cluster.project!,
            initialNodeCount: 1,
            autoscaling: { locationPolicy: "BALANCED", totalMinNodeCount: 1, totalMaxNodeCount: 3 },
            management: { autoRepair: true, autoUpgrade: true },
            nodeConfig: {
                machineType: "e2-standard-4",
                imageType: "UBUNTU_CONTAINERD",
                diskSizeGb: 100,
                diskType: "pd-balanced",
                guestAccelerators: [],
                labels: LABELS,
                taints: [],
                oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
                shieldedInstanceConfig: {
                    enableSecureBoot: false,
                    enableIntegrityMonitoring: true,
                },
                workloadMetadataConfig: { mode: "GKE_METADATA" },
            },
        },
        { ignoreChanges: ["initialNodeCount", "version"] },
    );
}

export function azureCluster(name: string): HandCluster {
    const containerservice = aks();
    const cluster = new containerservice.ManagedCluster(
        name,
        {
            resourceGroupName: "rg",
            dnsPrefix: name,
            kubernetesVersion: VERSION,
            enableRBAC: true,
            identity: { type: "SystemAssigned" },
            addonProfiles: { azurepolicy: { enabled: false } },
            agentPoolProfiles: [
                {
                    name: "system",
                    mode: "System",
                    type: "VirtualMachineScaleSets",
                    osType: "Linux",
                    osSKU: "Ubuntu",
                    orchestratorVersion: VERSION,
                    vmSize: "Standard_D2s_v5",
                    count: 1,
                },
            ],
            tags: {},
        },
        { ignoreChanges: ["agentPoolProfiles"] },
    );
    const creds = containerservice.listManagedClusterUserCredentialsOutput({
        resourceGroupName: "rg",
        resourceName: cluster.name,
    });
    return {
        cloud: "azure",
        name: cluster.name,
        kubeconfig: pulumi.secret(
            creds.kubeconfigs.apply((k) => Buffer.from(k[0]!.value, "base64").toString("utf8")),
        ),
    };
}

export function azurePool(
    name: string,
    cluster: HandCluster,
    agentPoolName = "cvm",
): pulumi.CustomResource {
    const containerservice = aks();
    return new containerservice.AgentPool(
        name,
        {
            resourceGroupName: "rg",
            resourceName: cluster.name,
            agentPoolName,
            mode: "User",
            type: "VirtualMachineScaleSets",
            osType: "Linux",
            osSKU: "Ubuntu",
            osDiskSizeGB: 128,
            vmSize: "Standard_D4s_v5",
            count: 1,
            enableAutoScaling: true,
            minCount: 1,
            maxCount: 3,
            orchestratorVersion: VERSION,
            nodeLabels: LABELS,
            nodeTaints: [],
            tags: {},
        },
        { ignoreChanges: ["count"] },
    );
}

/** The Kubernetes objects of one cluster (see ./cvm-objects-133.ts) as typed resources. */
export type CvmObjects = ReturnType<typeof cvmObjects133>;

/** The objects for Kubernetes 1.33 owned by component `name`; `cvmNodes`: pods select the CVM nodes. */
export function objects133(name: string, cvmNodes: boolean): CvmObjects {
    return cvmObjects133(`${pulumi.getProject()}/${pulumi.getStack()}/${name}`, cvmNodes);
}

/**
 * The Kubernetes objects as typed resources named `<name>-<kind>-[<namespace>-]<name>`: every object goes before
 * (and is deleted after) what it needs, only the DaemonSets wait for the node pools, the namespace is kept on
 * destroy, objects with fixed names are deleted before they are replaced.
 */
export function cvmResources(
    name: string,
    provider: k8s.Provider,
    pools: readonly pulumi.Resource[],
    objects: CvmObjects = objects133(name, pools.length > 0),
): void {
    const o = objects;
    const base = { provider, deleteBeforeReplace: true };
    const after = (...dependsOn: pulumi.Resource[]) => ({ ...base, dependsOn });
    const daemonSet = (...dependsOn: pulumi.Resource[]) => ({
        ...after(...dependsOn, ...pools),
        customTimeouts: { create: "20m", update: "20m" },
    });
    /* eslint-disable @typescript-eslint/no-explicit-any -- literal objects typed as the SDK's Args */
    const ns = new k8s.core.v1.Namespace(
        `${name}-namespace-cvm-workspaces`,
        o.namespaceCvmWorkspaces as any,
        { ...base, retainOnDelete: true },
    );
    const supervisor = new k8s.core.v1.ServiceAccount(
        `${name}-serviceaccount-cvm-workspaces-cvm-supervisor`,
        o.serviceaccountCvmWorkspacesCvmSupervisor as any,
        after(ns),
    );
    const ingress = new k8s.networking.v1.NetworkPolicy(
        `${name}-networkpolicy-cvm-workspaces-cvmkit-ingress`,
        o.networkpolicyCvmWorkspacesCvmkitIngress as any,
        after(ns),
    );
    const egress = new k8s.networking.v1.NetworkPolicy(
        `${name}-networkpolicy-cvm-workspaces-cvmkit-egress`,
        o.networkpolicyCvmWorkspacesCvmkitEgress as any,
        after(ns),
    );
    const vap = new k8s.admissionregistration.v1.ValidatingAdmissionPolicy(
        `${name}-validatingadmissionpolicy-cvmkit-cvm-workspaces-privileged-allowlist`,
        o.validatingadmissionpolicyCvmkitCvmWorkspacesPrivilegedAllowlist as any,
        base,
    );
    new k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(
        `${name}-validatingadmissionpolicybinding-cvmkit-cvm-workspaces-privileged-allowlist`,
        o.validatingadmissionpolicybindingCvmkitCvmWorkspacesPrivilegedAllowlist as any,
        after(vap),
    );
    const sa = new k8s.core.v1.ServiceAccount(
        `${name}-serviceaccount-kube-system-sysbox-label-node`,
        o.serviceaccountKubeSystemSysboxLabelNode as any,
        base,
    );
    const cm = new k8s.core.v1.ConfigMap(
        `${name}-configmap-kube-system-sysbox-operational-attributes`,
        o.configmapKubeSystemSysboxOperationalAttributes as any,
        base,
    );
    const cr = new k8s.rbac.v1.ClusterRole(
        `${name}-clusterrole-sysbox-node-labeler`,
        o.clusterroleSysboxNodeLabeler as any,
        base,
    );
    const crb = new k8s.rbac.v1.ClusterRoleBinding(
        `${name}-clusterrolebinding-sysbox-label-node-rb`,
        o.clusterrolebindingSysboxLabelNodeRb as any,
        after(cr),
    );
    new k8s.apps.v1.DaemonSet(
        `${name}-daemonset-kube-system-sysbox-deploy-k8s`,
        o.daemonsetKubeSystemSysboxDeployK8s as any,
        daemonSet(sa, cr, crb, cm),
    );
    new k8s.node.v1.RuntimeClass(
        `${name}-runtimeclass-sysbox-runc`,
        o.runtimeclassSysboxRunc as any,
        after(sa, cr, crb, cm),
    );
    new k8s.apps.v1.DaemonSet(
        `${name}-daemonset-cvm-workspaces-cvm-image-prepull`,
        o.daemonsetCvmWorkspacesCvmImagePrepull as any,
        daemonSet(ns, supervisor, ingress, egress),
    );
    /* eslint-enable @typescript-eslint/no-explicit-any */
}

export const HAND_CLUSTERS = { aws: awsCluster, gcp: gcpCluster, azure: azureCluster };
export const POOLS = { aws: awsPool, gcp: gcpPool, azure: azurePool };

/**
 * The whole hand-written stack for one cloud, as `CvmStack` builds it (resource names `cvm`, `cvm-cvm`,
 * `cvm-k8s`, …); `existing`: a provider for the given kubeconfig and the objects, no cluster, no pool.
 */
export function handWrittenStack(cloud: Cloud, kubeconfig: string): void {
    if (cloud === "existing") {
        const provider = new k8s.Provider("cvm-k8s", {
            kubeconfig: pulumi.secret(kubeconfig),
            clusterIdentifier: "existing",
        });
        cvmResources("cvm", provider, []);
        return;
    }
    const cluster = HAND_CLUSTERS[cloud]("cvm");
    const pool = POOLS[cloud]("cvm-cvm", cluster);
    const provider = new k8s.Provider("cvm-k8s", {
        kubeconfig: cluster.kubeconfig,
        clusterIdentifier: cluster.name,
    });
    cvmResources("cvm", provider, [pool]);
}

/**
 * The hand-written peer of the repository's top-level program on an existing Kubernetes 1.35 cluster
 * (`cvmkit:cloud=existing`, `cvmkit:clusterName=local`, Sysbox runtime on): what the real-engine bench runs.
 */
export function handWrittenEngineProgram(kubeconfig: string): void {
    const provider = new k8s.Provider("cvmkit-k8s", {
        kubeconfig: pulumi.secret(kubeconfig),
        clusterIdentifier: "local",
    });
    const owner = `${pulumi.getProject()}/${pulumi.getStack()}/cvmkit`;
    cvmResources("cvmkit", provider, [], cvmObjects135(owner, false));
}
