/**
 * Real Gatekeeper policy evaluation: `gator test` (Gatekeeper's own offline evaluator, built by
 * scripts/toolchain.sh from github.com/open-policy-agent/gatekeeper/v3 v3.23.1) with the PSP-library
 * ConstraintTemplates for privileged containers and host filesystem that Gatekeeper's own webhook tests
 * use (copied by the toolchain from the same module), the library's sample constraints, and cvmkit's
 * rendered exemption patches applied to them the way server-side apply does (the list is replaced).
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
import { toolchainBinary } from "./support/kubectl";

interface Constraint {
    apiVersion: string;
    kind: string;
    metadata: { name: string };
    spec: { match: Record<string, unknown>; parameters?: Record<string, unknown> };
}

/** The gatekeeper-library sample constraints (library/pod-security-policy/*\/samples). */
const LIBRARY_CONSTRAINTS: Constraint[] = [
    {
        apiVersion: "constraints.gatekeeper.sh/v1beta1",
        kind: "K8sPSPPrivilegedContainer",
        metadata: { name: "psp-privileged-container" },
        spec: {
            match: {
                kinds: [{ apiGroups: [""], kinds: ["Pod"] }],
                excludedNamespaces: ["kube-system"],
            },
        },
    },
    {
        apiVersion: "constraints.gatekeeper.sh/v1beta1",
        kind: "K8sPSPHostFilesystem",
        metadata: { name: "psp-host-filesystem" },
        spec: {
            match: {
                kinds: [{ apiGroups: [""], kinds: ["Pod"] }],
                excludedNamespaces: ["kube-system"],
            },
            parameters: { allowedHostPaths: [{ readOnly: true, pathPrefix: "/foo" }] },
        },
    },
];

const gator = toolchainBinary("gator");
const TEMPLATES = path.join(path.dirname(fs.realpathSync(gator)), "..", "psp-templates");

interface Violation {
    readonly constraint: string;
    readonly msg: string;
}

/** Runs `gator test -o json` over the templates, the constraints and one pod; returns the violations. */
function evaluate(constraints: readonly Constraint[], pod: object): Violation[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cvmkit-gator-"));
    fs.writeFileSync(
        path.join(dir, "objects.yaml"),
        [...constraints, pod].map((o) => stringifyYaml(o)).join("---\n"),
    );
    const r = spawnSync(gator, ["test", "-f", TEMPLATES, "-f", dir, "-o", "json"], {
        encoding: "utf8",
    });
    assert.ok(r.status === 0 || r.status === 1, `gator exited ${r.status}: ${r.stderr}`);
    const results = JSON.parse(r.stdout || "[]") as {
        msg: string;
        constraint: { metadata: { name: string } };
    }[];
    return (results ?? []).map((v) => ({ constraint: v.constraint.metadata.name, msg: v.msg }));
}

/** The constraints after server-side apply of cvmkit's patches (excludedNamespaces replaced). */
function patched(objects: readonly { kind: string; metadata: { name: string }; spec?: unknown }[]) {
    return LIBRARY_CONSTRAINTS.map((c) => {
        const p = objects.find((o) => o.kind === c.kind && o.metadata.name === c.metadata.name) as
            { spec: { match: { excludedNamespaces: string[] } } } | undefined;
        assert.ok(p, `cvmkit renders a patch for ${c.kind}/${c.metadata.name}`);
        return {
            ...c,
            spec: {
                ...c.spec,
                match: { ...c.spec.match, excludedNamespaces: p.spec.match.excludedNamespaces },
            },
        };
    });
}

function pod(name: string, namespace: string, spec: object): object {
    return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace }, spec };
}

describe("real Gatekeeper (gator, PSP-library templates) and cvmkit's exemptions", () => {
    const rendered = renderManifests({
        kubernetesVersion: "1.35",
        supervisor: { caching: "cached" },
        policyEngines: { gatekeeper: true },
    });
    const supervisor = (ns: string) =>
        pod("workspace", ns, {
            ...rendered.supervisorPodTemplate.spec,
            serviceAccountName: rendered.serviceAccountName,
        });

    it("without cvmkit's exemptions the supervisor pod is denied by both constraints", () => {
        const v = evaluate(LIBRARY_CONSTRAINTS, supervisor(rendered.namespace));
        assert.deepEqual([...new Set(v.map((x) => x.constraint))].sort(), [
            "psp-host-filesystem",
            "psp-privileged-container",
        ]);
        assert.ok(v.some((x) => /Privileged container is not allowed/.test(x.msg)));
        assert.ok(v.some((x) => /HostPath volume .* is not allowed/.test(x.msg)));
    });

    it("with them the supervisor pod is admitted in the CVM namespace", () => {
        assert.deepEqual(evaluate(patched(rendered.objects), supervisor(rendered.namespace)), []);
    });

    it("the exemption does not leak: outside the CVM namespace the supervisor and other privileged or hostPath pods stay denied", () => {
        const constraints = patched(rendered.objects);
        const other = evaluate(constraints, supervisor("team-a"));
        assert.ok(other.some((x) => x.constraint === "psp-privileged-container"));
        assert.ok(other.some((x) => x.constraint === "psp-host-filesystem"));
        const privileged = evaluate(
            constraints,
            pod("priv", "default", {
                containers: [
                    { name: "c", image: "busybox:1.36", securityContext: { privileged: true } },
                ],
            }),
        );
        assert.deepEqual(
            privileged.map((x) => x.constraint),
            ["psp-privileged-container"],
        );
        const hostPath = evaluate(
            constraints,
            pod("hostpath", "default", {
                containers: [
                    {
                        name: "c",
                        image: "busybox:1.36",
                        volumeMounts: [{ name: "root", mountPath: "/host" }],
                    },
                ],
                volumes: [{ name: "root", hostPath: { path: "/" } }],
            }),
        );
        assert.deepEqual(
            hostPath.map((x) => x.constraint),
            ["psp-host-filesystem"],
        );
    });
});
