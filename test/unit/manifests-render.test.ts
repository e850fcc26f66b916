import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import { parseAllDocuments } from "yaml";
import {
    allowedHostPaths,
    allowedImages,
    CachingMode,
    CvmkitConfigError,
    KubernetesObject,
    renderManifests,
    RenderedManifests,
    resolveConfig,
    toYaml,
} from "../../lib";
import { podSecurityPolicy } from "../../lib/manifests/admission";
import { sysboxRuntime } from "../../lib/manifests/sysbox";
import { caseConfig, describeObject, MANIFEST_CASES, RENDERED_CASES, RICH } from "../support/cases";

const NS = "cvm-workspaces";
const VAP_NAME = `cvmkit-${NS}-privileged-allowlist`;
const ENVBOX = "ghcr.io/coder/envbox:0.6.7";

function find(out: RenderedManifests, kind: string, name?: string): KubernetesObject {
    const obj = out.objects.find(
        (o) => o.kind === kind && (name === undefined || o.metadata.name === name),
    );
    assert.ok(obj, `${kind} ${name ?? ""} rendered`);
    return obj;
}

function findAll(out: RenderedManifests, kind: string): KubernetesObject[] {
    return out.objects.filter((o) => o.kind === kind);
}

/** Reads a nested field without casts at every step. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const at = (obj: unknown): any => obj;

const GATEKEEPER = [
    "constraints.gatekeeper.sh/v1beta1 K8sPSPPrivilegedContainer -/psp-privileged-container",
    "constraints.gatekeeper.sh/v1beta1 K8sPSPHostFilesystem -/psp-host-filesystem",
];
/** cvmkit's PolicyExceptions: pattern rules, `podSecurity` rules, and the installer's with the runtime on. */
function kyvernoObjects(sysbox: boolean): string[] {
    return [
        `kyverno.io/v2 PolicyException ${NS}/cvmkit-${NS}`,
        ...(sysbox ? [`kyverno.io/v2 PolicyException ${NS}/cvmkit-${NS}-installer`] : []),
        `kyverno.io/v2 PolicyException ${NS}/cvmkit-${NS}-pod-security`,
        ...(sysbox
            ? [`kyverno.io/v2 PolicyException ${NS}/cvmkit-${NS}-pod-security-installer`]
            : []),
    ];
}

/** The objects of a case with both policy engines on: the exemptions go after the admission objects. */
function withEngines(objects: readonly string[]): string[] {
    const i = objects.findIndex((o) => o.includes("sysbox-label-node") || o.includes("prepull"));
    const sysbox = objects.some((o) => o.includes("sysbox-label-node"));
    return [...objects.slice(0, i), ...GATEKEEPER, ...kyvernoObjects(sysbox), ...objects.slice(i)];
}

const HOST_PATHS: Record<CachingMode, [volume: string, path: string, readOnly: boolean][]> = {
    none: [
        ["usr-src", "/usr/src", true],
        ["lib-modules", "/lib/modules", true],
    ],
    cached: [
        ["usr-src", "/usr/src", true],
        ["lib-modules", "/lib/modules", true],
        ["host-var-run", "/var/run", true],
        ["host-var-lib", "/var/lib", false],
    ],
    "cached-shiftfs": [
        ["usr-src", "/usr/src", false],
        ["lib-modules", "/lib/modules", false],
        ["host-var-run", "/var/run", true],
        ["host-var-lib", "/var/lib", false],
    ],
};
const CACHING_MODES = Object.keys(HOST_PATHS) as CachingMode[];

function checkSupervisorTemplate(
    t: PodTemplateSpec,
    caching: CachingMode,
    nodeSelector: Record<string, string>,
    tolerations: unknown[],
): void {
    const spec = t.spec!;
    assert.equal(t.metadata?.annotations?.["sidecar.istio.io/inject"], "false");
    assert.equal(t.metadata?.labels?.["app.kubernetes.io/component"], "cvm-workspace");
    assert.equal(spec.serviceAccountName, "cvm-supervisor");
    assert.equal(spec.automountServiceAccountToken, false);
    assert.deepEqual(spec.nodeSelector, nodeSelector);
    // No tolerations → the field is left out (the API server drops empty lists; a re-read would differ).
    assert.deepEqual(spec.tolerations, tolerations.length > 0 ? tolerations : undefined);
    assert.equal(spec.hostUsers, undefined);
    assert.equal(spec.runtimeClassName, undefined);
    assert.equal(spec.containers.length, 1);
    const c = spec.containers[0]!;
    assert.equal(c.name, "supervisor");
    assert.deepEqual(c.securityContext, { privileged: true });
    assert.deepEqual(c.env, [
        {
            name: "CODER_CPUS",
            valueFrom: {
                resourceFieldRef: { containerName: "supervisor", resource: "limits.cpu" },
            },
        },
        {
            name: "CODER_MEMORY",
            valueFrom: {
                resourceFieldRef: { containerName: "supervisor", resource: "limits.memory" },
            },
        },
    ]);
    const hostVolumes = (spec.volumes ?? []).filter((v) => v.hostPath);
    assert.deepEqual(
        hostVolumes.map((v) => [v.name, v.hostPath!.path]),
        HOST_PATHS[caching].map(([name, path]) => [name, path]),
    );
    const expectedMounts = HOST_PATHS[caching].map(([name, path, readOnly]) => ({
        name,
        mountPath: path,
        readOnly,
    }));
    if (caching === "none") {
        // Without node caching, Sysbox's state lives in the pod.
        assert.deepEqual(
            (spec.volumes ?? []).filter((v) => !v.hostPath),
            [{ name: "sysbox", emptyDir: {} }],
        );
        expectedMounts.push({ name: "sysbox", mountPath: "/var/lib/sysbox" } as never);
    } else {
        assert.equal((spec.volumes ?? []).filter((v) => !v.hostPath).length, 0);
    }
    assert.deepEqual(c.volumeMounts, expectedMounts);
}

describe("renderManifests per Kubernetes version", () => {
    for (const c of MANIFEST_CASES) {
        describe(c.title, () => {
            if (c.error) {
                it("rejects the Sysbox runtime: no installer accepts this version", () => {
                    assert.throws(
                        () => renderManifests(caseConfig(c)),
                        (err: unknown) => {
                            assert.ok(err instanceof CvmkitConfigError);
                            assert.equal(err.field, "kubernetesVersion");
                            assert.equal(err.value, c.version);
                            assert.match(err.message, c.error!);
                            assert.ok(!err.message.includes("pin sysboxRuntime.installerTag"));
                            return true;
                        },
                    );
                });
                return;
            }
            const plain = renderManifests(caseConfig(c));
            const rich = renderManifests(caseConfig(c, RICH));
            const minor = Number(c.version.split(".")[1]);

            it("renders exactly the expected objects, in order", () => {
                assert.deepEqual(plain.objects.map(describeObject), c.objects);
                assert.deepEqual(rich.objects.map(describeObject), withEngines(c.objects!));
            });

            it("admission objects follow the version: PSP below 1.25, VAP from 1.30", () => {
                assert.equal(findAll(plain, "PodSecurityPolicy").length, minor < 25 ? 1 : 0);
                assert.equal(
                    findAll(plain, "ValidatingAdmissionPolicy").length,
                    minor >= 30 ? 1 : 0,
                );
                assert.equal(
                    findAll(plain, "ValidatingAdmissionPolicyBinding").length,
                    minor >= 30 ? 1 : 0,
                );
                assert.equal(findAll(plain, "RuntimeClass").length, c.sysbox ? 1 : 0);
            });

            it("labels the namespace PSA enforce privileged, audit baseline, warn baseline where nothing else scopes (1.25–1.29), Istio off", () => {
                const warn = minor >= 25 && minor < 30 ? "baseline" : "privileged";
                for (const out of [plain, rich]) {
                    const ns = find(out, "Namespace");
                    assert.equal(ns.metadata.namespace, undefined);
                    assert.deepEqual(ns.metadata.labels, {
                        ...(out === rich ? { team: "platform" } : {}),
                        "app.kubernetes.io/name": "cvmkit",
                        "app.kubernetes.io/part-of": "cvmkit",
                        "app.kubernetes.io/component": "cvm-namespace",
                        "app.kubernetes.io/managed-by": "cvmkit",
                        "pod-security.kubernetes.io/enforce": "privileged",
                        "pod-security.kubernetes.io/enforce-version": `v${c.version}`,
                        "pod-security.kubernetes.io/audit": "baseline",
                        "pod-security.kubernetes.io/audit-version": `v${c.version}`,
                        "pod-security.kubernetes.io/warn": warn,
                        "pod-security.kubernetes.io/warn-version": `v${c.version}`,
                        "istio-injection": "disabled",
                    });
                }
            });

            it("gives the supervisor ServiceAccount no API token", () => {
                const sa = find(plain, "ServiceAccount", "cvm-supervisor");
                assert.equal(sa.metadata.namespace, NS);
                assert.equal(sa.automountServiceAccountToken, false);
            });

            it("labels every owned object, and patches none it does not own", () => {
                for (const o of rich.objects) {
                    if (o.apiVersion.startsWith("constraints.gatekeeper.sh/")) {
                        assert.equal(o.metadata.labels, undefined, describeObject(o));
                        assert.deepEqual(o.metadata.annotations, {
                            "cvmkit.dev/apply-as": "patch",
                        });
                        continue;
                    }
                    assert.equal(o.metadata.labels?.["app.kubernetes.io/managed-by"], "cvmkit");
                    assert.equal(o.metadata.labels?.team, "platform", describeObject(o));
                }
            });

            if (minor < 25) {
                it("PSP: privileged policy, use-role, RoleBinding for exactly the supervisor SA", () => {
                    const psp = find(plain, "PodSecurityPolicy", "cvmkit-privileged");
                    assert.equal(psp.apiVersion, "policy/v1beta1");
                    assert.deepEqual(
                        [
                            at(psp).spec.privileged,
                            at(psp).spec.hostNetwork,
                            at(psp).spec.hostPID,
                            at(psp).spec.hostIPC,
                        ],
                        [true, false, false, false],
                    );
                    assert.deepEqual(at(find(plain, "ClusterRole")).rules, [
                        {
                            apiGroups: ["policy"],
                            resources: ["podsecuritypolicies"],
                            verbs: ["use"],
                            resourceNames: ["cvmkit-privileged"],
                        },
                    ]);
                    const bindings = findAll(plain, "RoleBinding");
                    assert.deepEqual(
                        bindings.map((b) => [
                            b.metadata.namespace,
                            at(b).roleRef.name,
                            at(b).subjects,
                        ]),
                        [
                            [
                                NS,
                                "cvmkit:psp:cvmkit-privileged",
                                [{ kind: "ServiceAccount", name: "cvm-supervisor", namespace: NS }],
                            ],
                        ],
                    );
                });
            }

            if (minor >= 30) {
                for (const caching of CACHING_MODES) {
                    it(`VAP (${caching}): allow-list, host paths and messages`, () => {
                        const out = renderManifests(
                            caseConfig(c, {
                                supervisor: {
                                    caching,
                                    allowedImages: ["mirror.example.com/envbox:0.6.7"],
                                },
                            }),
                        );
                        const vap = at(find(out, "ValidatingAdmissionPolicy", VAP_NAME));
                        assert.equal(vap.apiVersion, "admissionregistration.k8s.io/v1");
                        assert.equal(vap.spec.failurePolicy, "Fail");
                        assert.deepEqual(vap.spec.matchConstraints.resourceRules, [
                            {
                                apiGroups: [""],
                                apiVersions: ["v1"],
                                operations: ["CREATE", "UPDATE"],
                                resources: ["pods", "pods/ephemeralcontainers"],
                            },
                        ]);
                        const vars = Object.fromEntries(
                            vap.spec.variables.map((v: { name: string; expression: string }) => [
                                v.name,
                                v.expression,
                            ]),
                        );
                        assert.equal(
                            vars.allowedImages,
                            `["${ENVBOX}", "mirror.example.com/envbox:0.6.7"]`,
                        );
                        const paths = HOST_PATHS[caching].map(([, p]) => p);
                        assert.equal(
                            vars.allowedHostPaths,
                            `[${paths.flatMap((p) => [`"${p}"`, `"${p}/"`]).join(", ")}]`,
                        );
                        assert.equal(
                            vars.supervisorCommand,
                            '["/envbox", "docker"]',
                            "the pinned supervisor command",
                        );
                        assert.match(
                            vars.capabilities,
                            /^\["AUDIT_WRITE", "CHOWN", .*"SYS_CHROOT"\]$/,
                        );
                        // Only spec changes are looked at on UPDATE, so metadata-only updates of old pods pass.
                        assert.deepEqual(vap.spec.matchConditions, [
                            {
                                name: "pod-spec-created-or-changed",
                                expression:
                                    "request.operation != 'UPDATE' || object.spec != oldObject.spec",
                            },
                        ]);
                        const messages: string[] = vap.spec.validations.map(
                            (v: { message: string }) => v.message,
                        );
                        const controls = new Set(
                            messages.map((m) => /control "([^"]+)"/.exec(m)?.[1]),
                        );
                        // Every Pod Security baseline control has at least one rule.
                        assert.deepEqual([...controls].sort(), [
                            "/proc Mount Type",
                            "AppArmor",
                            "Capabilities",
                            "Host Namespaces",
                            "Host Ports",
                            "HostPath Volumes",
                            "HostProcess",
                            "Privileged Containers",
                            "Probes and lifecycle host",
                            "SELinux",
                            "Seccomp",
                            "Supervisor exception",
                            "Sysctls",
                        ]);
                        // Every container rule exists for all three container lists.
                        for (const list of [
                            "containers",
                            "initContainers",
                            "ephemeralContainers",
                        ]) {
                            assert.ok(
                                vap.spec.validations.filter((v: { expression: string }) =>
                                    v.expression.startsWith(`!has(object.spec.${list}) ||`),
                                ).length >= 10,
                                list,
                            );
                        }
                        assert.ok(
                            messages.some((m) =>
                                m.includes(
                                    `and only the template's: ${HOST_PATHS[caching].map(([v, p]) => `volume ${v} hostPath ${p}`).join(", ")} (supervisor.caching "${caching}")`,
                                ),
                            ),
                        );
                        assert.ok(
                            messages.some((m: string) =>
                                m.includes(`(${ENVBOX}, mirror.example.com/envbox:0.6.7)`),
                            ),
                        );
                        for (const v of vap.spec.validations) {
                            assert.ok(v.messageExpression, "each rule names field and value");
                            assert.match(v.message, /^cvmkit Pod Security baseline, control "/);
                        }
                        for (const v of vap.spec.validations) assert.equal(v.reason, "Forbidden");
                    });
                }

                it("VAP binding: scoped to the CVM namespace, Deny by default, actions configurable", () => {
                    const binding = at(find(plain, "ValidatingAdmissionPolicyBinding", VAP_NAME));
                    assert.deepEqual(binding.spec, {
                        policyName: VAP_NAME,
                        validationActions: ["Deny"],
                        matchResources: {
                            namespaceSelector: {
                                matchLabels: { "kubernetes.io/metadata.name": NS },
                            },
                        },
                    });
                    const warn = renderManifests(
                        caseConfig(c, { admissionPolicyActions: ["Warn", "Audit"] }),
                    );
                    assert.deepEqual(
                        at(find(warn, "ValidatingAdmissionPolicyBinding")).spec.validationActions,
                        ["Warn", "Audit"],
                    );
                });
            }

            it("Gatekeeper: patches that add the CVM namespace to the constraints' exclusions", () => {
                const patches = rich.objects.filter(
                    (o) => o.apiVersion === "constraints.gatekeeper.sh/v1beta1",
                );
                assert.deepEqual(
                    patches.map((p) => [p.kind, p.metadata.name, at(p).spec]),
                    [
                        [
                            "K8sPSPPrivilegedContainer",
                            "psp-privileged-container",
                            { match: { excludedNamespaces: ["kube-system", NS] } },
                        ],
                        [
                            "K8sPSPHostFilesystem",
                            "psp-host-filesystem",
                            { match: { excludedNamespaces: ["kube-system", NS] } },
                        ],
                    ],
                );
            });

            it("Kyverno: a PolicyException for the privileged and host-path rules incl. autogen", () => {
                const ex = at(find(rich, "PolicyException"));
                assert.equal(ex.apiVersion, "kyverno.io/v2");
                assert.equal(ex.metadata.namespace, NS);
                assert.deepEqual(ex.spec.exceptions, [
                    {
                        policyName: "disallow-privileged-containers",
                        ruleNames: [
                            "privileged-containers",
                            "autogen-privileged-containers",
                            "autogen-cronjob-privileged-containers",
                        ],
                    },
                    {
                        policyName: "disallow-host-path",
                        ruleNames: ["host-path", "autogen-host-path", "autogen-cronjob-host-path"],
                    },
                ]);
                const any = [
                    {
                        resources: {
                            kinds: [
                                "Pod",
                                "Deployment",
                                "StatefulSet",
                                "DaemonSet",
                                "Job",
                                "CronJob",
                                "ReplicaSet",
                            ],
                            namespaces: [NS],
                        },
                    },
                ];
                assert.deepEqual(ex.spec.match, { any });
                // only pods whose every image is allowed, and every container is the supervisor
                const [cond] = ex.spec.conditions.all;
                assert.equal(cond.operator, "AllIn");
                assert.match(
                    cond.key,
                    /\.\[containers, initContainers, ephemeralContainers\]\[\]\[\]\.image \}\}$/,
                );
                assert.deepEqual(cond.value, allowedImages(rich.config));
                assert.ok(ex.spec.conditions.all.length > 10);
                const installer = at(
                    findAll(rich, "PolicyException").find(
                        (o) => o.metadata.name === `cvmkit-${rich.namespace}-installer`,
                    ),
                );
                if (c.sysbox) {
                    assert.deepEqual(installer.spec.match, {
                        any: [
                            {
                                resources: {
                                    kinds: ["DaemonSet", "Pod"],
                                    namespaces: ["kube-system"],
                                    names: ["sysbox-deploy-k8s", "sysbox-deploy-k8s-*"],
                                },
                            },
                        ],
                    });
                    assert.deepEqual(installer.spec.conditions.all[0].value, [rich.installerImage]);
                    assert.deepEqual(installer.spec.exceptions, ex.spec.exceptions);
                } else {
                    assert.equal(installer, undefined);
                }
            });

            it("Kyverno podSecurity: only Privileged Containers (allowed images) and HostPath Volumes (their paths)", () => {
                const pss = findAll(rich, "PolicyException").filter((o) =>
                    o.metadata.name.endsWith("-pod-security"),
                );
                assert.equal(pss.length, 1);
                const ex = at(pss[0]);
                assert.deepEqual(ex.spec.exceptions, [
                    {
                        policyName: "podsecurity-subrule-baseline",
                        ruleNames: ["baseline", "autogen-baseline", "autogen-cronjob-baseline"],
                    },
                ]);
                assert.deepEqual(ex.spec.match.any[0].resources.namespaces, [NS]);
                assert.equal(ex.spec.match.any.length, 1);
                assert.deepEqual(ex.spec.conditions.all[0].value, allowedImages(rich.config));
                assert.deepEqual(ex.spec.podSecurity, [
                    { controlName: "Privileged Containers", images: allowedImages(rich.config) },
                    {
                        controlName: "HostPath Volumes",
                        restrictedField: "spec.volumes[*].hostPath",
                        values: allowedHostPaths(rich.config),
                    },
                ]);
                const installer = findAll(rich, "PolicyException").filter((o) =>
                    o.metadata.name.endsWith("-pod-security-installer"),
                );
                assert.equal(installer.length, c.sysbox ? 1 : 0);
                if (c.sysbox) {
                    const i = at(installer[0]);
                    assert.deepEqual(i.spec.conditions.all[0].value, [rich.installerImage]);
                    assert.deepEqual(i.spec.podSecurity[0], {
                        controlName: "Privileged Containers",
                        images: [rich.installerImage],
                    });
                    assert.deepEqual(
                        i.spec.podSecurity[1].values,
                        at(
                            find(rich, "DaemonSet", "sysbox-deploy-k8s"),
                        ).spec.template.spec.volumes.map(
                            (v: { hostPath: { path: string } }) => v.hostPath.path,
                        ),
                    );
                }
            });

            it("no policy-engine objects unless declared", () => {
                assert.ok(!plain.objects.some((o) => /gatekeeper|kyverno/.test(o.apiVersion)));
            });

            for (const caching of CACHING_MODES) {
                it(`supervisor pod template (${caching})`, () => {
                    const out = renderManifests(
                        caseConfig(c, { ...RICH, supervisor: { caching } }),
                    );
                    checkSupervisorTemplate(
                        out.supervisorPodTemplate,
                        caching,
                        { "kubernetes.io/os": "linux", "cvmkit.dev/cvm": "true" },
                        [{ key: "cvmkit.dev/cvm", operator: "Exists", effect: "NoSchedule" }],
                    );
                    const sup = out.supervisorPodTemplate.spec!.containers[0]!;
                    assert.equal(sup.image, ENVBOX);
                    assert.deepEqual(sup.command, ["/envbox", "docker"]);
                    assert.deepEqual(sup.resources, {
                        requests: { cpu: "1", memory: "2Gi" },
                        limits: { cpu: "4", memory: "8Gi" },
                    });
                });
            }

            it("supervisor pod template defaults to any Linux node with no tolerations", () => {
                checkSupervisorTemplate(
                    plain.supervisorPodTemplate,
                    "none",
                    { "kubernetes.io/os": "linux" },
                    [],
                );
                assert.deepEqual(plain.nodeSelector, { "kubernetes.io/os": "linux" });
                assert.deepEqual(plain.tolerations, []);
            });

            it("outputs: namespace, service account, runtime class, node selector, tolerations", () => {
                assert.equal(rich.namespace, NS);
                assert.equal(rich.serviceAccountName, "cvm-supervisor");
                assert.equal(rich.runtimeClassName, c.sysbox ? "sysbox-runc" : undefined);
                assert.deepEqual(rich.nodeSelector, {
                    "kubernetes.io/os": "linux",
                    "cvmkit.dev/cvm": "true",
                });
                assert.deepEqual(rich.tolerations, RICH.tolerations);
                assert.equal(rich.features.minor, c.version);
                assert.equal(rich.sysboxPodTemplate === undefined, !c.sysbox);
                assert.equal(
                    rich.installerImage,
                    c.sysbox
                        ? `registry.nestybox.com/nestybox/sysbox-deploy-k8s:${c.installerTag ?? "v0.7.1-0"}`
                        : undefined,
                );
            });

            it("pre-pull DaemonSet: unprivileged, no host paths, pulls the CVM images", () => {
                const ds = at(find(plain, "DaemonSet", "cvm-image-prepull"));
                const pod = ds.spec.template.spec;
                assert.deepEqual(
                    pod.initContainers.map((i: { image: string }) => i.image),
                    c.sysbox
                        ? [ENVBOX, "registry.nestybox.com/nestybox/ubuntu-jammy-systemd-docker"]
                        : [ENVBOX],
                );
                assert.equal(pod.volumes, undefined);
                assert.equal(pod.hostNetwork ?? pod.hostPID ?? pod.hostIPC, undefined);
                for (const container of [...pod.initContainers, ...pod.containers]) {
                    assert.equal(container.securityContext.privileged, undefined);
                    assert.equal(container.securityContext.allowPrivilegeEscalation, false);
                    assert.equal(container.securityContext.runAsNonRoot, true);
                    assert.deepEqual(container.securityContext.capabilities, { drop: ["ALL"] });
                }
                assert.deepEqual(ds.spec.selector.matchLabels, {
                    "app.kubernetes.io/name": "cvmkit",
                    "app.kubernetes.io/component": "image-prepull",
                });
                for (const [k, v] of Object.entries(ds.spec.selector.matchLabels)) {
                    assert.equal(ds.spec.template.metadata.labels[k], v);
                }
                // seccomp: the field from 1.19, the annotation before.
                if (minor >= 19) {
                    assert.deepEqual(pod.securityContext, {
                        seccompProfile: { type: "RuntimeDefault" },
                    });
                    assert.equal(
                        ds.spec.template.metadata.annotations[
                            "seccomp.security.alpha.kubernetes.io/pod"
                        ],
                        undefined,
                    );
                } else {
                    assert.equal(pod.securityContext, undefined);
                    assert.equal(
                        ds.spec.template.metadata.annotations[
                            "seccomp.security.alpha.kubernetes.io/pod"
                        ],
                        "runtime/default",
                    );
                }
                const off = renderManifests(caseConfig(c, { supervisor: { prePull: false } }));
                assert.ok(!off.objects.some((o) => o.metadata.name === "cvm-image-prepull"));
            });

            if (c.sysbox) {
                const tag = c.installerTag ?? "v0.7.1-0";
                it(`Sysbox installer pinned to ${tag}, with readiness on the installer's state`, () => {
                    const ds = at(find(rich, "DaemonSet", "sysbox-deploy-k8s"));
                    assert.equal(ds.metadata.namespace, "kube-system");
                    const pod = ds.spec.template.spec;
                    assert.equal(pod.serviceAccountName, "sysbox-label-node");
                    assert.deepEqual(pod.nodeSelector, { "sysbox-install": "yes" });
                    assert.deepEqual(pod.tolerations, [
                        {
                            key: "sysbox-runtime",
                            operator: "Equal",
                            value: "not-running",
                            effect: "NoSchedule",
                        },
                        ...RICH.tolerations!,
                    ]);
                    const container = pod.containers[0];
                    assert.equal(
                        container.image,
                        `registry.nestybox.com/nestybox/sysbox-deploy-k8s:${tag}`,
                    );
                    assert.deepEqual(container.securityContext, { privileged: true });
                    assert.match(container.readinessProbe.exec.command[2], /sysbox_installed/);
                    assert.deepEqual(at(find(rich, "ClusterRoleBinding")).subjects, [
                        {
                            kind: "ServiceAccount",
                            name: "sysbox-label-node",
                            namespace: "kube-system",
                        },
                    ]);
                    assert.deepEqual(at(find(rich, "ConfigMap")).data, {
                        SYSBOX_MGR_CONFIG: "",
                        SYSBOX_FS_CONFIG: "",
                    });
                });

                it("RuntimeClass sysbox-runc scheduled onto nodes where Sysbox runs", () => {
                    const rc = at(find(rich, "RuntimeClass", "sysbox-runc"));
                    assert.equal(rc.apiVersion, "node.k8s.io/v1");
                    assert.equal(rc.handler, "sysbox-runc");
                    assert.deepEqual(rc.scheduling, {
                        nodeSelector: { "sysbox-runtime": "running" },
                        tolerations: RICH.tolerations,
                    });
                    assert.deepEqual(at(find(plain, "RuntimeClass")).scheduling, {
                        nodeSelector: { "sysbox-runtime": "running" },
                    });
                });

                it(`Sysbox pod template: ${minor >= 33 ? "hostUsers: false" : "the CRI-O userns annotation"}`, () => {
                    const t = rich.sysboxPodTemplate!;
                    const spec = t.spec!;
                    assert.equal(spec.runtimeClassName, "sysbox-runc");
                    assert.equal(spec.containers[0]!.securityContext, undefined);
                    assert.equal(spec.volumes, undefined);
                    assert.deepEqual(spec.nodeSelector, rich.nodeSelector);
                    assert.deepEqual(spec.tolerations, RICH.tolerations);
                    assert.equal(spec.automountServiceAccountToken, false);
                    if (minor >= 33) {
                        assert.equal(spec.hostUsers, false);
                        assert.deepEqual(t.metadata?.annotations, {
                            "sidecar.istio.io/inject": "false",
                        });
                    } else {
                        assert.equal("hostUsers" in spec, false);
                        assert.deepEqual(t.metadata?.annotations, {
                            "sidecar.istio.io/inject": "false",
                            "io.kubernetes.cri-o.userns-mode": "auto:size=65536",
                        });
                    }
                    // The mode can be forced either way.
                    const forced = renderManifests(
                        caseConfig(c, {
                            sysboxRuntime: {
                                enabled: true,
                                installerTag: tag,
                                userNamespaces: minor >= 33 ? "crio-annotation" : "hostUsers",
                            },
                        }),
                    ).sysboxPodTemplate!;
                    assert.equal(forced.spec!.hostUsers, minor >= 33 ? undefined : false);
                    assert.equal(
                        forced.metadata?.annotations?.["io.kubernetes.cri-o.userns-mode"],
                        minor >= 33 ? "auto:size=65536" : undefined,
                    );
                });
            }

            it("is deterministic and returns fresh objects each time", () => {
                const config = caseConfig(c, RICH);
                const first = renderManifests(config);
                assert.deepEqual(renderManifests(config), first);
                // Mutating one result must not leak into the next.
                const snapshot = structuredClone(first.objects);
                for (const o of first.objects) {
                    const labels = o.metadata.labels as Record<string, string> | undefined;
                    if (labels) labels.team = "changed";
                    const spec = at(o).spec;
                    if (spec?.matchConstraints)
                        spec.matchConstraints.resourceRules[0].resources.push("x");
                    if (spec?.match?.any) spec.match.any[0].resources.kinds.push("X");
                    if (spec?.template?.spec?.containers)
                        spec.template.spec.containers[0].securityContext.runAsUser = 0;
                }
                assert.deepEqual(renderManifests(config).objects, snapshot);
            });

            it("YAML output round-trips to the same objects", () => {
                const docs = parseAllDocuments(toYaml(rich.objects)).map((d) => d.toJS());
                assert.deepEqual(docs, JSON.parse(JSON.stringify(rich.objects)));
            });
        });
    }

    it("covers 1.18, 1.24, 1.25, 1.29, 1.30, 1.35, each with and without the runtime", () => {
        assert.deepEqual(
            MANIFEST_CASES.map((c) => `${c.version}${c.sysbox ? "+sysbox" : ""}`),
            [
                "1.18",
                "1.18+sysbox",
                "1.24",
                "1.24+sysbox",
                "1.25",
                "1.25+sysbox",
                "1.29",
                "1.29+sysbox",
                "1.30",
                "1.30+sysbox",
                "1.35",
                "1.35+sysbox",
            ],
        );
        assert.equal(RENDERED_CASES.length, 9);
    });
});

describe("renderManifests details", () => {
    it("PSP RoleBindings name exactly the supervisor and installer service accounts", () => {
        // No installer supports a PSP-era minor, so build the resolved config of a runtime case and
        // give it 1.24's gates to exercise the installer binding.
        const resolved = resolveConfig({
            kubernetesVersion: "1.30",
            sysboxRuntime: {
                enabled: true,
                installerTag: "v0.6.7-0",
                installerNamespace: "sysbox-system",
            },
        });
        const objects = podSecurityPolicy({
            ...resolved,
            features: { ...resolved.features, podSecurityPolicy: true },
        }).map((e) => e.object);
        assert.deepEqual(
            objects.filter((o) => o.kind === "RoleBinding").map((b) => at(b).subjects),
            [
                [{ kind: "ServiceAccount", name: "cvm-supervisor", namespace: NS }],
                [{ kind: "ServiceAccount", name: "sysbox-label-node", namespace: "sysbox-system" }],
            ],
        );
    });

    it("RuntimeClass uses node.k8s.io/v1beta1 where the gates say so (below 1.20)", () => {
        // No installer accepts a minor below 1.26; exercise the gate on a resolved runtime config.
        const resolved = resolveConfig({
            kubernetesVersion: "1.33",
            sysboxRuntime: { enabled: true },
        });
        const objects = sysboxRuntime({
            ...resolved,
            features: { ...resolved.features, runtimeClassApiVersion: "node.k8s.io/v1beta1" },
        }).map((e) => e.object);
        const rc = objects.find((o) => o.kind === "RuntimeClass")!;
        assert.equal(rc.apiVersion, "node.k8s.io/v1beta1");
        assert.equal(at(rc).handler, "sysbox-runc");
    });

    it("Gatekeeper: declared constraints keep their exclusions and gain the CVM and installer namespaces", () => {
        const out = renderManifests({
            kubernetesVersion: "1.35",
            namespace: "cvms",
            sysboxRuntime: { enabled: true, installerNamespace: "sysbox-system" },
            policyEngines: {
                gatekeeper: {
                    constraints: [
                        {
                            kind: "K8sPSPPrivilegedContainer",
                            name: "no-privileged",
                            excludedNamespaces: ["kube-system", "gatekeeper-system"],
                        },
                    ],
                },
            },
        });
        const patch = out.objects.filter(
            (o) => o.apiVersion === "constraints.gatekeeper.sh/v1beta1",
        );
        assert.deepEqual(
            patch.map((p) => [p.kind, p.metadata.name, at(p).spec.match.excludedNamespaces]),
            [
                [
                    "K8sPSPPrivilegedContainer",
                    "no-privileged",
                    ["kube-system", "gatekeeper-system", "cvms", "sysbox-system"],
                ],
            ],
        );
    });

    it("Kyverno: v2beta1, another exception namespace and custom rules", () => {
        const out = renderManifests({
            kubernetesVersion: "1.29",
            policyEngines: {
                kyverno: {
                    apiVersion: "kyverno.io/v2beta1",
                    exceptionNamespace: "kyverno",
                    policies: [{ policyName: "psa", ruleNames: ["privileged"] }],
                },
            },
        });
        const ex = at(out.objects.find((o) => o.kind === "PolicyException"));
        assert.equal(ex.apiVersion, "kyverno.io/v2beta1");
        assert.equal(ex.metadata.namespace, "kyverno");
        assert.deepEqual(ex.spec.exceptions, [{ policyName: "psa", ruleNames: ["privileged"] }]);
        assert.deepEqual(ex.spec.match.any[0].resources.namespaces, [NS]);
        assert.equal(out.objects.filter((o) => o.kind === "PolicyException").length, 1);
    });

    it("Kyverno: only podSecurity policies render only the podSecurity exception", () => {
        const out = renderManifests({
            kubernetesVersion: "1.35",
            policyEngines: {
                kyverno: { policies: [{ policyName: "pss", ruleNames: ["*"], podSecurity: true }] },
            },
        });
        const all = out.objects.filter((o) => o.kind === "PolicyException");
        assert.deepEqual(
            all.map((o) => o.metadata.name),
            [`cvmkit-${NS}-pod-security`],
        );
        assert.deepEqual(at(all[0]).spec.exceptions, [{ policyName: "pss", ruleNames: ["*"] }]);
    });

    it("Kyverno: podSecurity must be a boolean, unknown policy keys are refused", () => {
        assert.throws(
            () =>
                resolveConfig({
                    kubernetesVersion: "1.35",
                    policyEngines: {
                        kyverno: {
                            policies: [
                                { policyName: "pss", ruleNames: ["baseline"], podSecurity: "yes" },
                            ],
                        },
                    },
                } as never),
            (e: unknown) =>
                e instanceof CvmkitConfigError &&
                /policyEngines\.kyverno\.policies\[0\]\.podSecurity/.test(e.message) &&
                /true or false/.test(e.message),
        );
        assert.throws(
            () =>
                resolveConfig({
                    kubernetesVersion: "1.35",
                    policyEngines: {
                        kyverno: { policies: [{ policyName: "p", ruleNames: ["r"], rules: [] }] },
                    },
                } as never),
            /policyEngines\.kyverno\.policies\[0\]\.rules/,
        );
    });

    it("a custom namespace flows into every namespaced object, the VAP and the templates", () => {
        const out = renderManifests({ kubernetesVersion: "1.31", namespace: "team-cvms" });
        assert.equal(out.namespace, "team-cvms");
        assert.ok(
            out.objects
                .filter((o) => o.kind !== "Namespace" && o.metadata.namespace !== undefined)
                .every((o) => o.metadata.namespace === "team-cvms"),
        );
        assert.equal(
            at(out.objects.find((o) => o.kind === "ValidatingAdmissionPolicyBinding")).spec
                .matchResources.namespaceSelector.matchLabels["kubernetes.io/metadata.name"],
            "team-cvms",
        );
        assert.ok(
            out.objects.some((o) => o.metadata.name === "cvmkit-team-cvms-privileged-allowlist"),
        );
    });

    it("the installer namespace, repository and flags are configurable", () => {
        const out = renderManifests({
            kubernetesVersion: "1.33",
            sysboxRuntime: {
                enabled: true,
                installerNamespace: "sysbox-system",
                installerRepository:
                    "123456789012.dkr.ecr.eu-west-1.amazonaws.com/sysbox-deploy-k8s",
                mgrConfig: "--disable-inner-image-preload",
                fsConfig: "--log-level debug",
                workspaceImage: "ghcr.io/example/workspace:1",
            },
        });
        assert.equal(
            out.installerImage,
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com/sysbox-deploy-k8s:v0.7.1-0",
        );
        const ds = at(out.objects.find((o) => o.metadata.name === "sysbox-deploy-k8s"));
        assert.equal(ds.metadata.namespace, "sysbox-system");
        assert.equal(ds.spec.template.spec.containers[0].image, out.installerImage);
        assert.deepEqual(at(out.objects.find((o) => o.kind === "ConfigMap")).data, {
            SYSBOX_MGR_CONFIG: "--disable-inner-image-preload",
            SYSBOX_FS_CONFIG: "--log-level debug",
        });
        assert.equal(
            out.sysboxPodTemplate!.spec!.containers[0]!.image,
            "ghcr.io/example/workspace:1",
        );
    });
});
