/**
 * The programs measured under Pulumi mocks: `CvmStack` per cloud (Sysbox runtime on, Kubernetes 1.33) and the
 * N-pool scaling program, each with its hand-written peer. Loaded inside a worker after the mocks are set.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as handModule from "./peers/hand-written";

export type Cloud = handModule.Cloud;
export const CLOUDS: readonly Cloud[] = ["aws", "gcp", "azure", "existing"];
export const POOL_CLOUDS = ["aws", "gcp", "azure"] as const;

const KUBECONFIG = "apiVersion: v1\nkind: Config\nclusters: []\n";
const CVM = { sysboxRuntime: { enabled: true } };

/* eslint-disable @typescript-eslint/no-require-imports -- modules load inside the timed region */
const lib = <T>(sub: string): T => require(`../lib/${sub}`) as T;

/** `new CvmStack(...)` for one cloud; returns its outputs to await. */
export function cvmkitStack(cloud: Cloud): pulumi.Output<unknown>[] {
    const { CvmStack } = lib<typeof import("../lib/stack")>("stack");
    const args =
        cloud === "aws"
            ? {
                  cloud,
                  cluster: { kubernetesVersion: "1.33", subnetIds: ["subnet-1", "subnet-2"] },
                  nodePool: { instanceTypes: ["m6i.xlarge"] },
                  cvm: CVM,
              }
            : cloud === "gcp"
              ? {
                    cloud,
                    cluster: { kubernetesVersion: "1.33", location: "europe-west1-b" },
                    nodePool: { machineType: "e2-standard-4" },
                    cvm: CVM,
                }
              : cloud === "azure"
                ? {
                      cloud,
                      cluster: { resourceGroupName: "rg", kubernetesVersion: "1.33" },
                      nodePool: { vmSize: "Standard_D4s_v5" },
                      cvm: CVM,
                  }
                : { cloud, kubeconfig: KUBECONFIG, kubernetesVersion: "1.33", cvm: CVM };
    const s = new CvmStack("cvm", args as import("../lib/stack").CvmStackArgs);
    return [s.kubernetesVersion, s.namespace, s.supervisorPodTemplate, s.sysboxPodTemplate];
}

const peers = () => require("./peers/hand-written") as typeof handModule;

export function handStack(cloud: Cloud): pulumi.Output<unknown>[] {
    peers().handWrittenStack(cloud, KUBECONFIG);
    return [];
}

/**
 * N node pools round-robin over AWS, GCP and Azure, attached to one new cluster per cloud (clusters only for
 * clouds that get a pool), with one Kubernetes provider and one `CvmCluster` per cluster whose DaemonSets wait
 * for that cluster's pools — `CvmStack` generalised to N pools.
 */
export function cvmkitScale(n: number): pulumi.Output<unknown>[] {
    const aws = lib<typeof import("../lib/aws")>("aws");
    const gcp = lib<typeof import("../lib/gcp")>("gcp");
    const azure = lib<typeof import("../lib/azure")>("azure");
    const { CvmCluster } = lib<typeof import("../lib/kubernetes")>("kubernetes");
    const { Provider } =
        require("@pulumi/kubernetes/provider") as typeof import("@pulumi/kubernetes/provider");
    const clouds = POOL_CLOUDS.filter((_, i) => i < n);
    const outputs: pulumi.Output<unknown>[] = [];
    for (const cloud of clouds) {
        const pools: pulumi.Resource[] = [];
        let kubeconfig: pulumi.Output<string>;
        const indexes = Array.from({ length: n }, (_, i) => i).filter(
            (i) => POOL_CLOUDS[i % 3] === cloud,
        );
        const common = { kubernetesVersion: "1.33", sysboxRuntime: { enabled: true } };
        if (cloud === "aws") {
            const cluster = new aws.Cluster("aws", {
                kubernetesVersion: "1.33",
                subnetIds: ["subnet-1", "subnet-2"],
            });
            kubeconfig = cluster.kubeconfig;
            for (const i of indexes) {
                pools.push(
                    new aws.SysboxNodeGroup(`pool-${i}`, {
                        ...common,
                        cluster,
                        instanceTypes: ["m6i.xlarge"],
                    }),
                );
            }
        } else if (cloud === "gcp") {
            const cluster = new gcp.Cluster("gcp", {
                kubernetesVersion: "1.33",
                location: "europe-west1-b",
            });
            kubeconfig = cluster.kubeconfig;
            for (const i of indexes) {
                pools.push(
                    new gcp.SysboxNodePool(`pool-${i}`, {
                        ...common,
                        cluster,
                        machineType: "e2-standard-4",
                    }),
                );
            }
        } else {
            const cluster = new azure.Cluster("azure", {
                resourceGroupName: "rg",
                kubernetesVersion: "1.33",
            });
            kubeconfig = cluster.kubeconfig;
            for (const i of indexes) {
                pools.push(
                    new azure.SysboxNodePool(`pool-${i}`, {
                        ...common,
                        cluster: {
                            resourceGroupName: cluster.resourceGroupName,
                            clusterName: cluster.clusterName,
                            clusterId: cluster.clusterId,
                        },
                        agentPoolName: `cvm${i}`,
                        vmSize: "Standard_D4s_v5",
                    }),
                );
            }
        }
        const provider = new Provider(`${cloud}-k8s`, { kubeconfig });
        const cvm = new CvmCluster(
            cloud,
            {
                kubernetesVersion: "1.33",
                sysboxRuntime: { enabled: true },
                nodeDependencies: pools,
            },
            { provider },
        );
        outputs.push(cvm.namespace, cvm.supervisorPodTemplate);
    }
    return outputs;
}

export function handScale(n: number): pulumi.Output<unknown>[] {
    const k8s = require("@pulumi/kubernetes") as typeof import("@pulumi/kubernetes");
    const hand = peers();
    const clouds = POOL_CLOUDS.filter((_, i) => i < n);
    for (const cloud of clouds) {
        const cluster = hand.HAND_CLUSTERS[cloud](cloud);
        const pools = Array.from({ length: n }, (_, i) => i)
            .filter((i) => POOL_CLOUDS[i % 3] === cloud)
            .map((i) => hand.POOLS[cloud](`pool-${i}`, cluster));
        const provider = new k8s.Provider(`${cloud}-k8s`, { kubeconfig: cluster.kubeconfig });
        hand.sysboxObjects(cloud, provider, pools);
    }
    return [];
}
/* eslint-enable @typescript-eslint/no-require-imports */
