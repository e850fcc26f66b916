/**
 * The admission matrix against a real kube-apiserver (server-side dry-run creates): cvmkit's objects are
 * applied with server-side apply, then pods that CVMs need are admitted and everything else privileged is
 * rejected, each with the exact outcome and message.
 */
import * as assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Pod, PodTemplateSpec } from "kubernetes-types/core/v1";
import { admissionMessages, renderManifests, resolveConfig } from "../../lib";
import { ControlPlane, startControlPlane } from "./support/control-plane";
import { Kube, TypedObject } from "./support/kube";

const NS = "cvm-workspaces";
const config = {
    kubernetesVersion: "1.35",
    sysboxRuntime: { enabled: true },
    supervisor: { allowedImages: ["mirror.example.com/coder/envbox:0.6.7"] },
};
const rendered = renderManifests(config);
const messages = admissionMessages(resolveConfig(config));

function podFrom(
    template: PodTemplateSpec,
    name: string,
    namespace: string,
    edit: (p: Pod) => void = () => {},
): TypedObject {
    const pod: Pod = JSON.parse(
        JSON.stringify({
            apiVersion: "v1",
            kind: "Pod",
            metadata: { ...template.metadata, name, namespace },
            spec: template.spec,
        }),
    );
    edit(pod);
    return pod as TypedObject;
}

const plainPod = (
    name: string,
    namespace: string,
    edit: (p: Pod) => void = () => {},
): TypedObject =>
    podFrom(
        {
            spec: {
                containers: [
                    {
                        name: "main",
                        image: "docker.io/library/busybox:1.36",
                        command: ["sleep", "3600"],
                    },
                ],
            },
        },
        name,
        namespace,
        edit,
    );

const privileged = (p: Pod) => {
    p.spec!.containers[0]!.securityContext = { privileged: true };
};

interface Case {
    readonly title: string;
    readonly pod: () => TypedObject;
    /** `admitted`, or a RegExp the rejection message must match. */
    readonly expect: "admitted" | RegExp;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const CASES: Case[] = [
    {
        title: "supervisor pod (allow-listed image, its host paths) in the CVM namespace",
        pod: () => podFrom(rendered.supervisorPodTemplate, "sup", NS),
        expect: "admitted",
    },
    {
        title: "supervisor pod with the second allow-listed image",
        pod: () =>
            podFrom(
                rendered.supervisorPodTemplate,
                "sup-mirror",
                NS,
                (p) => (p.spec!.containers[0]!.image = "mirror.example.com/coder/envbox:0.6.7"),
            ),
        expect: "admitted",
    },
    {
        title: "supervisor pod whose host path is written with a trailing slash",
        pod: () =>
            podFrom(
                rendered.supervisorPodTemplate,
                "sup-slash",
                NS,
                (p) => (p.spec!.volumes!.find((v) => v.hostPath)!.hostPath!.path = "/usr/src/"),
            ),
        expect: "admitted",
    },
    {
        title: "privileged pod with another image in the CVM namespace",
        pod: () => plainPod("priv-other", NS, privileged),
        expect: new RegExp(escape(messages.image)),
    },
    {
        title: "supervisor image with a host path outside the allow-list (/etc)",
        pod: () =>
            podFrom(rendered.supervisorPodTemplate, "sup-etc", NS, (p) => {
                p.spec!.volumes!.push({ name: "etc", hostPath: { path: "/etc" } });
                p.spec!.containers[0]!.volumeMounts!.push({ name: "etc", mountPath: "/host-etc" });
            }),
        expect: new RegExp(escape(messages.hostPath)),
    },
    {
        title: "supervisor image with /var/lib, which only the cached modes need",
        pod: () =>
            podFrom(rendered.supervisorPodTemplate, "sup-varlib", NS, (p) =>
                p.spec!.volumes!.push({ name: "vl", hostPath: { path: "/var/lib" } }),
            ),
        expect: new RegExp(escape(messages.hostPath)),
    },
    {
        title: "unprivileged pod with another image mounting an allowed host path",
        pod: () =>
            plainPod(
                "hostpath-other",
                NS,
                (p) => (p.spec!.volumes = [{ name: "mods", hostPath: { path: "/lib/modules" } }]),
            ),
        expect: new RegExp(escape(messages.image)),
    },
    {
        title: "privileged init container with another image beside the supervisor",
        pod: () =>
            podFrom(rendered.supervisorPodTemplate, "sup-init", NS, (p) => {
                p.spec!.initContainers = [
                    {
                        name: "init",
                        image: "docker.io/library/busybox:1.36",
                        securityContext: { privileged: true },
                    },
                ];
            }),
        expect: new RegExp(escape(messages.image)),
    },
    {
        title: "unprivileged pod with another image in the CVM namespace (not the policy's business)",
        pod: () => plainPod("plain", NS),
        expect: "admitted",
    },
    {
        title: "unprivileged sysbox-runc pod (Sysbox pod template) in the CVM namespace",
        pod: () => podFrom(rendered.sysboxPodTemplate!, "sysbox", NS),
        expect: "admitted",
    },
    {
        title: "unprivileged sysbox-runc pod in an ordinary namespace",
        pod: () =>
            podFrom(rendered.sysboxPodTemplate!, "sysbox-elsewhere", "team-a", (p) => {
                p.spec!.serviceAccountName = "default";
            }),
        expect: "admitted",
    },
    {
        title: "privileged supervisor pod in a namespace labelled restricted (Pod Security Admission)",
        pod: () =>
            podFrom(
                rendered.supervisorPodTemplate,
                "sup-restricted",
                "restricted-ns",
                (p) => (p.spec!.serviceAccountName = "default"),
            ),
        expect: /violates PodSecurity "restricted:latest": privileged \(container "supervisor" must not set securityContext\.privileged=true\)/,
    },
    {
        title: "hostPath pod in a namespace labelled baseline",
        pod: () =>
            plainPod(
                "hostpath-baseline",
                "baseline-ns",
                (p) => (p.spec!.volumes = [{ name: "mods", hostPath: { path: "/lib/modules" } }]),
            ),
        expect: /violates PodSecurity "baseline:latest": hostPath volumes \(volume "mods"\)/,
    },
    {
        title: "the pre-pull DaemonSet's pod passes the restricted level",
        pod: () => {
            const ds = rendered.objects.find(
                (o) => o.kind === "DaemonSet" && o.metadata.name === "cvm-image-prepull",
            ) as unknown as { spec: { template: PodTemplateSpec } };
            return podFrom(
                ds.spec.template,
                "prepull",
                "restricted-ns",
                (p) => (p.spec!.serviceAccountName = "default"),
            );
        },
        expect: "admitted",
    },
];

describe("admission matrix on a real kube-apiserver", () => {
    let cp: ControlPlane;
    let kube: Kube;

    before(async () => {
        cp = await startControlPlane();
        kube = new Kube(cp);
        for (const obj of rendered.objects) {
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
        // The policy is enforced once its type checking has run.
        await kube.waitFor("the ValidatingAdmissionPolicy to be type-checked", async () => {
            const r = await kube.get<{ status?: { observedGeneration?: number } }>(
                `/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/${rendered.objects[2]!.metadata.name}`,
            );
            return (r.body.status?.observedGeneration ?? 0) >= 1;
        });
        for (const n of ["team-a", "restricted-ns", "baseline-ns"]) {
            await kube.waitFor(
                `the default ServiceAccount in ${n}`,
                async () =>
                    (await kube.get(`/api/v1/namespaces/${n}/serviceaccounts/default`)).status ===
                    200,
            );
        }
        await kube.waitFor("the policy to reject a privileged pod", async () => {
            const r = await kube.create(plainPod("probe", NS, privileged), true);
            return r.status === 403 || r.status === 422;
        });
    });

    after(async () => {
        await cp?.stop();
    });

    it("type-checks cvmkit's policy without warnings", async () => {
        const r = await kube.get<{
            status?: { typeChecking?: { expressionWarnings?: unknown[] } };
        }>(
            `/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/${rendered.objects[2]!.metadata.name}`,
        );
        assert.equal(r.status, 200);
        assert.deepEqual(r.body.status?.typeChecking?.expressionWarnings ?? [], []);
    });

    assert.ok(CASES.length >= 12);
    for (const c of CASES) {
        it(c.title, async () => {
            const res = await kube.create(c.pod(), true);
            if (c.expect === "admitted") {
                assert.equal(
                    res.status,
                    201,
                    `expected admission, got ${res.status}: ${res.body.message}`,
                );
            } else {
                assert.ok(
                    res.status === 403 || res.status === 422,
                    `expected rejection, got ${res.status}`,
                );
                assert.match(res.body.message ?? "", c.expect);
            }
        });
    }

    it("stored nothing: dry-runs created no pod", async () => {
        const r = await kube.get<{ items: unknown[] }>("/api/v1/pods");
        assert.equal(r.body.items.length, 0);
    });
});
