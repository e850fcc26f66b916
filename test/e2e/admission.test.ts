/**
 * The admission matrix against a real kube-apiserver: cvmkit's objects for two CVM namespaces (Sysbox
 * runtime on; supervisor mode with Coder's image) are applied with server-side apply, then every case of
 * `support/admission-cases.ts` is sent as a server-side dry-run CREATE, UPDATE or ephemeral-container
 * UPDATE, and the outcome and the exact message are asserted.
 */
import * as assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Pod } from "kubernetes-types/core/v1";
import {
    Case,
    CASES,
    denialMessage,
    NS,
    NS_SUPERVISOR,
    plainPod,
    STORED,
    supervisorRendered,
    sysboxRendered,
} from "./support/admission-cases";
import { ControlPlane, startControlPlane } from "./support/control-plane";
import { MODES, modeRendered } from "./support/supervisor-cases";
import { Kube, KubeResponse, TypedObject } from "./support/kube";

type Answer = KubeResponse<{ message?: string; metadata?: { uid?: string } }>;

/** Every rendering whose objects the matrix applies: Sysbox runtime, supervisor mode, one per caching mode. */
const ALL = [sysboxRendered, supervisorRendered, ...modeRendered];

const podPath = (ns: string, name = "") => `/api/v1/namespaces/${ns}/pods${name ? `/${name}` : ""}`;

describe("admission matrix on a real kube-apiserver", () => {
    let cp: ControlPlane;
    let kube: Kube;
    const stored: Record<string, Pod> = {};

    before(async () => {
        cp = await startControlPlane();
        kube = new Kube(cp);
        for (const obj of ALL.flatMap((r) => r.objects)) {
            const res = await kube.apply(obj as TypedObject);
            assert.ok(
                res.status < 300,
                `apply ${obj.kind}/${obj.metadata.name}: ${res.status} ${JSON.stringify(res.body)}`,
            );
        }
        const ns = (name: string, level?: string) => ({
            apiVersion: "v1",
            kind: "Namespace",
            metadata: {
                name,
                labels: level ? { "pod-security.kubernetes.io/enforce": level } : {},
            },
        });
        for (const n of [
            ns("team-a"),
            ns("restricted-ns", "restricted"),
            ns("baseline-ns", "baseline"),
        ]) {
            assert.ok((await kube.apply(n)).status < 300);
        }
        for (const r of ALL) {
            const vap = r.objects.find((o) => o.kind === "ValidatingAdmissionPolicy")!;
            await kube.waitFor(`${vap.metadata.name} to be type-checked`, async () => {
                const g = await kube.get<{ status?: { observedGeneration?: number } }>(
                    `/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/${vap.metadata.name}`,
                );
                return (g.body.status?.observedGeneration ?? 0) >= 1;
            });
        }
        const cvmNamespaces = [NS, NS_SUPERVISOR, ...MODES.map((m) => m.namespace)];
        for (const n of ["team-a", "restricted-ns", "baseline-ns", ...cvmNamespaces]) {
            await kube.waitFor(
                `the default ServiceAccount in ${n}`,
                async () =>
                    (await kube.get(`/api/v1/namespaces/${n}/serviceaccounts/default`)).status ===
                    200,
            );
        }
        for (const n of cvmNamespaces) {
            await kube.waitFor(`the policy of ${n} to reject a hostPID pod`, async () => {
                const r = await kube.create(
                    plainPod("probe", n, (p) => (p.spec!.hostPID = true)) as TypedObject,
                    true,
                );
                return r.status === 403;
            });
        }
        for (const [name, make] of Object.entries(STORED)) {
            const pod = make();
            const r = await kube.create(pod as TypedObject);
            assert.equal(r.status, 201, `store ${name}: ${r.body.message}`);
            stored[name] = r.body as Pod;
        }
    });

    after(async () => {
        await cp?.stop();
    });

    it("type-checks every policy without warnings", async () => {
        for (const r of ALL) {
            const vap = r.objects.find((o) => o.kind === "ValidatingAdmissionPolicy")!;
            const g = await kube.get<{
                status?: { typeChecking?: { expressionWarnings?: unknown[] } };
            }>(
                `/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/${vap.metadata.name}`,
            );
            assert.equal(g.status, 200);
            assert.deepEqual(g.body.status?.typeChecking?.expressionWarnings ?? [], []);
        }
    });

    it("stores cvmkit's NetworkPolicies as rendered (strict field validation, spec unchanged)", async () => {
        for (const r of ALL) {
            const nps = r.objects.filter((o) => o.kind === "NetworkPolicy");
            assert.equal(nps.length, 2);
            for (const np of nps) {
                const g = await kube.get<{ spec: unknown }>(
                    `/apis/networking.k8s.io/v1/namespaces/${np.metadata.namespace}/networkpolicies/${np.metadata.name}`,
                );
                assert.equal(g.status, 200);
                assert.deepEqual(g.body.spec, np.spec);
            }
        }
    });

    async function send(c: Case): Promise<{ answer: Answer; name: string }> {
        if (c.op.kind === "create") {
            const pod = c.pod();
            return {
                answer: await kube.create(pod as TypedObject, true),
                name: pod.metadata!.name!,
            };
        }
        const current = (await kube.get<Pod>(podPath(c.namespace, c.op.stored))).body;
        const pod = c.pod(current);
        const sub = c.op.kind === "ephemeral" ? "/ephemeralcontainers" : "";
        const answer = (await kube.request(
            "PUT",
            `${podPath(c.namespace, c.op.stored)}${sub}?dryRun=All&fieldValidation=Strict`,
            pod,
        )) as Answer;
        return { answer, name: c.op.stored };
    }

    assert.ok(CASES.length >= 150, `${CASES.length} cases`);
    for (const c of CASES) {
        it(`${c.op.kind.toUpperCase()} ${c.title}`, async () => {
            const { answer, name } = await send(c);
            if (c.expect === "admitted") {
                assert.ok(
                    answer.status === 200 || answer.status === 201,
                    `expected admission, got ${answer.status}: ${answer.body.message}`,
                );
            } else if ("match" in c.expect) {
                assert.equal(answer.status, c.expect.status, `${answer.body.message}`);
                assert.match(answer.body.message ?? "", c.expect.match);
            } else {
                assert.equal(answer.status, 403, `expected rejection: ${answer.body.message}`);
                assert.equal(answer.body.message, denialMessage(c.namespace, name, c.expect));
            }
        });
    }

    it("dry-runs stored nothing: only the pods stored for the UPDATE cases exist, unchanged", async () => {
        const r = await kube.get<{ items: Pod[] }>("/api/v1/pods");
        assert.deepEqual(
            r.body.items.map((p) => p.metadata!.name).sort(),
            Object.keys(STORED).sort(),
        );
        for (const p of r.body.items) {
            assert.equal(
                p.metadata!.resourceVersion,
                stored[p.metadata!.name!]!.metadata!.resourceVersion,
            );
        }
    });
});
