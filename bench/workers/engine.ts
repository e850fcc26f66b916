/**
 * Real-engine worker: starts the local control plane (etcd + kube-apiserver + controller manager), then per
 * repetition times `pulumi up`, a no-op `pulumi up` and `pulumi destroy` of the repository's top-level program
 * (`cvmkit:cloud=existing`, the control plane's kubeconfig, Sysbox runtime on) through the Automation API, and
 * the floor: server-side apply of the same `renderManifests` objects with a plain REST client (then waiting for
 * the DaemonSets' rollout, as `pulumi up` does), a second apply, and deleting them until they are gone.
 *
 * Usage: node engine.js <repetitions>
 */
import { performance } from "node:perf_hooks";
import * as k8s from "@pulumi/kubernetes";
import { renderManifests, KubernetesObject } from "../../lib";
import { startControlPlane } from "../../test/e2e/support/control-plane";
import { Kube, pathOf } from "../../test/e2e/support/kube";
import { createStack } from "../../test/e2e/support/pulumi";
import { emit } from "../lib/child";
import { sysboxObjects } from "../peers/hand-written";

export interface EngineSample {
    upMs: number;
    noopUpMs: number;
    destroyMs: number;
    /** Server-side apply of every object, one request each, in render order. */
    ssaMs: number;
    /** SSA plus waiting until each DaemonSet's controller has observed it (what `pulumi up` awaits). */
    ssaRolloutMs: number;
    /** A second SSA of the same objects (the floor of a no-op `up`). */
    ssaNoopMs: number;
    /** DELETE of every object in reverse order, then waiting until each is gone. */
    deleteMs: number;
    /** `pulumi up` of an empty program on a fresh stack: the engine's fixed cost. */
    emptyUpMs: number;
    /** The hand-written peer (upstream Sysbox objects + privileged namespace, typed resources) on the engine. */
    handUpMs: number;
    handNoopUpMs: number;
    handDestroyMs: number;
    created: number;
    noopChanges: string;
}

const VERSION = "1.35";
const CVM = { sysboxRuntime: { enabled: true } };

async function time(f: () => Promise<unknown>): Promise<number> {
    const t = performance.now();
    await f();
    return performance.now() - t;
}

async function main(): Promise<void> {
    const reps = Number(process.argv[2] ?? "3");
    const objects = renderManifests({ kubernetesVersion: VERSION, ...CVM }).objects;
    const cp = await startControlPlane();
    const kube = new Kube(cp);
    const path = (o: KubernetesObject) =>
        pathOf(o.apiVersion, o.kind, o.metadata.namespace, o.metadata.name);
    const applyAll = async () => {
        for (const o of objects) {
            const r = await kube.apply(o as Parameters<Kube["apply"]>[0], "cvmkit-bench");
            if (r.status >= 300) throw new Error(`apply ${o.kind}/${o.metadata.name}: ${r.status}`);
        }
    };
    const rollout = async () => {
        for (const o of objects.filter((x) => x.kind === "DaemonSet")) {
            await kube.waitFor(
                `${o.metadata.name} observed`,
                async () => {
                    const r = await kube.get<{
                        metadata: { generation?: number };
                        status?: { observedGeneration?: number };
                    }>(path(o));
                    return r.body.status?.observedGeneration === r.body.metadata.generation;
                },
                60_000,
                10,
            );
        }
    };
    const gone = async () => {
        for (const o of [...objects].reverse()) {
            await kube.waitFor(
                `${o.metadata.name} gone`,
                async () => (await kube.get(path(o))).status === 404,
                120_000,
                10,
            );
        }
    };
    const stackConfig = {
        "cvmkit:cloud": { value: "existing" },
        "cvmkit:kubeconfig": { value: cp.kubeconfig, secret: true },
        "cvmkit:clusterName": { value: "local" },
        "cvmkit:kubernetesVersion": { value: VERSION },
        "cvmkit:cvm": { value: JSON.stringify(CVM) },
    };
    /** Times up, no-op up and destroy of a stack running `program` (the repository's program when undefined). */
    const cycle = async (name: string, program?: () => Promise<Record<string, unknown>>) => {
        const env = await createStack(name, stackConfig);
        if (program) env.stack.workspace.program = program;
        try {
            let created = 0;
            const upMs = await time(async () => {
                const r = await env.stack.up();
                if (r.summary.result !== "succeeded") throw new Error(`pulumi up ${name} failed`);
                created = r.summary.resourceChanges?.create ?? 0;
            });
            let noopChanges = "";
            const noopUpMs = await time(async () => {
                const r = await env.stack.up();
                noopChanges = JSON.stringify(r.summary.resourceChanges ?? {});
            });
            const destroyMs = await time(() => env.stack.destroy());
            return { upMs, noopUpMs, destroyMs, created, noopChanges };
        } finally {
            env.cleanup();
        }
    };
    const handProgram = async () => {
        sysboxObjects("hand", new k8s.Provider("hand-k8s", { kubeconfig: cp.kubeconfig }), []);
        return {};
    };
    const samples: EngineSample[] = [];
    try {
        for (let i = 0; i < reps; i++) {
            const mine = await cycle(`bench${i}`);
            await gone();
            const empty = await cycle(`empty${i}`, async () => ({}));
            const hand = await cycle(`hand${i}`, handProgram);
            await gone();
            {
                const ssaMs = await time(applyAll);
                const ssaRolloutMs = ssaMs + (await time(rollout));
                const ssaNoopMs = await time(applyAll);
                const deleteMs = await time(async () => {
                    for (const o of [...objects].reverse())
                        await kube.delete(
                            o.apiVersion,
                            o.kind,
                            o.metadata.namespace,
                            o.metadata.name,
                        );
                    await gone();
                });
                samples.push({
                    upMs: mine.upMs,
                    noopUpMs: mine.noopUpMs,
                    destroyMs: mine.destroyMs,
                    ssaMs,
                    ssaRolloutMs,
                    ssaNoopMs,
                    deleteMs,
                    emptyUpMs: empty.upMs,
                    handUpMs: hand.upMs,
                    handNoopUpMs: hand.noopUpMs,
                    handDestroyMs: hand.destroyMs,
                    created: mine.created,
                    noopChanges: mine.noopChanges,
                });
                console.error(
                    `engine rep ${i + 1}/${reps}: ${JSON.stringify(samples[samples.length - 1])}`,
                );
            }
        }
    } finally {
        await cp.stop();
    }
    emit({ objects: objects.length, samples });
}

main().then(
    () => process.exit(0),
    (err: unknown) => {
        console.error(err);
        process.exit(1);
    },
);
