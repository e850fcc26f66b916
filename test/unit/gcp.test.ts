import assert from "node:assert/strict";
import { before, beforeEach, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { ContractRow, contractTable, runIsolated } from "../support/contract";
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
        assert.deepEqual(np.inputs["autoscaling"], {
            totalMinNodeCount: 1,
            totalMaxNodeCount: 5,
            locationPolicy: "BALANCED",
        });
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

// ---------------------------------------------------------------------------------------------------------------
// Contract table: the rules GKE and pulumi-gcp apply, asserted on the recorded inputs.

const GKE_SOURCES = {
    totals: "https://www.pulumi.com/registry/packages/gcp/api-docs/container/nodepool/ (autoscaling: minNodeCount/maxNodeCount per zone, totalMinNodeCount/totalMaxNodeCount per pool; initialNodeCount per zone)",
    regional:
        "https://cloud.google.com/kubernetes-engine/docs/concepts/regional-clusters (node pools replicated to three zones by default)",
    channels:
        "https://cloud.google.com/kubernetes-engine/docs/concepts/release-channels (auto-upgrade cannot be disabled on a channel); terraform-google-modules/terraform-google-kubernetes-engine pull/682",
    version:
        "https://www.pulumi.com/registry/packages/gcp/api-docs/container/nodepool/ (version and auto-upgrade fight; fuzzy versions give spurious diffs)",
    image: "https://cloud.google.com/kubernetes-engine/docs/concepts/node-images (UBUNTU_CONTAINERD; GKE matches image types case-insensitively — unverified at a primary source, taken from the issue's finding)",
    versions: "https://cloud.google.com/kubernetes-engine/versioning (1.X, 1.X.Y, 1.X.Y-gke.N)",
    skew: "https://kubernetes.io/releases/version-skew-policy/#kubelet",
};

function nodePool(r: MockRecorder): Record<string, unknown> {
    return r.one("gcp:container/nodePool:NodePool").inputs;
}
const ZONAL = { kubernetesVersion: "1.33", location: "europe-west1-b" };

const GCP_CONTRACT: ContractRow[] = [
    {
        edge: "default args",
        rule: "counts are pool totals; one zone gets desiredSize nodes; auto-upgrade on, GKE owns the version",
        source: GKE_SOURCES.totals,
        build: () => new gcp.SysboxNodePool("cvm", { cluster: new gcp.Cluster("gke", ZONAL) }),
        check: (r) => {
            const np = nodePool(r);
            assert.deepEqual(np["autoscaling"], {
                totalMinNodeCount: 1,
                totalMaxNodeCount: 3,
                locationPolicy: "BALANCED",
            });
            assert.equal(np["initialNodeCount"], 1);
            assert.deepEqual(np["management"], { autoRepair: true, autoUpgrade: true });
            assert.equal(np["version"], undefined);
            assert.deepEqual(r.one("gcp:container/cluster:Cluster").inputs["releaseChannel"], {
                channel: "REGULAR",
            });
        },
    },
    {
        edge: "regional GKE",
        rule: "a regional pool counts totals, and desiredSize is spread over its three default zones",
        source: `${GKE_SOURCES.totals}; ${GKE_SOURCES.regional}`,
        build: () =>
            new gcp.SysboxNodePool("cvm", {
                cluster: new gcp.Cluster("gke", { ...ZONAL, location: "europe-west1" }),
                minSize: 3,
                maxSize: 6,
                desiredSize: 3,
            }),
        check: (r) => {
            const np = nodePool(r);
            assert.deepEqual(np["autoscaling"], {
                totalMinNodeCount: 3,
                totalMaxNodeCount: 6,
                locationPolicy: "BALANCED",
            });
            assert.equal(np["initialNodeCount"], 1, "1 per zone × 3 zones = desiredSize 3");
        },
    },
    {
        edge: "regional GKE with nodeLocations",
        rule: "initialNodeCount is per zone: desiredSize over the given zones, rounded up",
        source: GKE_SOURCES.totals,
        build: () =>
            new gcp.SysboxNodePool("cvm", {
                cluster: { clusterName: "c", location: "europe-west1", releaseChannel: "REGULAR" },
                nodeLocations: ["europe-west1-b", "europe-west1-c"],
                minSize: 3,
                maxSize: 4,
                desiredSize: 3,
            }),
        check: (r) => {
            assert.equal(nodePool(r)["initialNodeCount"], 2);
            assert.deepEqual(nodePool(r)["nodeLocations"], ["europe-west1-b", "europe-west1-c"]);
        },
    },
    {
        edge: "release channels (auto-upgrade on)",
        rule: "while GKE auto-upgrades, the pool version is set at creation only and its drift ignored",
        source: GKE_SOURCES.version,
        build: () =>
            new gcp.SysboxNodePool("cvm", {
                cluster: new gcp.Cluster("gke", ZONAL),
                kubernetesVersion: "1.33",
            }),
        check: (r) => {
            const np = r.one("gcp:container/nodePool:NodePool");
            assert.equal(np.inputs["version"], "1.33");
            assert.deepEqual([...np.ignoreChanges].sort(), ["initialNodeCount", "version"]);
        },
    },
    {
        edge: "release channels (no channel)",
        rule: "autoUpgrade false is accepted on a cluster on no channel, and the version is then managed",
        source: GKE_SOURCES.channels,
        build: () =>
            new gcp.SysboxNodePool("cvm", {
                cluster: {
                    clusterName: "c",
                    location: "us-central1-a",
                    releaseChannel: "UNSPECIFIED",
                },
                autoUpgrade: false,
                kubernetesVersion: "1.33.2-gke.1000",
            }),
        check: (r) => {
            const np = r.one("gcp:container/nodePool:NodePool");
            assert.deepEqual(np.inputs["management"], { autoRepair: true, autoUpgrade: false });
            assert.equal(np.inputs["version"], "1.33.2-gke.1000");
            assert.deepEqual(np.ignoreChanges, ["initialNodeCount"]);
        },
    },
    {
        edge: "release channels (on a channel)",
        rule: "autoUpgrade false is refused before anything is registered when the channel is known",
        source: GKE_SOURCES.channels,
        build: () => {
            assert.throws(
                () =>
                    new gcp.SysboxNodePool("cvm", {
                        cluster: {
                            clusterName: "c",
                            location: "us-central1",
                            releaseChannel: "REGULAR",
                        },
                        autoUpgrade: false,
                    }),
                /autoUpgrade: GKE rejects autoUpgrade false on clusters enrolled in a release channel; this cluster is on REGULAR \(got false\)\. Fix:/,
            );
            assert.throws(
                () =>
                    new gcp.SysboxNodePool("cvm", {
                        cluster: { clusterName: "c" },
                        autoUpgrade: false,
                    }),
                /autoUpgrade: .*channel is not known.*Fix: .*"UNSPECIFIED"/,
            );
        },
        check: (r) => assert.deepEqual(r.resources, []),
    },
    {
        edge: "case-insensitive image type",
        rule: "ubuntu_containerd is the Ubuntu containerd image, sent as UBUNTU_CONTAINERD",
        source: GKE_SOURCES.image,
        build: () =>
            new gcp.SysboxNodePool("cvm", {
                cluster: { clusterName: "c", location: "us-central1-a" },
                imageType: "ubuntu_containerd",
            }),
        check: (r) => {
            const nc = nodePool(r)["nodeConfig"] as Record<string, unknown>;
            assert.equal(nc["imageType"], "UBUNTU_CONTAINERD");
            assert.throws(
                () =>
                    new gcp.SysboxNodePool("x", {
                        cluster: { clusterName: "c" },
                        imageType: "cos_containerd" as never,
                    }),
                /imageType: Container-Optimized OS cannot run Sysbox/,
            );
        },
    },
    {
        edge: "v-prefixed versions",
        rule: "GKE versions carry no v: v1.33.2-gke.1000 → 1.33.2-gke.1000, v1.33 → 1.33",
        source: GKE_SOURCES.versions,
        build: () =>
            new gcp.SysboxNodePool("cvm", {
                cluster: new gcp.Cluster("gke", {
                    ...ZONAL,
                    kubernetesVersion: "v1.33.2-gke.1000",
                }),
                kubernetesVersion: "v1.33",
            }),
        check: (r) => {
            assert.equal(
                r.one("gcp:container/cluster:Cluster").inputs["minMasterVersion"],
                "1.33.2-gke.1000",
            );
            assert.equal(nodePool(r)["version"], "1.33");
        },
    },
    {
        edge: "existing cluster",
        rule: "a looked-up cluster's channel and version reach the pool checks; a pool without version follows the control plane",
        source: `${GKE_SOURCES.channels}; ${GKE_SOURCES.skew}`,
        build: async () => {
            const c = new gcp.Cluster("std", {
                existing: { name: "std", location: "us-central1" },
            });
            assert.equal(await valueOf(c.releaseChannel), "STABLE");
            const none = new gcp.Cluster("nc", {
                existing: { name: "no-channel", location: "us-central1" },
            });
            assert.equal(await valueOf(none.releaseChannel), "UNSPECIFIED");
            new gcp.SysboxNodePool("cvm", { cluster: c });
        },
        check: (r) => {
            assert.equal(nodePool(r)["version"], undefined);
            assert.deepEqual(nodePool(r)["management"], { autoRepair: true, autoUpgrade: true });
        },
    },
];

contractTable("GCP (GKE)", GCP_CONTRACT, () => rec, settle);

describe("cvmkit/gcp refusals that need the looked-up cluster", () => {
    it("autoUpgrade false on a looked-up cluster on a release channel fails the deployment", () => {
        const run = runIsolated(
            "gcp",
            `new cvmkit.SysboxNodePool("cvm", { cluster: new cvmkit.Cluster("std", { existing: { name: "std", location: "us-central1" } }), autoUpgrade: false });`,
        );
        assert.ok(
            run.errors.some((e) =>
                /autoUpgrade: GKE rejects autoUpgrade false on clusters enrolled in a release channel; this cluster is on STABLE \(got false\)\. Fix:/.test(
                    e,
                ),
            ),
            run.errors.join("\n"),
        );
        assert.ok(!run.types.includes("gcp:container/nodePool:NodePool"));
    });

    it("autoUpgrade false on a looked-up cluster on no channel is accepted", () => {
        const run = runIsolated(
            "gcp",
            `new cvmkit.SysboxNodePool("cvm", { cluster: new cvmkit.Cluster("nc", { existing: { name: "no-channel", location: "us-central1-a" } }), autoUpgrade: false });`,
        );
        assert.deepEqual(run.errors, []);
        assert.ok(run.types.includes("gcp:container/nodePool:NodePool"));
    });

    it("a pool version newer than the looked-up control plane fails the deployment", () => {
        const run = runIsolated(
            "gcp",
            `new cvmkit.SysboxNodePool("cvm", { cluster: new cvmkit.Cluster("std", { existing: { name: "std", location: "us-central1" } }), kubernetesVersion: "1.34" });`,
        );
        assert.ok(
            run.errors.some((e) =>
                /kubernetesVersion: the nodes would run Kubernetes 1\.34, newer than the control plane \(1\.33\)/.test(
                    e,
                ),
            ),
            run.errors.join("\n"),
        );
    });
});
