/**
 * `pulumi up` of the top-level project (existing-cluster mode) with the real Pulumi engine and the real
 * Kubernetes provider against a real kube-apiserver + controller manager: supervisor mode, then the Sysbox
 * runtime on, no-op re-runs, an in-place config change, the doctor on the deployed cluster, `destroy` (which
 * retains the namespace), and an apiserver killed in the middle of `pulumi up`.
 */
import * as assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { renderManifests, KubernetesObject } from "../../lib";
import { runDoctor } from "../../lib/doctor";
import { ControlPlane, startControlPlane } from "./support/control-plane";
import { Kube, pathOf, TypedObject } from "./support/kube";
import { createStack, PulumiEnv } from "./support/pulumi";

/** True when every field of `expected` is in `actual` with the same value (arrays element by element). */
function isSubset(expected: unknown, actual: unknown, at = ""): string | undefined {
    if (Array.isArray(expected)) {
        if (!Array.isArray(actual) || actual.length !== expected.length)
            return `${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
        for (let i = 0; i < expected.length; i++) {
            const d = isSubset(expected[i], actual[i], `${at}[${i}]`);
            if (d) return d;
        }
        return undefined;
    }
    if (expected !== null && typeof expected === "object") {
        if (actual === null || typeof actual !== "object")
            return `${at}: expected an object, got ${JSON.stringify(actual)}`;
        for (const [k, v] of Object.entries(expected)) {
            const d = isSubset(v, (actual as Record<string, unknown>)[k], `${at}.${k}`);
            if (d) return d;
        }
        return undefined;
    }
    return expected === actual
        ? undefined
        : `${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

const MANAGED = "app.kubernetes.io/managed-by=cvmkit";
/** Every kind cvmkit creates, to prove destroy leaves nothing behind. */
const COLLECTIONS = [
    "/api/v1/namespaces",
    "/api/v1/serviceaccounts",
    "/api/v1/configmaps",
    "/apis/apps/v1/daemonsets",
    "/apis/rbac.authorization.k8s.io/v1/clusterroles",
    "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
    "/apis/rbac.authorization.k8s.io/v1/rolebindings",
    "/apis/node.k8s.io/v1/runtimeclasses",
    "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies",
    "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings",
];

describe("pulumi up of the top-level project on a real control plane", () => {
    let cp: ControlPlane;
    let kube: Kube;
    let env: PulumiEnv;

    const live = (o: KubernetesObject) =>
        kube.get<TypedObject>(pathOf(o.apiVersion, o.kind, o.metadata.namespace, o.metadata.name));

    async function assertDeployed(objects: readonly KubernetesObject[]): Promise<void> {
        for (const o of objects) {
            const res = await live(o);
            assert.equal(res.status, 200, `${o.kind}/${o.metadata.name} exists`);
            const diff = isSubset(o, res.body, `${o.kind}/${o.metadata.name}`);
            assert.equal(diff, undefined, diff);
        }
    }

    async function managedObjects(): Promise<string[]> {
        const names: string[] = [];
        for (const c of COLLECTIONS) {
            const r = await kube.get<{ items: TypedObject[] }>(
                `${c}?labelSelector=${encodeURIComponent(MANAGED)}`,
            );
            assert.equal(r.status, 200, c);
            const resource = c.slice(c.lastIndexOf("/") + 1);
            names.push(
                ...r.body.items.map((i) =>
                    [resource, i.metadata.namespace, i.metadata.name].filter(Boolean).join("/"),
                ),
            );
        }
        return names.sort();
    }

    before(async () => {
        cp = await startControlPlane();
        kube = new Kube(cp);
        env = await createStack("e2e", {
            "cvmkit:cloud": { value: "existing" },
            "cvmkit:kubeconfig": { value: cp.kubeconfig, secret: true },
            "cvmkit:clusterName": { value: "local" },
        });
    });

    after(async () => {
        env?.cleanup();
        await cp?.stop();
    });

    const supervisorOnly = renderManifests({ kubernetesVersion: "1.35" });
    const withRuntime = renderManifests({
        kubernetesVersion: "1.35",
        sysboxRuntime: { enabled: true },
    });

    it("deploys supervisor mode, reading the version from /version", async () => {
        const res = await env.stack.up();
        assert.equal(res.summary.result, "succeeded");
        assert.equal(res.outputs.kubernetesVersion?.value, "1.35");
        assert.equal(res.outputs.namespace?.value, "cvm-workspaces");
        assert.equal(res.outputs.runtimeClassName?.value, undefined);
        assert.equal(res.outputs.kubeconfig?.secret, true);
        await assertDeployed(supervisorOnly.objects);
        assert.deepEqual(await managedObjects(), [
            "daemonsets/cvm-workspaces/cvm-image-prepull",
            "namespaces/cvm-workspaces",
            "serviceaccounts/cvm-workspaces/cvm-supervisor",
            "validatingadmissionpolicies/cvmkit-cvm-workspaces-privileged-allowlist",
            "validatingadmissionpolicybindings/cvmkit-cvm-workspaces-privileged-allowlist",
        ]);
    });

    let namespaceUid: string;

    it("turns the Sysbox runtime on in place (namespace not replaced)", async () => {
        namespaceUid = String((await live(supervisorOnly.objects[0]!)).body.metadata.uid);
        await env.stack.setConfig("cvmkit:cvm", {
            value: JSON.stringify({ sysboxRuntime: { enabled: true } }),
        });
        const res = await env.stack.up();
        assert.equal(res.summary.result, "succeeded");
        assert.equal(
            res.summary.resourceChanges?.create,
            6,
            JSON.stringify(res.summary.resourceChanges),
        );
        assert.equal(res.summary.resourceChanges?.replace ?? 0, 0);
        assert.equal(res.outputs.runtimeClassName?.value, "sysbox-runc");
        await assertDeployed(withRuntime.objects);
        assert.equal(String((await live(withRuntime.objects[0]!)).body.metadata.uid), namespaceUid);
    });

    it("a second up and a preview report no changes", async () => {
        const up = await env.stack.up();
        assert.deepEqual(Object.keys(up.summary.resourceChanges ?? {}), ["same"]);
        const preview = await env.stack.preview();
        assert.deepEqual(Object.keys(preview.changeSummary), ["same"]);
    });

    it("a config change updates in place without replacing the namespace", async () => {
        await env.stack.setConfig("cvmkit:cvm", {
            value: JSON.stringify({
                sysboxRuntime: { enabled: true },
                labels: { team: "platform" },
            }),
        });
        const res = await env.stack.up();
        assert.equal(res.summary.result, "succeeded");
        const changes = res.summary.resourceChanges ?? {};
        assert.equal(changes.replace ?? 0, 0, JSON.stringify(changes));
        assert.equal(changes.create ?? 0, 0, JSON.stringify(changes));
        assert.ok((changes.update ?? 0) >= withRuntime.objects.length, JSON.stringify(changes));
        const ns = await live(withRuntime.objects[0]!);
        assert.equal(String(ns.body.metadata.uid), namespaceUid);
        assert.equal((ns.body.metadata.labels as Record<string, string>).team, "platform");
    });

    it("the doctor finds the deployed cluster's admission and runtime in order", async () => {
        const report = await runDoctor({ kubeconfig: cp.kubeconfigPath, mode: "sysbox" });
        const status = (check: string) =>
            report.findings.filter((f) => f.check === check).map((f) => f.status);
        assert.deepEqual(status("admission.supervisor"), ["ok"]);
        assert.deepEqual(status("admission.scoped"), ["ok"]);
        assert.deepEqual(status("runtimeclass"), ["ok"]);
        assert.deepEqual(status("server.sysbox-range"), ["ok"]);
    });

    it("destroy removes cvmkit's objects and retains the namespace with what the platform put there", async () => {
        const pvc = {
            apiVersion: "v1",
            kind: "PersistentVolumeClaim",
            metadata: { name: "home-alice", namespace: "cvm-workspaces" },
            spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
        };
        assert.equal((await kube.create(pvc)).status, 201);
        const res = await env.stack.destroy();
        assert.equal(res.summary.result, "succeeded");
        // Only the namespace is left of cvmkit's objects, with the user's PVC in it.
        assert.deepEqual(await managedObjects(), ["namespaces/cvm-workspaces"]);
        const ns = await kube.get<TypedObject>("/api/v1/namespaces/cvm-workspaces");
        assert.equal(String(ns.body.metadata.uid), namespaceUid);
        assert.equal(
            (await kube.get(pathOf("v1", "PersistentVolumeClaim", "cvm-workspaces", "home-alice")))
                .status,
            200,
        );
        // The documented way to drop it for good, so the fault test below starts from nothing.
        await kube.delete("v1", "Namespace", undefined, "cvm-workspaces");
        await kube.waitFor(
            "the namespace to be deleted",
            async () => (await kube.get("/api/v1/namespaces/cvm-workspaces")).status === 404,
        );
    });

    it("converges after the apiserver is killed during pulumi up, with nothing duplicated or lost", async () => {
        const up = env.stack.up();
        // Kill the apiserver as soon as the first object exists.
        await kube.waitFor(
            "the namespace to be created",
            async () => (await kube.get("/api/v1/namespaces/cvm-workspaces")).status === 200,
            120_000,
            20,
        );
        await cp.killApiserver();
        const failed = await up.then(
            () => undefined,
            (err: Error) => err,
        );
        assert.ok(failed, "the interrupted pulumi up failed");
        await cp.startApiserver();
        // Whether or not the interrupted run noticed, a new up converges.
        const res = await env.stack.up();
        assert.equal(
            res.summary.result,
            "succeeded",
            failed ? `after ${failed.message.slice(0, 200)}` : "",
        );
        await assertDeployed(
            renderManifests({
                kubernetesVersion: "1.35",
                sysboxRuntime: { enabled: true },
                labels: { team: "platform" },
            }).objects,
        );
        const state = await env.stack.exportStack();
        const resources = (
            state.deployment as {
                resources: { type: string; urn: string }[];
                pending_operations?: unknown[];
            }
        ).resources;
        const urns = resources.map((r) => r.urn);
        assert.equal(new Set(urns).size, urns.length, "no resource twice in the state");
        assert.equal(
            resources.filter(
                (r) =>
                    r.type.startsWith("kubernetes:") &&
                    r.type !== "kubernetes:pulumi:Provider" &&
                    !r.type.startsWith("pulumi:providers"),
            ).length,
            withRuntime.objects.length,
        );
        assert.deepEqual(
            (state.deployment as { pending_operations?: unknown[] }).pending_operations ?? [],
            [],
        );
        const preview = await env.stack.preview();
        assert.deepEqual(Object.keys(preview.changeSummary), ["same"]);
    });
});
