/**
 * Real Kyverno policy evaluation: the `kyverno` CLI (`kyverno apply`, Kyverno's own offline engine, built by
 * scripts/toolchain.sh from github.com/kyverno/kyverno v1.19.1) with the upstream pod-security policies
 * `disallow-privileged-containers` and `disallow-host-path` (kyverno/policies, `pod-security/baseline`, in
 * Enforce mode), the `podSecurity` baseline subrule (`podsecurity-subrule-baseline`), and cvmkit's rendered
 * `PolicyException`s. The admission webhook runs in kyverno-webhook.test.ts.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { renderManifests, stringifyYaml } from "../../lib";
import {
    DISALLOW_HOST_PATH,
    DISALLOW_PRIVILEGED,
    PODSECURITY_BASELINE,
} from "./support/engine-policies";
import { toolchainBinary } from "./support/kubectl";

const kyverno = toolchainBinary("kyverno-cli");

interface Summary {
    readonly pass: number;
    readonly fail: number;
    readonly skip: number;
    readonly output: string;
}

/** `kyverno apply` of the policies (default: the two pattern policies) to one resource, with the given exceptions. */
function evaluate(
    pod: object,
    exceptions: readonly object[],
    policies: readonly object[] = [DISALLOW_PRIVILEGED, DISALLOW_HOST_PATH],
): Summary {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cvmkit-kyverno-"));
    const write = (name: string, docs: readonly object[]) => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, docs.map((d) => stringifyYaml(d)).join("---\n"));
        return file;
    };
    const args = [
        "apply",
        write("policies.yaml", policies),
        "--resource",
        write("pod.yaml", [pod]),
        ...(exceptions.length ? ["--exception", write("exceptions.yaml", exceptions)] : []),
    ];
    const r = spawnSync(kyverno, args, { encoding: "utf8" });
    const output = `${r.stdout}\n${r.stderr}`;
    const m = /pass: (\d+), fail: (\d+), warn: \d+, error: (\d+), skip: (\d+)/.exec(output);
    assert.ok(m, `no summary from kyverno apply (exit ${r.status}):\n${output}`);
    assert.equal(Number(m[3]), 0, `kyverno reported errors:\n${output}`);
    return { pass: Number(m[1]), fail: Number(m[2]), skip: Number(m[4]), output };
}

function pod(name: string, namespace: string, spec: object): object {
    return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace }, spec };
}

describe("real Kyverno (kyverno apply, upstream pod-security policies) and cvmkit's PolicyException", () => {
    const rendered = renderManifests({
        kubernetesVersion: "1.35",
        supervisor: { caching: "cached" },
        policyEngines: { kyverno: true },
    });
    const exceptions = rendered.objects.filter((o) => o.kind === "PolicyException");
    const supervisor = (ns: string, image?: string) => {
        const spec = rendered.supervisorPodTemplate.spec!;
        return pod("workspace", ns, {
            ...spec,
            serviceAccountName: rendered.serviceAccountName,
            containers: spec.containers.map((c) => (image ? { ...c, image } : c)),
        });
    };

    it("renders the pattern-rule and the podSecurity PolicyException in the CVM namespace", () => {
        assert.deepEqual(
            exceptions.map((e) => `${e.metadata.namespace}/${e.metadata.name}`),
            [
                `${rendered.namespace}/cvmkit-${rendered.namespace}`,
                `${rendered.namespace}/cvmkit-${rendered.namespace}-pod-security`,
            ],
        );
    });

    it("without the exception the supervisor pod fails both policies", () => {
        const s = evaluate(supervisor(rendered.namespace), []);
        assert.equal(s.fail, 2, s.output);
    });

    it("with it the supervisor pod is admitted (both results skipped by the exception)", () => {
        const s = evaluate(supervisor(rendered.namespace), exceptions);
        assert.equal(s.fail, 0, s.output);
        assert.equal(s.skip, 2, s.output);
    });

    it("outside the CVM namespace the supervisor pod still fails both", () => {
        const s = evaluate(supervisor("team-a"), exceptions);
        assert.equal(s.fail, 2, s.output);
    });

    it("in the CVM namespace, a privileged or hostPath pod with another image stays denied", () => {
        const s = evaluate(
            supervisor(rendered.namespace, "registry.example.com/shell:1"),
            exceptions,
        );
        assert.equal(s.fail, 2, s.output);
    });

    it("a supervisor pod with a sidecar of another image stays denied (every image must be allowed)", () => {
        const p = supervisor(rendered.namespace) as { spec: { containers: object[] } };
        p.spec.containers.push({ name: "sidecar", image: "registry.example.com/shell:1" });
        assert.equal(evaluate(p, exceptions).fail, 2);
    });

    it("autogen rules: a Deployment of supervisor pods is exempted, one with another image is not", () => {
        const deployment = (image?: string) => {
            const p = supervisor(rendered.namespace, image) as { spec: object };
            return {
                apiVersion: "apps/v1",
                kind: "Deployment",
                metadata: { name: "workspace", namespace: rendered.namespace },
                spec: {
                    selector: { matchLabels: { app: "ws" } },
                    template: { metadata: { labels: { app: "ws" } }, spec: p.spec },
                },
            };
        };
        const ok = evaluate(deployment(), exceptions);
        assert.equal(ok.fail, 0, ok.output);
        assert.equal(ok.skip, 2, ok.output);
        assert.equal(evaluate(deployment("registry.example.com/shell:1"), exceptions).fail, 2);
    });

    describe("podSecurity baseline (podsecurity-subrule-baseline, Enforce)", () => {
        const baseline = (resource: object, ex: readonly object[] = exceptions) =>
            evaluate(resource, ex, [PODSECURITY_BASELINE]);
        const withSpec = (extra: object, image?: string) => {
            const p = supervisor(rendered.namespace, image) as { spec: object };
            return { ...p, spec: { ...p.spec, ...extra } };
        };

        it("without the exception the supervisor pod fails baseline (privileged and hostPath)", () => {
            const s = baseline(supervisor(rendered.namespace), []);
            assert.equal(s.fail, 1, s.output);
            assert.match(s.output, /Forbidden reason: privileged/);
            assert.match(s.output, /Forbidden reason: hostPath volumes/);
        });

        it("with it the supervisor pod passes (the rule is skipped by the podSecurity exception)", () => {
            const s = baseline(supervisor(rendered.namespace));
            assert.equal(s.fail, 0, s.output);
            assert.equal(s.skip, 1, s.output);
        });

        it("a privileged pod with another image still fails (Privileged Containers is per image)", () => {
            const s = baseline(supervisor(rendered.namespace, "registry.example.com/shell:1"));
            assert.equal(s.fail, 1, s.output);
            assert.match(s.output, /Forbidden reason: privileged/);
        });

        it("a hostPID pod with another image, unprivileged, without host paths still fails", () => {
            const s = baseline(
                pod("escape", rendered.namespace, {
                    hostPID: true,
                    containers: [{ name: "shell", image: "busybox:1.36" }],
                }),
            );
            assert.equal(s.fail, 1, s.output);
            assert.match(s.output, /host namespaces/);
        });

        for (const [control, extra, reason] of [
            ["hostNetwork", { hostNetwork: true }, /host namespaces/],
            ["hostPID", { hostPID: true }, /host namespaces/],
            ["hostIPC", { hostIPC: true }, /host namespaces/],
            [
                "an unsafe sysctl",
                { securityContext: { sysctls: [{ name: "kernel.msgmax", value: "65536" }] } },
                /forbidden sysctls/,
            ],
        ] as const) {
            it(`the supervisor image with ${control} still fails (only its two controls are exempted)`, () => {
                const s = baseline(withSpec(extra));
                assert.equal(s.fail, 1, s.output);
                assert.match(s.output, reason);
                assert.doesNotMatch(s.output, /Forbidden reason: privileged/);
            });
        }

        it("the supervisor image with NET_ADMIN or a host port still fails", () => {
            const spec = rendered.supervisorPodTemplate.spec!;
            for (const [change, reason] of [
                [
                    { securityContext: { privileged: true, capabilities: { add: ["NET_ADMIN"] } } },
                    /non-default capabilities/,
                ],
                [{ ports: [{ containerPort: 22, hostPort: 2222 }] }, /hostPort/],
            ] as const) {
                const p = withSpec({
                    containers: spec.containers.map((c) => ({ ...c, ...change })),
                });
                const s = baseline(p);
                assert.equal(s.fail, 1, s.output);
                assert.match(s.output, reason);
            }
        });

        it("the supervisor image mounting another host path still fails (HostPath Volumes lists its paths)", () => {
            const p = supervisor(rendered.namespace) as { spec: { volumes: object[] } };
            p.spec.volumes = [...p.spec.volumes, { name: "host-etc", hostPath: { path: "/etc" } }];
            const s = baseline(p);
            assert.equal(s.fail, 1, s.output);
            // a host-path volume the template does not have: the pod is not the supervisor, so the
            // exception's conditions exclude it and no hostPath volume is exempted — every one is listed
            assert.match(s.output, /Forbidden reason: hostPath volumes/);
            const hostPaths = (p.spec.volumes as { hostPath?: object }[]).filter((v) => v.hostPath);
            assert.equal(
                s.output.split("hostPath is forbidden").length - 1,
                hostPaths.length,
                s.output,
            );
            assert.match(s.output, /forbidden values found: \/etc/);
        });

        it("outside the CVM namespace, or with a sidecar of another image, the supervisor pod still fails", () => {
            assert.equal(baseline(supervisor("team-a")).fail, 1);
            const p = supervisor(rendered.namespace) as { spec: { containers: object[] } };
            p.spec.containers.push({ name: "sidecar", image: "registry.example.com/shell:1" });
            assert.equal(baseline(p).fail, 1);
        });

        it("an unprivileged pod of another image needs no exception: it passes", () => {
            const s = baseline(
                pod("plain", rendered.namespace, {
                    containers: [{ name: "app", image: "registry.example.com/app:1" }],
                }),
            );
            assert.equal(s.pass, 1, s.output);
        });

        it("with the Sysbox runtime the installer DaemonSet passes through its own exception, the supervisor's does not cover it", () => {
            const r = renderManifests({
                kubernetesVersion: "1.35",
                sysboxRuntime: { enabled: true },
                policyEngines: { kyverno: true },
            });
            const ds = r.objects.find(
                (o) => o.kind === "DaemonSet" && o.metadata.name === "sysbox-deploy-k8s",
            )!;
            const all = r.objects.filter((o) => o.kind === "PolicyException");
            assert.equal(baseline(ds, []).fail, 1);
            const s = baseline(ds, all);
            assert.equal(s.fail, 0, s.output);
            assert.equal(s.skip, 1, s.output);
            assert.equal(
                baseline(
                    ds,
                    all.filter((e) => !e.metadata.name.endsWith("-installer")),
                ).fail,
                1,
            );
        });

        it("autogen: a Deployment of supervisor pods passes, one with another image fails", () => {
            const deployment = (image?: string) => ({
                apiVersion: "apps/v1",
                kind: "Deployment",
                metadata: { name: "workspace", namespace: rendered.namespace },
                spec: {
                    selector: { matchLabels: { app: "ws" } },
                    template: {
                        metadata: { labels: { app: "ws" } },
                        spec: (supervisor(rendered.namespace, image) as { spec: object }).spec,
                    },
                },
            });
            const ok = baseline(deployment());
            assert.equal(ok.fail, 0, ok.output);
            assert.equal(ok.skip, 1, ok.output);
            assert.equal(baseline(deployment("registry.example.com/shell:1")).fail, 1);
        });
    });
});
