/**
 * Node credentials stay on the node: the recorded cloud inputs against the upstream rules.
 *
 * | Rule | Source |
 * |---|---|
 * | EC2 `metadataOptions.httpPutResponseHopLimit` takes 1–64; at 1 a pod's extra network hop cannot reach IMDSv2 (`httpTokens: required`) | EC2 `InstanceMetadataOptionsRequest`; EKS Best Practices, "Restrict the use of host networking and block access to instance metadata" |
 * | GKE `nodeConfig.workloadMetadataConfig.mode: GKE_METADATA` needs Workload Identity (`workloadIdentityConfig.workloadPool` = `<project>.svc.id.goog`) on the cluster; `GCE_METADATA` exposes the node's metadata server | GKE Workload Identity docs; pulumi-gcp `container.NodePool` / `container.Cluster` docs |
 */
import assert from "node:assert/strict";
import { before, beforeEach, describe, it } from "node:test";
import { CvmkitConfigError } from "../../lib";
import { installMocks, MockRecorder, settle, valueOf } from "./stack-mocks";

let rec: MockRecorder;
let aws: typeof import("../../lib/aws");
let gcp: typeof import("../../lib/gcp");

before(async () => {
    rec = await installMocks();
    /* eslint-disable @typescript-eslint/no-require-imports */
    aws = require("../../lib/aws") as typeof import("../../lib/aws");
    gcp = require("../../lib/gcp") as typeof import("../../lib/gcp");
    /* eslint-enable @typescript-eslint/no-require-imports */
});
beforeEach(() => rec.reset());

const eksCluster = {
    subnetIds: ["subnet-1"],
    clusterName: "eks",
    endpoint: "https://eks.example",
    certificateAuthorityData: "Q0E=",
};

describe("EKS CVM node groups: IMDSv2 hop limit", () => {
    it("defaults to hop limit 1 with IMDSv2 required", async () => {
        const ng = new aws.SysboxNodeGroup("imds", {
            cluster: eksCluster,
            kubernetesVersion: "1.33",
        });
        await valueOf(ng.amiId);
        await settle(rec);
        const lt = rec.one("aws:ec2/launchTemplate:LaunchTemplate");
        assert.deepEqual(lt.inputs["metadataOptions"], {
            httpEndpoint: "enabled",
            httpTokens: "required",
            httpPutResponseHopLimit: 1,
        });
    });

    it("opts out with metadataHopLimit: 2", async () => {
        const ng = new aws.SysboxNodeGroup("imds2", {
            cluster: eksCluster,
            kubernetesVersion: "1.33",
            metadataHopLimit: 2,
        });
        await valueOf(ng.amiId);
        await settle(rec);
        const lt = rec.one("aws:ec2/launchTemplate:LaunchTemplate");
        assert.equal(
            (lt.inputs["metadataOptions"] as Record<string, unknown>)["httpPutResponseHopLimit"],
            2,
        );
    });

    for (const bad of [0, 65, 1.5, "2"]) {
        it(`refuses metadataHopLimit ${JSON.stringify(bad)} before registering anything`, () => {
            assert.throws(
                () =>
                    new aws.SysboxNodeGroup("imds-bad", {
                        cluster: eksCluster,
                        kubernetesVersion: "1.33",
                        metadataHopLimit: bad as number,
                    }),
                /metadataHopLimit: must be an integer from 1 to 64 \(EC2 httpPutResponseHopLimit\)/,
            );
            assert.equal(rec.calls.length, 0);
        });
    }

    it("the rule's error is a CvmkitConfigError naming the field", () => {
        const { resolveNodeGroupArgs } =
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            require("../../lib/aws/rules") as typeof import("../../lib/aws/rules");
        assert.throws(
            () =>
                resolveNodeGroupArgs({
                    cluster: eksCluster,
                    kubernetesVersion: "1.33",
                    metadataHopLimit: 0,
                }),
            (e: unknown) => e instanceof CvmkitConfigError && e.field === "metadataHopLimit",
        );
    });
});

describe("GKE CVM node pools: GKE metadata server", () => {
    it("cvmkit's own cluster turns Workload Identity on; its pools use GKE_METADATA", async () => {
        const cluster = new gcp.Cluster("wi", {
            kubernetesVersion: "1.33",
            location: "europe-west1-b",
            project: "proj",
        });
        const pool = new gcp.SysboxNodePool("wi", { cluster, kubernetesVersion: "1.33" });
        assert.equal(await valueOf(cluster.workloadIdentity), true);
        await valueOf(pool.nodePoolName);
        await settle(rec);
        const c = rec.one("gcp:container/cluster:Cluster");
        assert.deepEqual(c.inputs["workloadIdentityConfig"], { workloadPool: "proj.svc.id.goog" });
        const np = rec.one("gcp:container/nodePool:NodePool");
        const nc = np.inputs["nodeConfig"] as Record<string, unknown>;
        assert.deepEqual(nc["workloadMetadataConfig"], { mode: "GKE_METADATA" });
    });

    it("without a project, the workload pool is the provider's project", async () => {
        const cluster = new gcp.Cluster("wi-noproj", {
            kubernetesVersion: "1.33",
            location: "europe-west1-b",
        });
        await valueOf(cluster.clusterName);
        await settle(rec);
        const c = rec.one("gcp:container/cluster:Cluster");
        assert.deepEqual(c.inputs["workloadIdentityConfig"], { workloadPool: "proj.svc.id.goog" });
    });

    it("a cluster given by name without Workload Identity keeps GCE_METADATA", async () => {
        const pool = new gcp.SysboxNodePool("nowi", {
            cluster: { clusterName: "other", location: "europe-west1" },
            kubernetesVersion: "1.33",
        });
        await valueOf(pool.nodePoolName);
        await settle(rec);
        const nc = rec.one("gcp:container/nodePool:NodePool").inputs["nodeConfig"] as Record<
            string,
            unknown
        >;
        assert.deepEqual(nc["workloadMetadataConfig"], { mode: "GCE_METADATA" });
    });

    it("a cluster given by name with workloadIdentity: true uses GKE_METADATA", async () => {
        const pool = new gcp.SysboxNodePool("byname-wi", {
            cluster: { clusterName: "other", location: "europe-west1", workloadIdentity: true },
            kubernetesVersion: "1.33",
        });
        await valueOf(pool.nodePoolName);
        await settle(rec);
        const nc = rec.one("gcp:container/nodePool:NodePool").inputs["nodeConfig"] as Record<
            string,
            unknown
        >;
        assert.deepEqual(nc["workloadMetadataConfig"], { mode: "GKE_METADATA" });
    });

    it("an existing cluster looked up without a workload pool reports Workload Identity off", async () => {
        const cluster = new gcp.Cluster("found", {
            existing: { name: "legacy", location: "europe-west1" },
        });
        assert.equal(await valueOf(cluster.workloadIdentity), false);
    });
});
