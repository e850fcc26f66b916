/**
 * The engines' real CRDs on a real kube-apiserver: Kyverno's (`config/crds/kyverno`) and Gatekeeper's
 * ConstraintTemplate CRD (`config/crd/bases`), installed from the modules the toolchain built the engines
 * from. cvmkit's PolicyException must pass Kyverno's structural schema with strict field validation, the
 * upstream ClusterPolicies and Gatekeeper's PSP-library templates are stored, and the doctor's engine
 * checks read them. (No engine controller runs: Gatekeeper's constraint CRDs, which its controller
 * generates from templates, do not exist here.)
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { parseAllDocuments } from "yaml";
import { renderManifests } from "../../lib";
import { runDoctor } from "../../lib/doctor";
import { ControlPlane, startControlPlane } from "./support/control-plane";
import { DISALLOW_HOST_PATH, DISALLOW_PRIVILEGED } from "./support/engine-policies";
import { Kube } from "./support/kube";
import { toolchainBinary } from "./support/kubectl";

/** The cache dir of a toolchain tool, found through one of its binaries. */
function toolDir(binary: string): string {
    return path.join(path.dirname(fs.realpathSync(toolchainBinary(binary))), "..");
}

function readDocs(file: string): Record<string, unknown>[] {
    return parseAllDocuments(fs.readFileSync(file, "utf8"))
        .map((d) => d.toJS() as Record<string, unknown> | null)
        .filter((d): d is Record<string, unknown> => d !== null);
}

describe("real Kyverno and Gatekeeper CRDs, cvmkit's objects and the doctor's engine checks", () => {
    let cp: ControlPlane;
    let kube: Kube;
    const rendered = renderManifests({
        kubernetesVersion: "1.35",
        policyEngines: { kyverno: true },
    });

    /** Server-side apply with strict field validation through a raw path (CRDs and custom resources). */
    async function apply(obj: Record<string, unknown>, collection: string): Promise<void> {
        const meta = obj["metadata"] as { name: string };
        const res = await kube.request(
            "PATCH",
            `${collection}/${meta.name}?fieldManager=cvmkit-e2e&force=true&fieldValidation=Strict`,
            obj,
            "application/apply-patch+yaml",
        );
        assert.ok(
            res.status === 200 || res.status === 201,
            `${String(obj["kind"])}/${meta.name}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 600)}`,
        );
    }

    before(async () => {
        cp = await startControlPlane();
        kube = new Kube(cp);
        const crds = [
            ...["kyverno.io_clusterpolicies.yaml", "kyverno.io_policyexceptions.yaml"].map((f) =>
                path.join(toolDir("kyverno"), "crds", "kyverno", f),
            ),
            path.join(toolDir("gator"), "crds", "constrainttemplate-customresourcedefinition.yaml"),
        ];
        for (const file of crds) {
            for (const crd of readDocs(file)) {
                await apply(crd, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions");
            }
        }
        for (const name of [
            "clusterpolicies.kyverno.io",
            "policyexceptions.kyverno.io",
            "constrainttemplates.templates.gatekeeper.sh",
        ]) {
            await kube.waitFor(`CRD ${name} established`, async () => {
                const r = await kube.get<{
                    status?: { conditions?: { type: string; status: string }[] };
                }>(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
                return !!r.body.status?.conditions?.some(
                    (c) => c.type === "Established" && c.status === "True",
                );
            });
        }
    });
    after(async () => {
        await cp?.stop();
    });

    it("Kyverno's CRD schema accepts the upstream policies and cvmkit's PolicyException (strict)", async () => {
        for (const p of [DISALLOW_PRIVILEGED, DISALLOW_HOST_PATH]) {
            await apply(p, "/apis/kyverno.io/v1/clusterpolicies");
        }
        for (const o of rendered.objects) {
            if (o.kind === "Namespace") await apply(o as never, "/api/v1/namespaces");
        }
        const ex = rendered.objects.find((o) => o.kind === "PolicyException")!;
        await apply(
            ex as never,
            `/apis/kyverno.io/v2/namespaces/${ex.metadata.namespace}/policyexceptions`,
        );
        const live = await kube.get<{ spec: { conditions: unknown } }>(
            `/apis/kyverno.io/v2/namespaces/${ex.metadata.namespace}/policyexceptions/${ex.metadata.name}`,
        );
        assert.deepEqual(
            live.body.spec.conditions,
            (ex as unknown as { spec: { conditions: unknown } }).spec.conditions,
        );
    });

    it("Gatekeeper's CRD accepts the PSP-library templates", async () => {
        for (const f of ["privileged-containers-template.yaml", "host-filesystem-template.yaml"]) {
            for (const t of readDocs(path.join(toolDir("gator"), "psp-templates", f))) {
                // the module's test templates nest `validation` under `crd.spec.names`, which the real
                // CRD does not declare (gator ignores it); server-side apply refuses unknown fields at
                // any validation level, so they are created with the field dropped
                const res = await kube.request(
                    "POST",
                    "/apis/templates.gatekeeper.sh/v1beta1/constrainttemplates?fieldValidation=Ignore",
                    t,
                );
                assert.equal(res.status, 201, JSON.stringify(res.body).slice(0, 600));
            }
        }
    });

    it("the doctor's engine checks see Kyverno's policies covered by cvmkit's exception", async () => {
        const { findings } = await runDoctor({
            kubeconfig: cp.kubeconfigPath,
            namespace: rendered.namespace,
        });
        const kyverno = findings.filter((f) => f.check === "kyverno");
        assert.equal(kyverno.length, 1, JSON.stringify(findings, null, 2));
        assert.equal(kyverno[0]!.status, "ok", JSON.stringify(kyverno[0]));
        assert.match(kyverno[0]!.message, /PolicyException covers cvm-workspaces/);
        assert.ok(
            findings.some((f) => f.check === "gatekeeper"),
            `Gatekeeper detected: ${JSON.stringify(findings, null, 2)}`,
        );
    });
});
