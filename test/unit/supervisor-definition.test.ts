/**
 * The one definition of the CVM supervisor (lib/manifests/supervisor.ts): the template is built from it and
 * satisfies it in every caching mode, every class of the admission matrix's supervisor cases is a violation
 * of it (and every must-admit shape is not), and the ValidatingAdmissionPolicy and Kyverno conditions carry
 * its data, not a second list.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Pod, PodSpec } from "kubernetes-types/core/v1";
import { CACHING_MODES, KubernetesObject, renderManifests } from "../../lib";
import { resolveConfig } from "../../lib/manifests";
import {
    supervisorDefinition,
    supervisorHostPaths,
    supervisorViolations,
    SUPERVISOR_ENV,
    usesSupervisorException,
} from "../../lib/manifests/supervisor";
import { coderEnvboxPod } from "../e2e/support/upstream-pods";
import { SUPERVISOR_CASES, MODES } from "../e2e/support/supervisor-cases";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const at = (o: unknown): any => o;
const find = (objects: readonly KubernetesObject[], kind: string, name?: string) =>
    at(objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name)));

const defOf = (supervisor: object = {}) =>
    supervisorDefinition(resolveConfig({ kubernetesVersion: "1.35", supervisor }).supervisor);

describe("the supervisor definition", () => {
    for (const caching of CACHING_MODES) {
        for (const writableKernelPaths of [false, true]) {
            it(`${caching}${writableKernelPaths ? " + writableKernelPaths" : ""}: the template is built from it and satisfies it`, () => {
                const supervisor = { caching, writableKernelPaths };
                const out = renderManifests({ kubernetesVersion: "1.35", supervisor });
                const def = defOf(supervisor);
                const spec = out.supervisorPodTemplate.spec!;
                const c = spec.containers[0]!;
                assert.deepEqual(c.command, def.command);
                assert.equal(c.args, undefined);
                assert.equal(c.image, def.images[0]);
                const hostVolumes = spec.volumes!.filter((v) => v.hostPath);
                assert.deepEqual(
                    hostVolumes.map((v) => [v.name, v.hostPath!.path]),
                    def.hostPaths.map((h) => [h.volume, h.path]),
                );
                for (const h of def.hostPaths) {
                    const m = c.volumeMounts!.find((x) => x.name === h.volume)!;
                    assert.equal(m.mountPath, h.mountPath);
                    assert.equal(m.readOnly, h.readOnly);
                }
                for (const e of c.env!) assert.ok(def.env.includes(e.name), e.name);
                assert.equal(usesSupervisorException(spec), true);
                assert.deepEqual(supervisorViolations(def, spec), []);
            });
        }
    }

    it("kernel paths: read-only unless cached-shiftfs or writableKernelPaths; /var/run always read-only", () => {
        const ro = (caching: (typeof CACHING_MODES)[number], w = false) =>
            Object.fromEntries(supervisorHostPaths(caching, w).map((h) => [h.path, h.readOnly]));
        assert.deepEqual(ro("none"), { "/usr/src": true, "/lib/modules": true });
        assert.deepEqual(ro("none", true), { "/usr/src": false, "/lib/modules": false });
        assert.deepEqual(ro("cached"), {
            "/usr/src": true,
            "/lib/modules": true,
            "/var/run": true,
            "/var/lib": false,
        });
        assert.deepEqual(ro("cached-shiftfs"), {
            "/usr/src": false,
            "/lib/modules": false,
            "/var/run": true,
            "/var/lib": false,
        });
    });

    it("no loader or shell variable is on the env allow-list", () => {
        for (const v of [
            "LD_PRELOAD",
            "LD_LIBRARY_PATH",
            "LD_AUDIT",
            "BASH_ENV",
            "ENV",
            "PYTHONPATH",
        ]) {
            assert.ok(!SUPERVISOR_ENV.includes(v), v);
        }
    });

    it("Coder's kubernetes-envbox pod: the supervisor with writableKernelPaths; read-only kernel mounts wanted otherwise", () => {
        const spec = coderEnvboxPod("ns").spec!;
        const image = spec.containers[0]!.image!;
        assert.deepEqual(
            supervisorViolations(defOf({ image, writableKernelPaths: true }), spec),
            [],
        );
        assert.deepEqual(
            supervisorViolations(defOf({ image }), spec).map((v) => v.path),
            [
                'spec.containers[name="dev"].volumeMounts[name="usr-src"].readOnly',
                'spec.containers[name="dev"].volumeMounts[name="lib-modules"].readOnly',
            ],
        );
    });

    it("pinCommand: false drops the command, exec-handler, stdin and env checks, keeps the mount checks", () => {
        const spec = structuredClone(
            renderManifests({ kubernetesVersion: "1.35" }).supervisorPodTemplate.spec!,
        );
        const c = spec.containers[0]!;
        c.command = ["sh"];
        c.livenessProbe = { exec: { command: ["id"] } };
        c.env!.push({ name: "LD_PRELOAD", value: "/x" });
        c.volumeMounts![0]!.readOnly = false;
        const paths = (pin: boolean) =>
            supervisorViolations(defOf({ pinCommand: pin }), spec).map((v) => v.path);
        assert.deepEqual(paths(false), [
            'spec.containers[name="supervisor"].volumeMounts[name="usr-src"].readOnly',
        ]);
        assert.deepEqual(paths(true), [
            'spec.containers[name="supervisor"].command',
            'spec.containers[name="supervisor"].livenessProbe.exec',
            'spec.containers[name="supervisor"].env[name="LD_PRELOAD"]',
            'spec.containers[name="supervisor"].volumeMounts[name="usr-src"].readOnly',
        ]);
    });

    it("a pod without privileged containers or hostPath volumes is not judged (plain baseline)", () => {
        const spec: PodSpec = { containers: [{ name: "c", image: "busybox", command: ["sh"] }] };
        assert.equal(usesSupervisorException(spec), false);
        assert.deepEqual(supervisorViolations(defOf(), spec), []);
    });

    it("every supervisor case of the admission matrix: denied by the policy ⇔ a violation of the definition", () => {
        let judged = 0;
        for (const c of SUPERVISOR_CASES) {
            if (c.op.kind !== "create") continue;
            const pod: Pod = c.pod();
            const mode = MODES.find((m) => m.namespace === c.namespace)!;
            const def = defOf({ caching: mode.caching });
            const v = supervisorViolations(def, pod.spec!);
            if (c.expect === "admitted") assert.deepEqual(v, [], c.title);
            else assert.notDeepEqual(v, [], c.title);
            judged++;
        }
        assert.ok(judged >= 100, `${judged}`);
    });

    it("the policy and the Kyverno exceptions carry the definition's data", () => {
        const out = renderManifests({
            kubernetesVersion: "1.35",
            supervisor: { caching: "cached" },
            policyEngines: { kyverno: true },
        });
        const def = defOf({ caching: "cached" });
        const vars = Object.fromEntries(
            find(out.objects, "ValidatingAdmissionPolicy").spec.variables.map(
                (v: { name: string; expression: string }) => [v.name, v.expression],
            ),
        );
        assert.equal(vars.supervisorEnv, JSON.stringify(def.env).replaceAll(",", ", "));
        assert.equal(vars.readOnlyHostVolumes, '["usr-src", "lib-modules", "host-var-run"]');
        assert.equal(
            vars.hostMountPaths,
            '{"usr-src": "/usr/src", "lib-modules": "/lib/modules", "host-var-run": "/var/run", "host-var-lib": "/var/lib"}',
        );
        const ex = find(out.objects, "PolicyException", "cvmkit-cvm-workspaces");
        const conds = JSON.stringify(ex.spec.conditions.all);
        assert.ok(conds.includes(JSON.stringify(JSON.stringify(def.command)).slice(1, -1)), conds);
        assert.ok(conds.includes("usr-src|/usr/src|true"));
        assert.ok(conds.includes("host-var-lib|/var/lib|false"));
        assert.ok(!conds.includes("host-var-run|/var/run|false"));
    });
});
