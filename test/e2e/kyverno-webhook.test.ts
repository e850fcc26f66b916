/**
 * The real Kyverno admission controller (v1.19.1, out of cluster, see support/kyverno-webhook.ts) as a
 * webhook of the real kube-apiserver, with the upstream pod-security policies users run in Enforce mode —
 * the pattern policies `disallow-privileged-containers` and `disallow-host-path` and the `podSecurity`
 * baseline subrule `podsecurity-subrule-baseline` — and cvmkit's PolicyExceptions applied by server-side
 * apply. Only the namespace and ServiceAccount of cvmkit's output are applied besides the exceptions, so
 * every denial seen here is Kyverno's (cvmkit's ValidatingAdmissionPolicy would deny some pods first).
 */
import * as assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Pod } from "kubernetes-types/core/v1";
import { renderManifests } from "../../lib";
import { runDoctor } from "../../lib/doctor";
import { MODES, SUPERVISOR_CASES } from "./support/supervisor-cases";
import { ControlPlane, startControlPlane } from "./support/control-plane";
import {
    DISALLOW_HOST_PATH,
    DISALLOW_PRIVILEGED,
    PODSECURITY_BASELINE,
} from "./support/engine-policies";
import { Kube, TypedObject } from "./support/kube";
import {
    applyAt,
    installKyvernoCrds,
    KyvernoWebhook,
    startKyvernoWebhook,
} from "./support/kyverno-webhook";

const POLICIES = [DISALLOW_PRIVILEGED, DISALLOW_HOST_PATH, PODSECURITY_BASELINE];
const ALL_THREE = POLICIES.map((p) => p.metadata.name);

describe("real Kyverno admission webhook, upstream pod-security policies and cvmkit's PolicyExceptions", () => {
    let cp: ControlPlane;
    let kube: Kube;
    let kyverno: KyvernoWebhook | undefined;
    const rendered = renderManifests({
        kubernetesVersion: "1.35",
        supervisor: { caching: "cached" },
        policyEngines: { kyverno: true },
    });
    const ns = rendered.namespace;
    const exceptions = rendered.objects.filter((o) => o.kind === "PolicyException");
    const HONOUR = ["--enablePolicyException=true", `--exceptionNamespace=${ns}`];

    const pod = (name: string, namespace: string, spec: object): TypedObject => ({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name, namespace },
        spec,
    });
    const supervisor = (namespace = ns, extra: object = {}, image?: string): TypedObject => {
        const spec = rendered.supervisorPodTemplate.spec!;
        return pod("workspace", namespace, {
            ...spec,
            serviceAccountName: rendered.serviceAccountName,
            containers: spec.containers.map((c) => (image ? { ...c, image } : c)),
            ...extra,
        });
    };
    const privilegedShell = (namespace: string) =>
        pod("shell", namespace, {
            containers: [
                {
                    name: "shell",
                    image: "registry.example.com/shell:1",
                    securityContext: { privileged: true },
                },
            ],
        });

    /** Trips all three policies: the readiness probe. */
    const privilegedHostPath = (namespace: string) =>
        pod("probe", namespace, {
            containers: [
                {
                    name: "shell",
                    image: "registry.example.com/shell:1",
                    securityContext: { privileged: true },
                },
            ],
            volumes: [{ name: "h", hostPath: { path: "/var/lib" } }],
        });

    /** Dry-run create: HTTP status and Kyverno's message (the policies it names). */
    async function admit(p: TypedObject): Promise<{ status: number; message: string }> {
        const r = await kube.create(p, true);
        return { status: r.status, message: r.body.message ?? "" };
    }
    function assertDeniedBy(r: { status: number; message: string }, policies: string[]): void {
        assert.notEqual(r.status, 201, "admitted");
        assert.match(r.message, /admission webhook "validate\.kyverno\.svc-fail" denied/);
        for (const p of policies) assert.ok(r.message.includes(`${p}:`), `${p} in ${r.message}`);
    }

    /** Waits until a privileged hostPath pod of another image is denied by all three policies. */
    async function enforcing(): Promise<void> {
        let last = "";
        try {
            await kube.waitFor(
                "Kyverno enforcing the policies",
                async () => {
                    const r = await admit(privilegedHostPath("default"));
                    last = `HTTP ${r.status} ${r.message}`;
                    return r.status !== 201 && ALL_THREE.every((p) => r.message.includes(`${p}:`));
                },
                60_000,
                500,
            );
        } catch (e) {
            throw new Error(`${String(e)}; last answer: ${last}\n${kyverno?.logTail(30)}`);
        }
    }

    /** (Re)starts the controller with `args` and waits until it enforces the policies. */
    async function restart(args: readonly string[]): Promise<KyvernoWebhook> {
        await kyverno?.stop();
        kyverno = await startKyvernoWebhook(cp, args);
        await enforcing();
        return kyverno;
    }

    async function doctorKyverno() {
        const { findings } = await runDoctor({ kubeconfig: cp.kubeconfigPath, namespace: ns });
        return findings.filter((f) => f.check === "kyverno" || f.check === "kyverno.exceptions");
    }

    before(async () => {
        cp = await startControlPlane();
        kube = new Kube(cp);
        await installKyvernoCrds(kube);
        for (const o of rendered.objects) {
            if (o.kind === "Namespace" || o.kind === "ServiceAccount") {
                const r = await kube.apply(o as TypedObject);
                assert.ok(r.status === 200 || r.status === 201, JSON.stringify(r.body));
            }
        }
        // another namespace with the same ServiceAccount: the exceptions must not follow the pod there
        await kube.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } });
        await kube.apply({
            apiVersion: "v1",
            kind: "ServiceAccount",
            metadata: { name: rendered.serviceAccountName, namespace: "team-a" },
        });
        kyverno = await startKyvernoWebhook(cp, HONOUR);
        for (const p of POLICIES) await applyAt(kube, "/apis/kyverno.io/v1/clusterpolicies", p);
        await enforcing();
    });
    after(async () => {
        await kyverno?.stop();
        await cp?.stop();
    });

    it("the controller registers its webhooks at its loopback URL and serves them", (t) => {
        assert.ok(kyverno);
        t.diagnostic(`kyverno admission controller startup: ${kyverno.startupMs} ms`);
    });

    it("without cvmkit's exceptions the upstream policies deny the supervisor pod (all three)", async () => {
        assertDeniedBy(await admit(supervisor()), ALL_THREE);
    });

    it("with them (server-side apply) the supervisor pod is admitted in the CVM namespace", async () => {
        for (const e of exceptions) {
            await applyAt(
                kube,
                `/apis/kyverno.io/v2/namespaces/${e.metadata.namespace}/policyexceptions`,
                e,
            );
        }
        await kube.waitFor(
            "the supervisor pod admitted",
            async () => (await admit(supervisor())).status === 201,
            30_000,
            500,
        );
        // and really created (not only dry-run); stays Pending: no kubelet
        const created = supervisor();
        const r = await kube.create({
            ...created,
            metadata: { ...created.metadata, name: "workspace-created" },
        });
        assert.equal(r.status, 201, JSON.stringify(r.body));
    });

    describe("every other privileged, hostPath or host-namespace pod stays denied", () => {
        const cases: [string, () => TypedObject, string[]][] = [
            [
                "a privileged pod of another image",
                () => privilegedShell(ns),
                ["disallow-privileged-containers", "podsecurity-subrule-baseline"],
            ],
            [
                "a hostPath pod of another image",
                () =>
                    pod("hostpath", ns, {
                        containers: [{ name: "c", image: "registry.example.com/shell:1" }],
                        volumes: [{ name: "h", hostPath: { path: "/var/lib" } }],
                    }),
                ["disallow-host-path", "podsecurity-subrule-baseline"],
            ],
            [
                "the supervisor pod with another image",
                () => supervisor(ns, {}, "registry.example.com/shell:1"),
                ALL_THREE,
            ],
            [
                "the supervisor image with hostNetwork",
                () => supervisor(ns, { hostNetwork: true }),
                ["podsecurity-subrule-baseline"],
            ],
            [
                "the supervisor image with hostPID",
                () => supervisor(ns, { hostPID: true }),
                ["podsecurity-subrule-baseline"],
            ],
            [
                "the supervisor image mounting /etc as well",
                () => {
                    const spec = rendered.supervisorPodTemplate.spec!;
                    return supervisor(ns, {
                        volumes: [...spec.volumes!, { name: "etc", hostPath: { path: "/etc" } }],
                    });
                },
                // a host-path volume the template does not have: not the supervisor, so no exception
                // applies and every policy denies it
                ALL_THREE,
            ],
            [
                "a hostPID pod of another image",
                () =>
                    pod("escape", ns, {
                        hostPID: true,
                        containers: [{ name: "c", image: "registry.example.com/shell:1" }],
                    }),
                ["podsecurity-subrule-baseline"],
            ],
            ["the supervisor pod outside the CVM namespace", () => supervisor("team-a"), ALL_THREE],
        ];
        for (const [name, make, policies] of cases) {
            it(name, async () => {
                const r = await admit(make());
                assertDeniedBy(r, policies);
                if (policies.length === 1) {
                    // the pattern rules are exempted for supervisor pods; only the baseline controls
                    // the supervisor does not need still apply
                    assert.ok(!r.message.includes("disallow-privileged-containers:"), r.message);
                }
            });
        }
    });

    describe("the supervisor exception class by class (the matrix's cached-mode cases): Kyverno alone is as strict as the policy", () => {
        const cached = MODES.find((m) => m.caching === "cached")!.namespace;
        for (const c of SUPERVISOR_CASES) {
            if (c.op.kind !== "create" || c.namespace !== cached) continue;
            if (typeof c.expect === "object" && "status" in c.expect) continue; // the API's own refusals
            it(`${c.expect === "admitted" ? "admitted" : "denied"}: ${c.title}`, async () => {
                const p: Pod = c.pod();
                const r = await admit(pod(p.metadata!.name!, ns, { ...p.spec }) as TypedObject);
                if (c.expect === "admitted") {
                    assert.equal(r.status, 201, r.message);
                    return;
                }
                const spec = p.spec!;
                const privileged = [...spec.containers, ...(spec.initContainers ?? [])].some(
                    (x) => x.securityContext?.privileged,
                );
                const hostPath = (spec.volumes ?? []).some((v) => v.hostPath);
                assertDeniedBy(r, [
                    ...(privileged ? ["disallow-privileged-containers"] : []),
                    ...(hostPath ? ["disallow-host-path"] : []),
                    "podsecurity-subrule-baseline",
                ]);
            });
        }
    });

    it("the doctor sees all three policies covered and Kyverno honouring the exceptions", async () => {
        const f = await doctorKyverno();
        const byId = Object.fromEntries(f.map((x) => [x.check, x]));
        assert.equal(byId["kyverno"]?.status, "ok", JSON.stringify(f));
        assert.match(byId["kyverno"]!.message, /podsecurity-subrule-baseline/);
        assert.equal(byId["kyverno.exceptions"]?.status, "ok", JSON.stringify(f));
        assert.equal(
            byId["kyverno.exceptions"]!.subject,
            "deployment/kyverno/kyverno-admission-controller",
        );
    });

    it("with Kyverno's default flags the exceptions are ignored: the supervisor pod is denied, the doctor warns", async (t) => {
        const k = await restart([]);
        t.diagnostic(`restart with default flags: ${k.startupMs} ms`);
        assertDeniedBy(await admit(supervisor()), ALL_THREE);
        const f = (await doctorKyverno()).find((x) => x.check === "kyverno.exceptions");
        assert.equal(f?.status, "warn", JSON.stringify(f));
        assert.match(f!.message, /--enablePolicyException is not set/);
        assert.ok(
            f!.remedy?.includes(
                `--set features.policyExceptions.enabled=true --set features.policyExceptions.namespace=${ns}`,
            ),
            f!.remedy,
        );
    });

    it("--enablePolicyException=true with an empty --exceptionNamespace still ignores them", async () => {
        await restart(["--enablePolicyException=true"]);
        assertDeniedBy(await admit(supervisor()), ALL_THREE);
        const f = (await doctorKyverno()).find((x) => x.check === "kyverno.exceptions");
        assert.equal(f?.status, "warn", JSON.stringify(f));
        assert.match(f!.message, /--exceptionNamespace is empty/);
    });

    it("with the flags the doctor asks for, the supervisor pod is admitted again", async () => {
        await restart(HONOUR);
        await kube.waitFor(
            "the supervisor pod admitted",
            async () => (await admit(supervisor())).status === 201,
            30_000,
            500,
        );
        assertDeniedBy(await admit(privilegedShell(ns)), [
            "disallow-privileged-containers",
            "podsecurity-subrule-baseline",
        ]);
    });
});
