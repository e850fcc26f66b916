/**
 * Real Kyverno policy evaluation: the `kyverno` CLI (`kyverno apply`, Kyverno's own offline engine, built by
 * scripts/toolchain.sh from github.com/kyverno/kyverno v1.19.1) with the upstream pod-security policies
 * `disallow-privileged-containers` and `disallow-host-path` (kyverno/policies, `pod-security/baseline`, in
 * Enforce mode) and cvmkit's rendered `PolicyException`.
 *
 * Not the admission webhook: see the README's test section for why.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { renderManifests, stringifyYaml } from "../../lib";
import { DISALLOW_HOST_PATH, DISALLOW_PRIVILEGED } from "./support/engine-policies";
import { toolchainBinary } from "./support/kubectl";

const kyverno = toolchainBinary("kyverno-cli");

interface Summary {
    readonly pass: number;
    readonly fail: number;
    readonly skip: number;
    readonly output: string;
}

/** `kyverno apply` of both policies to one pod, with the given exceptions; the result summary. */
function evaluate(pod: object, exceptions: readonly object[]): Summary {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cvmkit-kyverno-"));
    const write = (name: string, docs: readonly object[]) => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, docs.map((d) => stringifyYaml(d)).join("---\n"));
        return file;
    };
    const args = [
        "apply",
        write("policies.yaml", [DISALLOW_PRIVILEGED, DISALLOW_HOST_PATH]),
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

    it("renders one PolicyException in the CVM namespace", () => {
        assert.equal(exceptions.length, 1);
        assert.equal(exceptions[0]!.metadata.namespace, rendered.namespace);
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
});
