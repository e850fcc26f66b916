/**
 * Impossible combinations across the clouds: each is refused before anything is registered, with a message
 * that names the field, the value and the fix.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { installMocks, MockRecorder, settle } from "./stack-mocks";

let rec: MockRecorder;
let aws: typeof import("../../lib/aws");
let gcp: typeof import("../../lib/gcp");
let azure: typeof import("../../lib/azure");
let stack: typeof import("../../lib/stack");

before(async () => {
    rec = await installMocks();
    /* eslint-disable @typescript-eslint/no-require-imports */
    aws = require("../../lib/aws") as typeof import("../../lib/aws");
    gcp = require("../../lib/gcp") as typeof import("../../lib/gcp");
    azure = require("../../lib/azure") as typeof import("../../lib/azure");
    stack = require("../../lib/stack") as typeof import("../../lib/stack");
    /* eslint-enable @typescript-eslint/no-require-imports */
});

// Bad values come from untyped sources (YAML config, JavaScript), so the cases bypass the types on purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const eks = {
    clusterName: "c",
    endpoint: "https://e",
    certificateAuthorityData: "Q0E=",
    subnetIds: ["s"],
};
const gke = { clusterName: "c", location: "europe-west1" };
const aks = { resourceGroupName: "rg", clusterName: "c", clusterId: "/id" };
const awsStack = (nodePool: Loose, cvm: Loose = {}): Loose => ({
    cloud: "aws",
    cluster: { kubernetesVersion: "1.33", subnetIds: ["a", "b"] },
    nodePool,
    cvm,
});

interface Case {
    readonly title: string;
    readonly make: () => unknown;
    /** The field the message must name. */
    readonly field: string;
    /** The value as the message prints it. */
    readonly value: string;
}

const CASES: Case[] = [
    // GCP
    {
        title: "GKE Autopilot cluster",
        make: () =>
            new gcp.Cluster("x", {
                kubernetesVersion: "1.33",
                location: "eu",
                enableAutopilot: true,
            }),
        field: "enableAutopilot",
        value: "true",
    },
    {
        title: "GKE Autopilot through CvmStack",
        make: () =>
            new stack.CvmStack("x", {
                cloud: "gcp",
                cluster: { kubernetesVersion: "1.33", location: "eu", enableAutopilot: true },
            }),
        field: "cluster.enableAutopilot",
        value: "true",
    },
    {
        title: "COS image type",
        make: () =>
            new gcp.SysboxNodePool("x", { cluster: gke, imageType: "COS_CONTAINERD" as Loose }),
        field: "imageType",
        value: '"COS_CONTAINERD"',
    },
    {
        title: "Docker-based UBUNTU image type",
        make: () => new gcp.SysboxNodePool("x", { cluster: gke, imageType: "UBUNTU" as Loose }),
        field: "imageType",
        value: '"UBUNTU"',
    },
    {
        title: "2-vCPU GCP machine (shared-core e2-medium)",
        make: () => new gcp.SysboxNodePool("x", { cluster: gke, machineType: "e2-medium" }),
        field: "machineType",
        value: '"e2-medium"',
    },
    {
        title: "GCP GPU machine series (g2)",
        make: () => new gcp.SysboxNodePool("x", { cluster: gke, machineType: "g2-standard-8" }),
        field: "machineType",
        value: '"g2-standard-8"',
    },
    {
        title: "NVIDIA accelerator on a GKE pool",
        make: () =>
            new gcp.SysboxNodePool("x", {
                cluster: gke,
                guestAccelerators: [{ type: "nvidia-tesla-t4", count: 1 }],
            }),
        field: "guestAccelerators[0].type",
        value: '"nvidia-tesla-t4"',
    },
    {
        title: "unreadable GCP machine type without vcpus",
        make: () => new gcp.SysboxNodePool("x", { cluster: gke, machineType: "weird-type" }),
        field: "machineType",
        value: '"weird-type"',
    },
    // AWS
    {
        title: "Bottlerocket",
        make: () =>
            new aws.SysboxNodeGroup("x", {
                cluster: eks,
                kubernetesVersion: "1.33",
                amiFamily: "Bottlerocket" as Loose,
            }),
        field: "amiFamily",
        value: '"Bottlerocket"',
    },
    {
        title: "Amazon Linux 2023",
        make: () => new stack.CvmStack("x", awsStack({ amiFamily: "AL2023" })),
        field: "nodePool.amiFamily",
        value: '"AL2023"',
    },
    {
        title: "2-vCPU instance type",
        make: () =>
            new aws.SysboxNodeGroup("x", {
                cluster: eks,
                kubernetesVersion: "1.33",
                instanceTypes: ["m6i.large"],
            }),
        field: "instanceTypes[0]",
        value: '"m6i.large"',
    },
    {
        title: "2-vCPU burstable type in a stack",
        make: () =>
            new stack.CvmStack("x", awsStack({ instanceTypes: ["m6i.xlarge", "t3.medium"] })),
        field: "nodePool.instanceTypes[1]",
        value: '"t3.medium"',
    },
    {
        title: "NVIDIA GPU instance on EKS",
        make: () => new stack.CvmStack("x", awsStack({ instanceTypes: ["g5.xlarge"] })),
        field: "nodePool.instanceTypes[0]",
        value: '"g5.xlarge"',
    },
    {
        title: "AMD GPU instance (g4ad)",
        make: () =>
            new aws.SysboxNodeGroup("x", {
                cluster: eks,
                kubernetesVersion: "1.33",
                instanceTypes: ["g4ad.2xlarge"],
            }),
        field: "instanceTypes[0]",
        value: '"g4ad.2xlarge"',
    },
    {
        title: "mixed amd64 and arm64 instance types",
        make: () =>
            new aws.SysboxNodeGroup("x", {
                cluster: eks,
                kubernetesVersion: "1.33",
                instanceTypes: ["m6i.xlarge", "m7g.xlarge"],
            }),
        field: "instanceTypes",
        value: '["m6i.xlarge","m7g.xlarge"]',
    },
    {
        title: "Ubuntu 24.04 EKS image on 1.30",
        make: () =>
            new aws.SysboxNodeGroup("x", {
                cluster: eks,
                kubernetesVersion: "1.30",
                amiFamily: "Ubuntu2404",
            }),
        field: "amiFamily",
        value: '"Ubuntu2404"',
    },
    {
        title: "no node pool on a new cluster",
        make: () =>
            new stack.CvmStack("x", {
                cloud: "aws",
                cluster: { kubernetesVersion: "1.33", subnetIds: ["a", "b"] },
                nodePool: false,
            }),
        field: "nodePool",
        value: "false",
    },
    {
        title: "node version newer than the cluster's",
        make: () => new stack.CvmStack("x", awsStack({ kubernetesVersion: "1.34" })),
        field: "nodePool.kubernetesVersion",
        value: '"1.34"',
    },
    {
        title: "GKE autoUpgrade false on a new cluster (REGULAR channel)",
        make: () =>
            new stack.CvmStack("x", {
                cloud: "gcp",
                cluster: { kubernetesVersion: "1.33", location: "europe-west1-b" },
                nodePool: { autoUpgrade: false },
            }),
        field: "nodePool.autoUpgrade",
        value: "false",
    },
    {
        title: "AKS osSKU Ubuntu2404 (not in the azure-native API version)",
        make: () =>
            new stack.CvmStack("x", {
                cloud: "azure",
                cluster: { resourceGroupName: "rg", kubernetesVersion: "1.33" },
                nodePool: { osSKU: "Ubuntu2404" as Loose },
            }),
        field: "nodePool.osSKU",
        value: '"Ubuntu2404"',
    },
    {
        title: "EKS service CIDR outside the private ranges",
        make: () =>
            new stack.CvmStack("x", {
                cloud: "aws",
                cluster: {
                    kubernetesVersion: "1.33",
                    subnetIds: ["a", "b"],
                    serviceIpv4Cidr: "8.8.0.0/16",
                },
            }),
        field: "cluster.serviceIpv4Cidr",
        value: '"8.8.0.0/16"',
    },
    {
        title: "Kubernetes 1.17 cluster",
        make: () => new aws.Cluster("x", { kubernetesVersion: "1.17", subnetIds: ["a", "b"] }),
        field: "kubernetesVersion",
        value: '"1.17"',
    },
    {
        title: "Sysbox runtime on a minor no installer accepts",
        make: () =>
            new stack.CvmStack("x", {
                cloud: "aws",
                cluster: { kubernetesVersion: "1.25", subnetIds: ["a", "b"] },
                cvm: { sysboxRuntime: { enabled: true } },
            }),
        field: "cluster.kubernetesVersion",
        value: '"1.25"',
    },
    {
        title: "pool label sysbox-runtime pre-set",
        make: () => new stack.CvmStack("x", awsStack({ labels: { "sysbox-runtime": "running" } })),
        field: "nodePool.labels.sysbox-runtime",
        value: '"running"',
    },
    {
        title: "creation settings together with an existing EKS cluster",
        make: () => new aws.Cluster("x", { existing: { name: "prod" }, kubernetesVersion: "1.33" }),
        field: "kubernetesVersion",
        value: '"1.33"',
    },
    // Azure
    {
        title: "Windows AKS pool",
        make: () => new azure.SysboxNodePool("x", { cluster: aks, osType: "Windows" as Loose }),
        field: "osType",
        value: '"Windows"',
    },
    {
        title: "Azure Linux osSKU",
        make: () => new azure.SysboxNodePool("x", { cluster: aks, osSKU: "AzureLinux" as Loose }),
        field: "osSKU",
        value: '"AzureLinux"',
    },
    {
        title: "2-vCPU Azure size",
        make: () => new azure.SysboxNodePool("x", { cluster: aks, vmSize: "Standard_D2s_v5" }),
        field: "vmSize",
        value: '"Standard_D2s_v5"',
    },
    {
        title: "Azure NVIDIA N-series",
        make: () => new azure.SysboxNodePool("x", { cluster: aks, vmSize: "Standard_NC6s_v3" }),
        field: "vmSize",
        value: '"Standard_NC6s_v3"',
    },
    {
        title: "Azure AMD NVv4",
        make: () => new azure.SysboxNodePool("x", { cluster: aks, vmSize: "Standard_NV8as_v4" }),
        field: "vmSize",
        value: '"Standard_NV8as_v4"',
    },
    {
        title: "orchestratorVersion 1.17",
        make: () => new azure.SysboxNodePool("x", { cluster: aks, kubernetesVersion: "1.17.9" }),
        field: "kubernetesVersion",
        value: '"1.17.9"',
    },
    {
        title: "runtime on with an orchestratorVersion outside the installer range",
        make: () =>
            new stack.CvmStack("x", {
                cloud: "azure",
                cluster: { resourceGroupName: "rg", kubernetesVersion: "1.25" },
                cvm: { sysboxRuntime: { enabled: true } },
            }),
        field: "cluster.kubernetesVersion",
        value: '"1.25"',
    },
    {
        title: "Azure Policy exclusion without a cluster id",
        make: () =>
            new azure.SysboxNodePool("x", {
                cluster: { resourceGroupName: "rg", clusterName: "c" },
                azurePolicy: { enabled: true },
            }),
        field: "cluster.clusterId",
        value: "nothing",
    },
    {
        title: "agent pool name too long",
        make: () =>
            new azure.SysboxNodePool("x", { cluster: aks, agentPoolName: "cvm-workspaces-pool" }),
        field: "agentPoolName",
        value: '"cvm-workspaces-pool"',
    },
    // The stack union
    {
        title: "unknown cloud",
        make: () => new stack.CvmStack("x", { cloud: "oracle" } as Loose),
        field: "cloud",
        value: '"oracle"',
    },
    {
        title: "missing cluster",
        make: () => new stack.CvmStack("x", { cloud: "gcp" } as Loose),
        field: "cluster",
        value: "nothing",
    },
    {
        title: "node pool on an existing-kubeconfig stack",
        make: () => new stack.CvmStack("x", { cloud: "existing", nodePool: {} } as Loose),
        field: "nodePool",
        value: "{}",
    },
    {
        title: "bad CVM namespace inside the stack",
        make: () =>
            new stack.CvmStack("x", {
                cloud: "existing",
                kubernetesVersion: "1.33",
                cvm: { namespace: "kube-system" },
            }),
        field: "cvm.namespace",
        value: '"kube-system"',
    },
];

describe("bad inputs are refused before anything is registered", () => {
    it(`has at least 25 cases (${CASES.length})`, () => {
        assert.ok(CASES.length >= 25);
    });
    for (const c of CASES) {
        it(c.title, async () => {
            rec.reset();
            assert.throws(c.make, (err: Error & { propertyPath?: string }) => {
                assert.equal(
                    err.name === "InputPropertyError" || "propertyPath" in err,
                    true,
                    err.message,
                );
                assert.equal(err.propertyPath, c.field);
                assert.ok(
                    err.message.startsWith(`${c.field}: `),
                    `message names the field: ${err.message}`,
                );
                assert.ok(
                    err.message.includes(`(got ${c.value})`),
                    `message names the value: ${err.message}`,
                );
                assert.match(err.message, /\. Fix: \S.{10,}/, "message names the fix");
                return true;
            });
            await settle(rec, 20);
            assert.deepEqual(
                rec.resources.map((r) => `${r.type}::${r.name}`),
                [],
                "no resource was registered",
            );
        });
    }
});

describe("keys of another cloud", () => {
    it("are all refused at once, a credential named but not shown", async () => {
        rec.reset();
        assert.throws(
            () =>
                new stack.CvmStack("x", {
                    cloud: "aws",
                    kubeconfig: "apiVersion: v1\ntoken: s3cr3t",
                    clusterName: "lab",
                    cluster: { kubernetesVersion: "1.33", subnetIds: ["s"] },
                } as Loose),
            (err: Error & { propertyPath?: string }) => {
                assert.equal(err.propertyPath, "kubeconfig");
                assert.deepEqual(err.message.split("\n"), [
                    'kubeconfig: is not a setting of a "aws" stack (got a value not shown: it is a credential). Fix: remove it; a "aws" stack takes cloud, cluster, nodePool, cvm',
                    'clusterName: is not a setting of a "aws" stack (got "lab"). Fix: remove it; a "aws" stack takes cloud, cluster, nodePool, cvm',
                ]);
                return true;
            },
        );
        await settle(rec, 20);
        assert.deepEqual(rec.resources, []);
    });
});
