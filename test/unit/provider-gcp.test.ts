/**
 * `cvmkit:gcp:SysboxNodePool` and `CvmStack` with `cloud: "gcp"` through the component provider, under the
 * recorded mocks: with the inputs shaped as the engine sends them (plain values, and Outputs at the places
 * computed from other resources) the provider registers exactly what the TypeScript component registers with
 * the same args; an Output unknown at preview is passed on where the TypeScript type takes a `pulumi.Input`
 * and refused, naming its path, where cvmkit needs the value; bad input fails with cvmkit's field/value/fix
 * message before anything is registered.
 */
import assert from "node:assert/strict";
import { before, beforeEach, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import type * as Provider from "../../lib/provider";
import { COMPONENTS } from "../../lib/provider/schema";
import { CVM_STACK_TYPE_TOKEN, GCP_POOL_TYPE } from "../../lib/provider/shapes";
import { COMPONENT_SOURCES, sources } from "../support/provider-schema";

import { installMocks, MockRecorder, Recorded, settle, valueOf } from "./stack-mocks";
import { unknownOutput } from "../support/engine-outputs";

let rec: MockRecorder;
let provider: Provider.CvmkitProvider;
let gcp: typeof import("../../lib/gcp");
let stack: typeof import("../../lib/stack");

before(async () => {
    rec = await installMocks();
    const p = await import("../../lib/provider/index.js");
    provider = new p.CvmkitProvider("0.0.0-test");
    gcp = await import("../../lib/gcp/index.js");
    stack = await import("../../lib/stack/index.js");
});
beforeEach(() => rec.reset());

/** What `build` registers, in a stable order (registration order may differ by a few awaits). */
async function registered(build: () => Promise<unknown> | unknown): Promise<Recorded[]> {
    rec.reset();
    await build();
    await settle(rec);
    const key = (r: Recorded): string => `${r.type}::${r.name}`;
    return [...rec.resources].sort((a, b) => key(a).localeCompare(key(b)));
}

/**
 * Pool args as the engine sends them: the cluster's fields are Outputs of a `cvmkit:gcp:Cluster` created
 * before (as `${gke.clusterName}` in YAML), `serviceAccount` and `nodeLocations` Outputs too, the rest plain.
 */
function poolInputs(): Record<string, unknown> {
    const gke = new gcp.Cluster("gke", { kubernetesVersion: "1.33", location: "europe-west1" });
    return {
        cluster: {
            clusterName: gke.clusterName,
            location: gke.location,
            project: gke.project,
            kubernetesVersion: gke.kubernetesVersion,
            releaseChannel: gke.releaseChannel,
            workloadIdentity: gke.workloadIdentity,
        },
        machineType: "n2-standard-8",
        kubernetesVersion: "1.33",
        sysboxRuntime: { enabled: true },
        taint: { key: "cvm", value: "only" },
        labels: { team: "dev" },
        minSize: 2,
        maxSize: 6,
        desiredSize: 3,
        diskSizeGb: 200,
        spot: true,
        serviceAccount: pulumi.output("nodes@proj.iam.gserviceaccount.com"),
        nodeLocations: pulumi.output(["europe-west1-b", "europe-west1-c"]),
        oauthScopes: ["https://www.googleapis.com/auth/devstorage.read_only"],
    };
}

/** Runs `construct` and waits for the component's outputs. */
async function construct(
    name: string,
    type: string,
    inputs: pulumi.Inputs,
): Promise<Record<string, unknown>> {
    const result = await provider.construct(name, type, inputs, {});
    const state: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(result.state)) {
        state[k] = pulumi.Output.isInstance(v) ? await valueOf(v) : v;
    }
    return state;
}

describe("cvmkit:gcp:SysboxNodePool through the provider", () => {
    it("registers what new SysboxNodePool registers with the same args, Outputs passed on", async () => {
        let state: Record<string, unknown> = {};
        const viaProvider = await registered(async () => {
            state = await construct("cvm", GCP_POOL_TYPE, poolInputs());
        });
        const viaTypeScript = await registered(async () => {
            const pool = new gcp.SysboxNodePool(
                "cvm",
                poolInputs() as unknown as import("../../lib/gcp").SysboxNodePoolArgs,
            );
            await valueOf(pool.nodePoolName);
        });

        assert.deepEqual(
            viaProvider.map((r) => r.type).filter((t) => t !== "pulumi:index:Stash"),
            [
                "cvmkit:gcp:Cluster",
                GCP_POOL_TYPE,
                "gcp:container/cluster:Cluster",
                "gcp:container/nodePool:NodePool",
            ],
        );
        // the Day-2 memory: the sysbox-install label, the baseline and one sentinel per setting that rolls
        assert.deepEqual(
            viaProvider
                .filter((r) => r.type === "pulumi:index:Stash")
                .map((r) => r.name)
                .sort(),
            [
                "cvm-nodes",
                "cvm-nodes-capacity",
                "cvm-nodes-disk",
                "cvm-nodes-image",
                "cvm-nodes-machinetype",
                "cvm-sysbox-install",
            ],
        );
        assert.deepEqual(viaProvider, viaTypeScript);

        // The Outputs were passed on: the node pool depends on the GKE cluster they came from.
        const pool = viaProvider.find((r) => r.type === "gcp:container/nodePool:NodePool")!;
        const gke = viaProvider.find((r) => r.type === "gcp:container/cluster:Cluster")!;
        assert.ok(pool.dependencies.includes(rec.urnOf(gke)), pool.dependencies.join(", "));
        const np = pool.inputs;
        assert.equal(np["cluster"], "gke-gke");
        assert.equal(np["location"], "europe-west1");
        assert.equal(np["version"], "1.33");
        assert.deepEqual(np["nodeLocations"], ["europe-west1-b", "europe-west1-c"]);
        assert.equal(np["initialNodeCount"], 2, "3 nodes over 2 zones, rounded up");
        const nc = np["nodeConfig"] as Record<string, unknown>;
        assert.equal(nc["serviceAccount"], "nodes@proj.iam.gserviceaccount.com");
        assert.equal(nc["machineType"], "n2-standard-8");
        assert.deepEqual(nc["workloadMetadataConfig"], { mode: "GKE_METADATA" });
        assert.deepEqual(nc["labels"], {
            team: "dev",
            "cvmkit.dev/cvm-node": "true",
            "sysbox-install": "yes",
        });

        // The outputs of the schema, with their values.
        assert.deepEqual(Object.keys(state).sort(), [
            "nodePoolName",
            "nodeSelector",
            "tolerations",
        ]);
        assert.equal(state["nodePoolName"], "cvm-pool");
        assert.deepEqual(state["nodeSelector"], { "cvmkit.dev/cvm-node": "true" });
        assert.deepEqual(state["tolerations"], [
            { key: "cvm", operator: "Equal", value: "only", effect: "NoSchedule" },
        ]);
    });

    it("passes on an Output unknown at preview where the args take a pulumi.Input", async () => {
        const paths = COMPONENTS[GCP_POOL_TYPE]!.inputPaths;
        assert.ok(paths.includes("cluster.clusterName"));
        const resources = await registered(() =>
            provider.construct(
                "u",
                GCP_POOL_TYPE,
                { cluster: { clusterName: unknownOutput(), location: "europe-west1-b" } },
                {},
            ),
        );
        assert.deepEqual(
            resources.map((r) => r.type).filter((t) => t !== "pulumi:index:Stash"),
            [GCP_POOL_TYPE, "gcp:container/nodePool:NodePool"],
        );
        // The pool's cluster is not known yet (it is left out of the registration), its other inputs are.
        const np = resources.find((r) => r.type === "gcp:container/nodePool:NodePool")!.inputs;
        assert.equal(np["cluster"], undefined);
        assert.equal(np["location"], "europe-west1-b");
        assert.equal((np["nodeConfig"] as Record<string, unknown>)["machineType"], "e2-standard-4");
    });

    it("accepts an Output unknown at preview wherever SysboxNodePoolArgs takes a pulumi.Input", async () => {
        const src = sources();
        const [file, name] = COMPONENT_SOURCES[GCP_POOL_TYPE]!.args;
        const paths = src.inputPathsOf(src.typeOf(file, name));
        assert.ok(paths.length >= 8, paths.join(", "));
        for (const path of paths) {
            const inputs: Record<string, Record<string, unknown>> = {
                cluster: { clusterName: "c", location: "europe-west1-b" },
            };
            const [head, tail] = path.split(".") as [string, string | undefined];
            if (tail) inputs[head]![tail] = unknownOutput();
            else (inputs as Record<string, unknown>)[head] = unknownOutput();
            const resources = await registered(() =>
                provider.construct("u", GCP_POOL_TYPE, inputs, {}),
            );
            assert.ok(
                resources.some((r) => r.type === "gcp:container/nodePool:NodePool"),
                `${path}: the node pool is registered`,
            );
        }
    });

    it("refuses an Output unknown at preview at a plain path, naming it; nothing registered", async () => {
        for (const [inputs, path] of [
            [{ cluster: { clusterName: "c" }, machineType: unknownOutput() }, "machineType"],
            [
                {
                    cluster: { clusterName: "c" },
                    guestAccelerators: [{ type: unknownOutput(), count: 1 }],
                },
                "guestAccelerators[].type",
            ],
        ] as const) {
            const resources = await registered(() =>
                assert.rejects(
                    provider.construct("u", GCP_POOL_TYPE, inputs, {}),
                    (err: unknown) => {
                        assert.ok(pulumi.InputPropertyError.isInstance(err), String(err));
                        assert.equal(err.propertyPath, path);
                        assert.match(
                            err.reason,
                            /is not known at preview.*Fix: pass a literal value/s,
                        );
                        return true;
                    },
                ),
            );
            assert.deepEqual(resources, [], path);
        }
    });

    it("refuses bad input with cvmkit's field/value/fix message and the field path; nothing registered", async () => {
        const cluster = { clusterName: pulumi.output("c"), location: "europe-west1-b" };
        for (const [inputs, field, reason] of [
            [{ cluster, machineType: "e2-standard-2" }, "machineType", /"e2-standard-2"/],
            [{ cluster, imageType: "COS_CONTAINERD" }, "imageType", /Container-Optimized OS/],
            [
                { cluster, guestAccelerators: [{ type: "nvidia-l4", count: 1 }] },
                "guestAccelerators[0].type",
                /"nvidia-l4"/,
            ],
            [{ cluster, diskSizeGb: 20 }, "diskSizeGb", /at least 30 GB/],
            [{ cluster, autoUpgrade: false }, "autoUpgrade", /release channel/],
        ] as const) {
            const resources = await registered(() =>
                assert.rejects(
                    provider.construct("bad", GCP_POOL_TYPE, inputs, {}),
                    (err: unknown) => {
                        assert.ok(pulumi.InputPropertyError.isInstance(err), String(err));
                        assert.equal(err.propertyPath, field);
                        assert.match(
                            err.reason,
                            new RegExp(`^${field.replace(/[[\].]/g, "\\$&")}: `),
                        );
                        assert.match(err.reason, reason);
                        assert.match(err.reason, /\(got .*\)\. Fix: /s);
                        return true;
                    },
                ),
            );
            assert.deepEqual(resources, [], field);
        }
    });
});

describe("CvmStack with cloud gcp through the provider", () => {
    const stackInputs = (): Record<string, unknown> => ({
        cloud: "gcp",
        cluster: {
            kubernetesVersion: "1.33",
            location: "europe-west1-b",
            project: pulumi.output("proj"),
            network: pulumi.output("vpc-1"),
            releaseChannel: "STABLE",
        },
        nodePool: {
            machineType: "n2-standard-8",
            taint: true,
            serviceAccount: pulumi.output("nodes@proj.iam.gserviceaccount.com"),
        },
        cvm: { sysboxRuntime: { enabled: true }, namespace: "workspaces" },
    });

    it("registers what the TypeScript CvmStack registers with the same args", async () => {
        let state: Record<string, unknown> = {};
        const viaProvider = await registered(async () => {
            state = await construct("g", CVM_STACK_TYPE_TOKEN, stackInputs());
        });
        const viaTypeScript = await registered(async () => {
            const s = new stack.CvmStack(
                "g",
                stackInputs() as unknown as import("../../lib/stack").CvmStackArgs,
            );
            await valueOf(s.namespace);
        });
        assert.deepEqual(viaProvider, viaTypeScript);

        const types = new Set(viaProvider.map((r) => r.type));
        for (const t of [
            CVM_STACK_TYPE_TOKEN,
            "cvmkit:gcp:Cluster",
            GCP_POOL_TYPE,
            "gcp:container/cluster:Cluster",
            "gcp:container/nodePool:NodePool",
            "pulumi:providers:kubernetes",
            "cvmkit:kubernetes:CvmCluster",
        ]) {
            assert.ok(types.has(t), `${t} is registered`);
        }
        const gke = viaProvider.find((r) => r.type === "gcp:container/cluster:Cluster")!;
        assert.equal(gke.inputs["project"], "proj");
        assert.equal(gke.inputs["network"], "vpc-1");
        const np = viaProvider.find((r) => r.type === "gcp:container/nodePool:NodePool")!;
        const nc = np.inputs["nodeConfig"] as Record<string, unknown>;
        assert.equal(nc["serviceAccount"], "nodes@proj.iam.gserviceaccount.com");
        assert.deepEqual(nc["taints"], [
            { key: "cvmkit.dev/cvm-node", value: "true", effect: "NO_SCHEDULE" },
        ]);
        assert.equal(state["namespace"], "workspaces");
        assert.equal(state["clusterName"], "g-gke");
        assert.equal(state["runtimeClassName"], "sysbox-runc");
    });

    it("an existing cluster named by Outputs is looked up as in TypeScript", async () => {
        const inputs = (): Record<string, unknown> => ({
            cloud: "gcp",
            cluster: {
                existing: { name: pulumi.output("std"), location: pulumi.output("us-central1") },
            },
            // the pool version gives CvmCluster its version (else it reads /version through the kubeconfig)
            nodePool: { machineType: "e2-standard-4", kubernetesVersion: "1.33" },
        });
        const viaProvider = await registered(() => construct("e", CVM_STACK_TYPE_TOKEN, inputs()));
        const lookups = rec.calls.filter((c) => c.token === "gcp:container/getCluster:getCluster");
        assert.deepEqual(
            lookups.map((c) => [c.inputs["name"], c.inputs["location"]]),
            [["std", "us-central1"]],
        );
        const viaTypeScript = await registered(async () => {
            const s = new stack.CvmStack(
                "e",
                inputs() as unknown as import("../../lib/stack").CvmStackArgs,
            );
            await valueOf(s.namespace);
        });
        assert.deepEqual(viaProvider, viaTypeScript);
        assert.equal(
            viaProvider.filter((r) => r.type === "gcp:container/cluster:Cluster").length,
            0,
            "nothing is created for an existing cluster",
        );
        const np = viaProvider.find((r) => r.type === "gcp:container/nodePool:NodePool")!;
        assert.equal(np.inputs["cluster"], "std");
    });

    it("passes Outputs on at the gcp paths only: cluster.location is resolved (an Input on azure, plain on gcp)", async () => {
        const by = COMPONENTS[CVM_STACK_TYPE_TOKEN]!.inputPathsBy;
        assert.equal(by?.key, "cloud");
        assert.ok(by.paths["gcp"]!.includes("cluster.project"));
        assert.ok(!by.paths["gcp"]!.includes("cluster.location"));
        assert.ok(by.paths["azure"]!.includes("cluster.location"));

        const at = (location: unknown): Record<string, unknown> => ({
            cloud: pulumi.output("gcp"),
            cluster: { kubernetesVersion: "1.33", location },
            nodePool: { machineType: "e2-standard-4" },
        });
        const resources = await registered(() =>
            construct("l", CVM_STACK_TYPE_TOKEN, at(pulumi.output("europe-west1-b"))),
        );
        const gke = resources.find((r) => r.type === "gcp:container/cluster:Cluster")!;
        assert.equal(gke.inputs["location"], "europe-west1-b");

        const none = await registered(() =>
            assert.rejects(
                provider.construct("u", CVM_STACK_TYPE_TOKEN, at(unknownOutput()), {}),
                (err: unknown) =>
                    pulumi.InputPropertyError.isInstance(err) &&
                    err.propertyPath === "cluster.location",
            ),
        );
        assert.deepEqual(none, []);
    });

    it("refuses a bad gcp nodePool with the stack's field path; nothing registered", async () => {
        const resources = await registered(() =>
            assert.rejects(
                provider.construct(
                    "bad",
                    CVM_STACK_TYPE_TOKEN,
                    {
                        cloud: "gcp",
                        cluster: { kubernetesVersion: "1.33", location: "europe-west1-b" },
                        nodePool: { imageType: "UBUNTU" },
                    },
                    {},
                ),
                (err: unknown) => {
                    assert.ok(pulumi.InputPropertyError.isInstance(err), String(err));
                    assert.equal(err.propertyPath, "nodePool.imageType");
                    assert.match(err.reason, /^nodePool\.imageType: .*"UBUNTU".*Fix: /s);
                    return true;
                },
            ),
        );
        assert.deepEqual(resources, []);
    });
});
