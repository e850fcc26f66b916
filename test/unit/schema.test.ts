/**
 * Every object cvmkit renders, for every manifest case, validated against the Kubernetes OpenAPI schema
 * of the case's version: offline, strict about unknown fields, with the PyPI package kubernetes-validate
 * (see test/support/schema.ts). The pod templates are validated as `v1 PodTemplate` objects. Gatekeeper
 * constraints and Kyverno PolicyExceptions are custom resources without a core schema: they are checked
 * structurally instead (checkCustomResource).
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import { CachingMode, CvmConfig, KubernetesObject, renderManifests } from "../../lib";
import { caseConfig, describeObject, ManifestCase, RENDERED_CASES, RICH } from "../support/cases";
import {
    checkCustomResource,
    isCustomResource,
    SchemaBatch,
    validateSchemas,
} from "../support/schema";

const CACHING: CachingMode[] = ["none", "cached", "cached-shiftfs"];

/** The configs rendered for one case: plain, and every optional part on per caching mode. */
function variants(c: ManifestCase): [string, CvmConfig][] {
    const out: [string, CvmConfig][] = [["plain", caseConfig(c)]];
    for (const caching of CACHING) {
        out.push([
            `rich/${caching}`,
            caseConfig(c, {
                ...RICH,
                admissionPolicyActions: ["Warn", "Audit"],
                supervisor: { caching, allowedImages: ["mirror.example.com/envbox:1"] },
            }),
        ]);
    }
    if (c.sysbox) {
        for (const userNamespaces of ["hostUsers", "crio-annotation"] as const) {
            out.push([
                `sysbox/${userNamespaces}`,
                caseConfig(c, {
                    sysboxRuntime: {
                        enabled: true,
                        ...(c.installerTag ? { installerTag: c.installerTag } : {}),
                        userNamespaces,
                        installerNamespace: "sysbox-system",
                        mgrConfig: "--disable-inner-image-preload",
                    },
                }),
            ]);
        }
    }
    return out;
}

const podTemplate = (name: string, template: PodTemplateSpec): KubernetesObject => ({
    apiVersion: "v1",
    kind: "PodTemplate",
    metadata: { name, namespace: "cvm-workspaces" },
    template,
});

interface Entry {
    readonly label: string;
    readonly object: KubernetesObject;
}

/** Every object and pod template of every variant of the cases of one version, deduplicated. */
function entriesFor(version: string): { core: Entry[]; custom: Entry[] } {
    const seen = new Set<string>();
    const core: Entry[] = [];
    const custom: Entry[] = [];
    for (const c of RENDERED_CASES.filter((x) => x.version === version)) {
        for (const [variant, config] of variants(c)) {
            const out = renderManifests(config);
            const objects = [
                ...out.objects,
                podTemplate("supervisor", out.supervisorPodTemplate),
                ...(out.sysboxPodTemplate ? [podTemplate("sysbox", out.sysboxPodTemplate)] : []),
            ];
            for (const object of objects) {
                const key = JSON.stringify(object);
                if (seen.has(key)) continue;
                seen.add(key);
                const entry = { label: `${c.title} ${variant}: ${describeObject(object)}`, object };
                (isCustomResource(object) ? custom : core).push(entry);
            }
        }
    }
    return { core, custom };
}

const VERSIONS = [...new Set(RENDERED_CASES.map((c) => c.version))];

describe("schema validation of every rendered object", () => {
    it("covers 1.18, 1.24, 1.25, 1.29, 1.30 and 1.35", () => {
        assert.deepEqual(VERSIONS, ["1.18", "1.24", "1.25", "1.29", "1.30", "1.35"]);
    });

    for (const version of VERSIONS) {
        describe(`Kubernetes ${version}`, () => {
            const { core, custom } = entriesFor(version);
            let batch: SchemaBatch;
            before(() => {
                batch = validateSchemas(
                    version,
                    core.map((e) => e.object),
                );
            });

            it(`validates against the shipped ${version}.0 schema`, () => {
                assert.equal(batch.schemaVersion, `${version}.0`);
                assert.match(batch.package, /^1\.(24\.1|37\.0)$/);
            });

            it(`all ${core.length} core objects and pod templates are valid (strict)`, () => {
                assert.ok(core.length >= 5);
                const kinds = new Set(core.map((e) => e.object.kind));
                for (const kind of ["Namespace", "ServiceAccount", "DaemonSet", "PodTemplate"]) {
                    assert.ok(kinds.has(kind), `${kind} validated`);
                }
                const failures = batch.results
                    .map((r, i) => (r.ok ? undefined : `${core[i]!.label}: ${r.error}`))
                    .filter((f): f is string => f !== undefined);
                assert.deepEqual(failures, []);
            });

            it(`the ${custom.length} custom resources are structurally valid`, () => {
                assert.ok(custom.length >= 3, "Gatekeeper patches and Kyverno exception covered");
                for (const e of custom) {
                    assert.deepEqual(checkCustomResource(e.object as never), [], e.label);
                }
            });
        });
    }
});

describe("the schema validator rejects broken objects", () => {
    const pod = (spec: Record<string, unknown>): KubernetesObject => ({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "broken" },
        spec: { containers: [{ name: "c", image: "busybox" }], ...spec },
    });
    const BROKEN: [string, KubernetesObject, RegExp][] = [
        [
            'a wrong type (hostPID: "yes")',
            pod({ hostPID: "yes" }),
            /hostPID: 'yes' is not of type 'boolean'/,
        ],
        ["an unknown field (hostPid)", pod({ hostPid: true }), /'hostPid' was unexpected/],
        [
            "an unknown nested field (securityContext.privilegd)",
            pod({
                containers: [{ name: "c", image: "busybox", securityContext: { privilegd: true } }],
            }),
            /'privilegd' was unexpected/,
        ],
        [
            "a missing required field (containers)",
            pod({ containers: undefined }),
            /'containers' is a required property/,
        ],
    ];
    for (const version of ["1.18", "1.35"]) {
        it(`on ${version}`, () => {
            const batch = validateSchemas(
                version,
                BROKEN.map(([, o]) => JSON.parse(JSON.stringify(o))),
            );
            BROKEN.forEach(([title, , error], i) => {
                const r = batch.results[i]!;
                assert.equal(r.ok, false, title);
                assert.match(r.error ?? "", error, title);
            });
        });
    }

    it("fails kinds the version does not serve (PSP on 1.25, VAP v1 on 1.29)", () => {
        const psp = renderManifests({ kubernetesVersion: "1.24" }).objects.find(
            (o) => o.kind === "PodSecurityPolicy",
        )!;
        const vap = renderManifests({ kubernetesVersion: "1.30" }).objects.find(
            (o) => o.kind === "ValidatingAdmissionPolicy",
        )!;
        assert.deepEqual(
            validateSchemas("1.24", [psp]).results.map((r) => r.ok),
            [true],
        );
        const on125 = validateSchemas("1.25", [psp]).results[0]!;
        assert.equal(on125.ok, false);
        assert.match(on125.error ?? "", /Couldn't find schema for kind PodSecurityPolicy/);
        const on129 = validateSchemas("1.29", [vap]).results[0]!;
        assert.equal(on129.ok, false);
        assert.match(on129.error ?? "", /ValidatingAdmissionPolicy/);
    });

    it("the structural check of custom resources rejects unknown and missing fields", () => {
        const out = renderManifests({
            kubernetesVersion: "1.30",
            policyEngines: { gatekeeper: true, kyverno: true },
        });
        const [gk, ky] = [
            out.objects.find((o) => o.apiVersion.startsWith("constraints."))!,
            out.objects.find((o) => o.kind === "PolicyException")!,
        ];
        const clone = <T>(o: T): Record<string, never> => JSON.parse(JSON.stringify(o));
        const gkBad = clone(gk);
        (gkBad as Record<string, unknown>).spec = { match: { excludedNamespace: ["x"] } };
        assert.deepEqual(checkCustomResource(gkBad), [
            'spec.match: unknown field "excludedNamespace"',
            "spec.match.excludedNamespaces: must be a non-empty list of namespaces",
        ]);
        const kyBad = clone(ky) as Record<string, Record<string, unknown>>;
        kyBad.spec!.exceptions = [{ policyName: "p", rules: ["r"] }];
        delete kyBad.metadata!.namespace;
        assert.deepEqual(checkCustomResource(kyBad), [
            "metadata.namespace: missing",
            'spec.exceptions[0]: unknown field "rules"',
            "spec.exceptions[0].ruleNames: must be a non-empty list",
        ]);
    });
});
