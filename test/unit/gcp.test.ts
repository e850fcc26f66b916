import assert from "node:assert/strict";
import { before, beforeEach, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { installMocks, MockRecorder, settle, valueOf } from "./stack-mocks";

let rec: MockRecorder;
let gcp: typeof import("../../lib/gcp");

before(async () => {
    rec = await installMocks();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    gcp = require("../../lib/gcp") as typeof import("../../lib/gcp");
});
beforeEach(() => rec.reset());

describe("cvmkit/gcp", () => {
    it("creates a GKE Standard cluster without default pool and an Ubuntu pool with Secure Boot off", async () => {
        const cluster = new gcp.Cluster("gke", {
            kubernetesVersion: "1.33",
            location: "europe-west1-b",
            project: "proj",
        });
        const pool = new gcp.SysboxNodePool("cvm", {
            cluster,
            machineType: "n2-standard-8",
            kubernetesVersion: "1.33",
            sysboxRuntime: { enabled: true },
            taint: { key: "cvm", value: "only" },
            labels: { team: "dev" },
            minSize: 1,
            maxSize: 5,
        });
        const kubeconfig = await valueOf(cluster.kubeconfig);
        await valueOf(pool.nodePoolName);
        await settle(rec);

        const c = rec.one("gcp:container/cluster:Cluster");
        assert.equal(c.inputs["minMasterVersion"], "1.33");
        assert.equal(c.inputs["removeDefaultNodePool"], true);
        assert.equal(c.inputs["initialNodeCount"], 1);
        assert.equal(c.inputs["enableAutopilot"], false);
        assert.equal(c.inputs["location"], "europe-west1-b");
        assert.equal(c.inputs["deletionProtection"], false);

        const np = rec.one("gcp:container/nodePool:NodePool");
        assert.equal(np.inputs["cluster"], "gke-gke");
        assert.equal(np.inputs["location"], "europe-west1-b");
        assert.equal(np.inputs["version"], "1.33");
        assert.deepEqual(np.inputs["autoscaling"], { minNodeCount: 1, maxNodeCount: 5 });
        const nc = np.inputs["nodeConfig"] as Record<string, unknown>;
        assert.equal(nc["imageType"], "UBUNTU_CONTAINERD");
        assert.equal(nc["machineType"], "n2-standard-8");
        assert.deepEqual(nc["shieldedInstanceConfig"], {
            enableSecureBoot: false,
            enableIntegrityMonitoring: true,
        });
        assert.deepEqual(nc["labels"], {
            team: "dev",
            "cvmkit.dev/cvm-node": "true",
            "sysbox-install": "yes",
        });
        assert.deepEqual(nc["taints"], [{ key: "cvm", value: "only", effect: "NO_SCHEDULE" }]);
        assert.equal(nc["diskSizeGb"], 100);
        assert.deepEqual(await valueOf(pool.tolerations), [
            { key: "cvm", operator: "Equal", value: "only", effect: "NoSchedule" },
        ]);

        const parsed = JSON.parse(kubeconfig) as {
            "current-context": string;
            clusters: { cluster: { server: string } }[];
            users: { user: { exec: { command: string; provideClusterInfo: boolean } } }[];
        };
        assert.equal(parsed["current-context"], "gke_proj_europe-west1-b_gke-gke");
        assert.equal(parsed.clusters[0]!.cluster.server, "https://34.0.0.1");
        assert.equal(parsed.users[0]!.user.exec.command, "gke-gcloud-auth-plugin");
        assert.equal(parsed.users[0]!.user.exec.provideClusterInfo, true);
        assert.equal(await pulumi.isSecret(cluster.kubeconfig), true);
    });

    it("defaults to e2-standard-4, no version, no taint, no sysbox label", async () => {
        new gcp.SysboxNodePool("plain", { cluster: { clusterName: "c", location: "us-central1" } });
        await settle(rec);
        const np = rec.one("gcp:container/nodePool:NodePool");
        assert.equal(np.inputs["version"], undefined);
        const nc = np.inputs["nodeConfig"] as Record<string, unknown>;
        assert.equal(nc["machineType"], "e2-standard-4");
        assert.deepEqual(nc["labels"], { "cvmkit.dev/cvm-node": "true" });
        assert.deepEqual(nc["taints"], []);
    });

    it("finds an existing Standard cluster and refuses a looked-up Autopilot cluster", async () => {
        const ok = new gcp.Cluster("std", { existing: { name: "std", location: "us-central1" } });
        assert.equal(await valueOf(ok.kubernetesVersion), "1.33.2-gke.1000");
        assert.throws(
            () => gcp.assertNotAutopilot({ name: "autopilot", enableAutopilot: true }),
            (err: Error) =>
                /existing\.name: GKE Autopilot cannot run CVMs/.test(err.message) &&
                /"autopilot"/.test(err.message) &&
                /Fix: use a GKE Standard cluster/.test(err.message),
        );
        await settle(rec);
        assert.equal(rec.custom().length, 0);
    });
});
