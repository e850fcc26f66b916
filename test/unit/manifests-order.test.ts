/**
 * The ordering graph `renderManifests` returns: acyclic, every edge at a rendered object, every object
 * after its dependencies in `objects` and in no earlier phase than they are, for every rendered case.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
    APPLY_PHASES,
    ARGOCD_SYNC_WAVE,
    KubernetesObject,
    renderManifests,
    RenderedManifests,
    syncWave,
} from "../../lib";
import { dependenciesOf, objectKey, withSyncWaves } from "../../lib/manifests";
import { inPhase, orderManifests, phaseIndex } from "../../lib/manifests/order";
import { caseConfig, describeObject, RENDERED_CASES, RICH } from "../support/cases";

const key = (kind: string, name: string, out: RenderedManifests): string =>
    objectKey(out.objects.find((o) => o.kind === kind && o.metadata.name === name)!);

/** Every render of the case table, plain and with policy engines, prePull and NetworkPolicies. */
const RENDERS: { title: string; out: RenderedManifests }[] = RENDERED_CASES.flatMap((c) => [
    { title: c.title, out: renderManifests(caseConfig(c)) },
    { title: `${c.title} (rich)`, out: renderManifests(caseConfig(c, RICH)) },
]);

describe("the manifest order graph", () => {
    it("covers the renders of every case", () => {
        assert.ok(RENDERS.length >= 10, String(RENDERS.length));
        assert.ok(RENDERS.some((r) => r.out.runtimeClassName));
        assert.ok(RENDERS.some((r) => r.out.features.podSecurityPolicy));
    });

    for (const { title, out } of RENDERS) {
        it(`${title}: one entry per object, edges at rendered objects, dependencies first and no later phase`, () => {
            const keys = out.objects.map(objectKey);
            assert.equal(new Set(keys).size, keys.length, "keys are unique");
            assert.deepEqual(Object.keys(out.order).sort(), [...keys].sort());
            for (const [i, k] of keys.entries()) {
                const entry = out.order[k]!;
                assert.ok(APPLY_PHASES.includes(entry.phase), `${k} phase ${entry.phase}`);
                for (const d of entry.dependsOn) {
                    const j = keys.indexOf(d);
                    assert.ok(j >= 0, `${k} depends on ${d}, which is rendered`);
                    assert.ok(j < i, `${k} comes after its dependency ${d}`);
                    assert.ok(
                        phaseIndex(out.order[d]!.phase) <= phaseIndex(entry.phase),
                        `${k} (${entry.phase}) depends on ${d} (${out.order[d]!.phase})`,
                    );
                }
            }
            // Acyclic: a depth-first walk from every object never comes back to an object on its path.
            const visit = (k: string, path: string[]): void => {
                assert.ok(!path.includes(k), `cycle ${[...path, k].join(" → ")}`);
                for (const d of out.order[k]!.dependsOn) visit(d, [...path, k]);
            };
            for (const k of keys) visit(k, []);
        });
    }

    it("every namespaced object depends on its Namespace when cvmkit renders it", () => {
        for (const { out } of RENDERS) {
            const ns = out.objects.find((o) => o.kind === "Namespace")!;
            for (const o of out.objects.filter((x) => x.metadata.namespace === ns.metadata.name)) {
                assert.ok(dependenciesOf(out, o).includes(ns), describeObject(o));
            }
            assert.equal(out.order[objectKey(ns)]!.phase, "namespaces");
        }
    });

    it("the Sysbox installer DaemonSet and the RuntimeClass depend on the installer's ConfigMap, RBAC and ServiceAccount (deleted before them)", () => {
        const out = RENDERS.find((r) => r.title === "1.35 + sysbox (rich)")!.out;
        const installer = [
            key("ServiceAccount", "sysbox-label-node", out),
            key("ClusterRole", "sysbox-node-labeler", out),
            key("ClusterRoleBinding", "sysbox-label-node-rb", out),
            key("ConfigMap", "sysbox-operational-attributes", out),
        ];
        for (const [kind, name] of [
            ["DaemonSet", "sysbox-deploy-k8s"],
            ["RuntimeClass", "sysbox-runc"],
        ] as const) {
            const entry = out.order[key(kind, name, out)]!;
            assert.equal(entry.phase, "workloads");
            for (const k of installer) assert.ok(entry.dependsOn.includes(k), `${name} → ${k}`);
        }
        assert.equal(out.order[key("DaemonSet", "sysbox-deploy-k8s", out)]!.runsPods, true);
        assert.equal(out.order[key("RuntimeClass", "sysbox-runc", out)]!.runsPods, false);
    });

    it("phases: namespaces → rbac → config → admission → workloads, as each object's builder states", () => {
        const out = RENDERS.find((r) => r.title === "1.35 + sysbox (rich)")!.out;
        const phases = Object.fromEntries(
            out.objects.map((o) => [describeObject(o), out.order[objectKey(o)]!.phase]),
        );
        assert.deepEqual(phases, {
            "v1 Namespace -/cvm-workspaces": "namespaces",
            "v1 ServiceAccount cvm-workspaces/cvm-supervisor": "rbac",
            "admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy -/cvmkit-cvm-workspaces-privileged-allowlist":
                "admission",
            "admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBinding -/cvmkit-cvm-workspaces-privileged-allowlist":
                "admission",
            "networking.k8s.io/v1 NetworkPolicy cvm-workspaces/cvmkit-ingress": "config",
            "networking.k8s.io/v1 NetworkPolicy cvm-workspaces/cvmkit-egress": "config",
            "constraints.gatekeeper.sh/v1beta1 K8sPSPPrivilegedContainer -/psp-privileged-container":
                "admission",
            "constraints.gatekeeper.sh/v1beta1 K8sPSPHostFilesystem -/psp-host-filesystem":
                "admission",
            "kyverno.io/v2 PolicyException cvm-workspaces/cvmkit-cvm-workspaces": "admission",
            "kyverno.io/v2 PolicyException cvm-workspaces/cvmkit-cvm-workspaces-installer":
                "admission",
            "kyverno.io/v2 PolicyException cvm-workspaces/cvmkit-cvm-workspaces-pod-security":
                "admission",
            "kyverno.io/v2 PolicyException cvm-workspaces/cvmkit-cvm-workspaces-pod-security-installer":
                "admission",
            "v1 ServiceAccount kube-system/sysbox-label-node": "rbac",
            "rbac.authorization.k8s.io/v1 ClusterRole -/sysbox-node-labeler": "rbac",
            "rbac.authorization.k8s.io/v1 ClusterRoleBinding -/sysbox-label-node-rb": "rbac",
            "v1 ConfigMap kube-system/sysbox-operational-attributes": "config",
            "apps/v1 DaemonSet kube-system/sysbox-deploy-k8s": "workloads",
            "node.k8s.io/v1 RuntimeClass -/sysbox-runc": "workloads",
            "apps/v1 DaemonSet cvm-workspaces/cvm-image-prepull": "workloads",
        });
    });

    it("sync waves: -5 (namespaces) to -1 (workloads), one annotation added, nothing else changed", () => {
        assert.deepEqual(
            APPLY_PHASES.map((p) => syncWave(p)),
            [-5, -4, -3, -2, -1],
        );
        const out = RENDERS.find((r) => r.title === "1.35 + sysbox (rich)")!.out;
        const waved = withSyncWaves(out.objects, out.order);
        assert.equal(waved.length, out.objects.length);
        for (const [i, o] of waved.entries()) {
            const original = out.objects[i]!;
            const wave = String(syncWave(out.order[objectKey(original)]!.phase));
            assert.equal(o.metadata.annotations?.[ARGOCD_SYNC_WAVE], wave);
            const rest = { ...o.metadata.annotations };
            delete rest[ARGOCD_SYNC_WAVE];
            assert.deepEqual(rest, original.metadata.annotations ?? {});
            assert.deepEqual(
                { ...o, metadata: { ...o.metadata, annotations: undefined } },
                {
                    ...original,
                    metadata: { ...original.metadata, annotations: undefined },
                },
            );
        }
        // the input is not touched
        assert.ok(out.objects.every((o) => !o.metadata.annotations?.[ARGOCD_SYNC_WAVE]));
    });
});

describe("orderManifests refuses an impossible order", () => {
    const obj = (kind: string, name: string, namespace?: string): KubernetesObject => ({
        apiVersion: "v1",
        kind,
        metadata: { name, ...(namespace ? { namespace } : {}) },
    });
    const ns = obj("Namespace", "a");
    const cm = obj("ConfigMap", "c", "a");
    const sa = obj("ServiceAccount", "s", "a");

    it("sorts dependencies first, keeping the given order where it already is one", () => {
        const { objects, order } = orderManifests([
            inPhase("config", cm, [sa]),
            inPhase("rbac", sa),
            inPhase("namespaces", ns),
        ]);
        assert.deepEqual(
            objects.map((o) => o.metadata.name),
            ["a", "s", "c"],
        );
        assert.deepEqual(order[objectKey(cm)]!.dependsOn, [objectKey(ns), objectKey(sa)]);
    });

    it("an edge at an object that is not rendered", () => {
        assert.throws(
            () => orderManifests([inPhase("config", cm, [sa])]),
            /v1\/ConfigMap\/a\/c depends on v1\/ServiceAccount\/a\/s, which is not rendered/,
        );
    });

    it("an edge at a later phase", () => {
        assert.throws(
            () => orderManifests([inPhase("rbac", sa, [cm]), inPhase("config", cm)]),
            /\(phase rbac\) depends on v1\/ConfigMap\/a\/c of the later phase config/,
        );
    });

    it("a cycle", () => {
        assert.throws(
            () => orderManifests([inPhase("config", cm, [sa]), inPhase("config", sa, [cm])]),
            /depend on each other/,
        );
    });
});
