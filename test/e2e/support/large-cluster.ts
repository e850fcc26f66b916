/**
 * A large cluster for the doctor: `count` identical EKS Ubuntu 22.04 nodes (the CVM pool label, 4 vCPU,
 * kernel 5.15, containerd 1.7 — every node gets the same warnings), registered through the real API with
 * bounded concurrency (POST, then PATCH of the status subresource).
 */
import { Api, NodeFixture, registerNode } from "./fixtures-doctor";

export function largeClusterNode(i: number): NodeFixture {
    const name = `ip-10-1-${Math.floor(i / 250)}-${i % 250}.ec2.internal`;
    return {
        name,
        osImage: "Ubuntu 22.04.4 LTS",
        kernelVersion: "5.15.0-1057-aws",
        containerRuntimeVersion: "containerd://1.7.12",
        kubeletVersion: "v1.35.0-eks-3025e55",
        architecture: "amd64",
        cpu: "4",
        allocatableCpu: "3920m",
        memory: "16073740Ki",
        providerID: `aws:///us-east-1a/i-${(0x10000000 + i).toString(16)}`,
        labels: {
            "cvmkit.dev/cvm-node": "true",
            "node.kubernetes.io/instance-type": "m6i.xlarge",
            "eks.amazonaws.com/nodegroup": "cvm",
        },
    };
}

/** Registers nodes 0..count-1 with at most `concurrency` requests in flight; returns the names. */
export async function registerLargeCluster(
    api: Api,
    count: number,
    concurrency = 16,
): Promise<string[]> {
    const nodes = Array.from({ length: count }, (_, i) => largeClusterNode(i));
    let next = 0;
    const worker = async () => {
        while (next < nodes.length) {
            const n = nodes[next++]!;
            await registerNode(api, n);
        }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
    return nodes.map((n) => n.name);
}
