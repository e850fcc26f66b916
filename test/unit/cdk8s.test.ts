import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ApiObject, Testing } from "cdk8s";
import { stringify } from "yaml";
import { CvmChart } from "../../lib/cdk8s";
import { ARGOCD_SYNC_WAVE, CvmkitConfigError, renderManifests, syncWave } from "../../lib";
import { KubernetesObject, objectKey } from "../../lib/manifests";
import { matchSnapshot } from "../support/snapshot";

describe("CvmChart", () => {
    const config = {
        kubernetesVersion: "1.33",
        sysboxRuntime: { enabled: true },
        policyEngines: { gatekeeper: true, kyverno: true },
        nodeSelector: { "cvmkit.dev/cvm": "true" },
        tolerations: [
            { key: "cvmkit.dev/cvm", operator: "Exists" as const, effect: "NoSchedule" as const },
        ],
    };

    it("synthesizes exactly the rendered objects, in order (snapshot)", () => {
        const chart = new CvmChart(Testing.app(), "cvm", config);
        const synth = Testing.synth(chart);
        assert.deepEqual(synth, JSON.parse(JSON.stringify(renderManifests(config).objects)));
        matchSnapshot("cdk8s-chart-1.33-sysbox.yaml", synth.map((o) => stringify(o)).join("---\n"));
    });

    it("puts no namespace on cluster-scoped objects and keeps namespaced ones", () => {
        const synth = Testing.synth(new CvmChart(Testing.app(), "cvm", config));
        const byKind = (kind: string) => synth.filter((o) => o.kind === kind);
        for (const kind of [
            "Namespace",
            "ClusterRole",
            "ClusterRoleBinding",
            "RuntimeClass",
            "ValidatingAdmissionPolicy",
        ]) {
            assert.ok(byKind(kind).length > 0, kind);
            for (const o of byKind(kind))
                assert.equal(o.metadata.namespace, undefined, `${kind} ${o.metadata.name}`);
        }
        assert.equal(
            byKind("DaemonSet").find((d) => d.metadata.name === "sysbox-deploy-k8s")?.metadata
                .namespace,
            "kube-system",
        );
        assert.equal(
            byKind("ServiceAccount").find((d) => d.metadata.name === "cvm-supervisor")?.metadata
                .namespace,
            "cvm-workspaces",
        );
    });

    it("adds chart labels on top of cvmkit's own", () => {
        const synth = Testing.synth(
            new CvmChart(Testing.app(), "cvm", { ...config, chartLabels: { team: "platform" } }),
        );
        for (const o of synth) {
            assert.equal(o.metadata.labels?.team, "platform", `${o.kind} ${o.metadata.name}`);
        }
        assert.equal(synth[0].metadata.labels["app.kubernetes.io/managed-by"], "cvmkit");
    });

    it("exposes what was rendered", () => {
        const chart = new CvmChart(Testing.app(), "cvm", config);
        assert.equal(chart.rendered.runtimeClassName, "sysbox-runc");
        assert.equal(chart.rendered.namespace, "cvm-workspaces");
    });

    it("throws a config error before creating any construct", () => {
        const app = Testing.app();
        assert.throws(
            () => new CvmChart(app, "cvm", { kubernetesVersion: "1.17" }),
            (err: unknown) => err instanceof CvmkitConfigError && err.field === "kubernetesVersion",
        );
        assert.equal(app.node.children.length, 0);
    });

    for (const [title, props] of [
        ["1.33 + sysbox + engines", config],
        [
            "1.24 (PodSecurityPolicy) + prePull + Kyverno",
            {
                kubernetesVersion: "1.24",
                supervisor: { prePull: true },
                policyEngines: { kyverno: true },
            },
        ],
    ] as const) {
        it(`${title}: every ApiObject depends on the objects the manifests say (and the one before it), synth order respects them`, () => {
            const chart = new CvmChart(Testing.app(), "cvm", props);
            const order = chart.rendered.order;
            const synthKeys = (Testing.synth(chart) as KubernetesObject[]).map(objectKey);
            assert.equal(synthKeys.length, chart.rendered.objects.length);
            const keyOf = (c: unknown): string =>
                objectKey((c as ApiObject).toJson() as KubernetesObject);
            const rendered = chart.rendered.objects.map(objectKey);
            let edges = 0;
            for (const child of chart.node.children.filter((c) => c instanceof ApiObject)) {
                const key = keyOf(child);
                const deps = child.node.dependencies.map(keyOf);
                const previous = rendered[rendered.indexOf(key) - 1];
                const expected = order[key]!.dependsOn;
                assert.deepEqual(
                    deps,
                    previous && !expected.includes(previous) ? [...expected, previous] : expected,
                    key,
                );
                for (const d of deps) {
                    assert.ok(synthKeys.indexOf(d) < synthKeys.indexOf(key), `${d} before ${key}`);
                    edges++;
                }
            }
            assert.ok(edges >= 10, `${edges} edges`);
        });
    }

    it("cdk8s sorts by the dependencies, not by construction order", () => {
        // Two objects added in the wrong order: the dependency alone puts the namespace first.
        const chart = new CvmChart(Testing.app(), "cvm", { kubernetesVersion: "1.33" });
        const late = new ApiObject(chart, "late-ns", {
            apiVersion: "v1",
            kind: "Namespace",
            metadata: { name: "late" },
        });
        const first = chart.node.children.find((c) => c instanceof ApiObject)!;
        first.node.addDependency(late);
        const names = Testing.synth(chart).map((o) => o.metadata.name);
        const firstName = (first as ApiObject).metadata.name!;
        assert.ok(names.indexOf("late") < names.indexOf(firstName), names.join(" "));
    });

    it("argoCdSyncWaves: each object carries the sync wave of its phase; off by default", () => {
        const plain = Testing.synth(new CvmChart(Testing.app(), "cvm", config));
        assert.ok(plain.every((o) => !o.metadata.annotations?.[ARGOCD_SYNC_WAVE]));
        const chart = new CvmChart(Testing.app(), "cvm", { ...config, argoCdSyncWaves: true });
        const synth = Testing.synth(chart) as KubernetesObject[];
        assert.equal(synth.length, plain.length);
        for (const o of synth) {
            const phase = chart.rendered.order[objectKey(o)]!.phase;
            assert.equal(o.metadata.annotations?.[ARGOCD_SYNC_WAVE], String(syncWave(phase)));
        }
        const ns = synth.find((o) => o.kind === "Namespace")!;
        assert.equal(ns.metadata.annotations?.[ARGOCD_SYNC_WAVE], "-5");
    });
});
