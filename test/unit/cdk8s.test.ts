import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Testing } from "cdk8s";
import { stringify } from "yaml";
import { CvmChart } from "../../lib/cdk8s";
import { CvmkitConfigError, renderManifests } from "../../lib";
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
});
