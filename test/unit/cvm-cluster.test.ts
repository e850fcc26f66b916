/**
 * CvmCluster under recorded Pulumi mocks: one typed resource per rendered object, children of the
 * component, with the caller's provider, inputs equal to the rendered objects, outputs resolved.
 */
import assert from "node:assert/strict";
import { before, beforeEach, describe, it } from "node:test";
import type * as K8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { KubernetesObject, renderManifests } from "../../lib";
import { dependenciesOf } from "../../lib/manifests";
import type * as Kube from "../../lib/kubernetes";
import type * as Resources from "../../lib/kubernetes/resources";
import type * as Lifecycle from "../../lib/kubernetes/lifecycle";
import { caseConfig, describeObject, RENDERED_CASES, RICH } from "../support/cases";
import {
    installRecordingMocks,
    RecordedResource,
    Recorder,
    valueOf,
} from "../support/pulumi-mocks";

let rec: Recorder;
/** The public entry point and the renderer's internals (resourceName, createResources, …). */
let kube: typeof Kube & typeof Resources & typeof Lifecycle;
let k8s: typeof K8s;

before(async () => {
    // Mocks first, then load the code that creates resources.
    rec = await installRecordingMocks();
    kube = {
        ...(await import("../../lib/kubernetes/index.js")),
        ...(await import("../../lib/kubernetes/resources.js")),
        ...(await import("../../lib/kubernetes/lifecycle.js")),
    };
    k8s = await import("@pulumi/kubernetes");
});

beforeEach(() => rec.reset());

/** The Pulumi type token cvmkit must use for each rendered apiVersion/kind. */
const TYPE_TOKENS: Record<string, string> = {
    "v1/Namespace": "kubernetes:core/v1:Namespace",
    "v1/ServiceAccount": "kubernetes:core/v1:ServiceAccount",
    "v1/ConfigMap": "kubernetes:core/v1:ConfigMap",
    "rbac.authorization.k8s.io/v1/ClusterRole":
        "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
    "rbac.authorization.k8s.io/v1/ClusterRoleBinding":
        "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
    "rbac.authorization.k8s.io/v1/RoleBinding":
        "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
    "apps/v1/DaemonSet": "kubernetes:apps/v1:DaemonSet",
    "networking.k8s.io/v1/NetworkPolicy": "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    "node.k8s.io/v1/RuntimeClass": "kubernetes:node.k8s.io/v1:RuntimeClass",
    "policy/v1beta1/PodSecurityPolicy": "kubernetes:policy/v1beta1:PodSecurityPolicy",
    "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy":
        "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy",
    "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding":
        "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding",
    // Gatekeeper constraints are patched (CustomResourcePatch registers `<apiVersion>:<Kind>Patch`).
    "constraints.gatekeeper.sh/v1beta1/K8sPSPPrivilegedContainer":
        "kubernetes:constraints.gatekeeper.sh/v1beta1:K8sPSPPrivilegedContainerPatch",
    "constraints.gatekeeper.sh/v1beta1/K8sPSPHostFilesystem":
        "kubernetes:constraints.gatekeeper.sh/v1beta1:K8sPSPHostFilesystemPatch",
    // Kyverno's PolicyException is created as an apiextensions CustomResource.
    "kyverno.io/v2/PolicyException": "kubernetes:kyverno.io/v2:PolicyException",
};

/** Inputs as the engine sees them (undefined dropped). */
const plain = (o: unknown): unknown => JSON.parse(JSON.stringify(o));

/** The provider reference the SDK sends for a provider registered under the mocks (`urn::id`). */
function providerRef(r: RecordedResource): string {
    return `${r.urn}::${r.name}-id`;
}

describe("CvmCluster", () => {
    RENDERED_CASES.forEach((c, i) => {
        it(`${c.title}: one typed child per rendered object, with the provider`, async () => {
            const config = caseConfig(c, RICH);
            const provider = new k8s.Provider(`k8s-${i}`, { kubeconfig: "{}" });
            const name = `cvm-${i}`;
            const cvm = new kube.CvmCluster(name, config, { provider });
            const [
                urn,
                namespace,
                sa,
                runtimeClass,
                nodeSelector,
                tolerations,
                template,
                sysbox,
                minor,
            ] = await Promise.all([
                valueOf(cvm.urn),
                valueOf(cvm.namespace),
                valueOf(cvm.serviceAccountName),
                valueOf(cvm.runtimeClassName),
                valueOf(cvm.nodeSelector),
                valueOf(cvm.tolerations),
                valueOf(cvm.supervisorPodTemplate),
                valueOf(cvm.sysboxPodTemplate),
                valueOf(cvm.kubernetesVersion),
            ]);
            await rec.settle();
            const rendered = renderManifests(config);

            // The component itself, registered once, not custom.
            const component = rec.calls.filter((r) => r.type === "cvmkit:kubernetes:CvmCluster");
            assert.equal(component.length, 1);
            assert.equal(component[0]!.custom, false);
            assert.equal(component[0]!.urn, urn);

            // Exactly provider + component + one child per object: nothing else registered.
            const providerCall = rec.calls.find((r) => r.type === "pulumi:providers:kubernetes");
            assert.ok(providerCall, "provider registered");
            const children = rec.calls.filter((r) => r.parent === urn);
            assert.equal(rec.calls.length, 2 + rendered.objects.length);
            assert.equal(children.length, rendered.objects.length);

            const byName = new Map(children.map((r) => [r.name, r]));
            for (const obj of rendered.objects) {
                const label = describeObject(obj);
                const child = byName.get(kube.resourceName(name, obj));
                assert.ok(child, `${label} registered as ${kube.resourceName(name, obj)}`);
                assert.equal(child.type, TYPE_TOKENS[`${obj.apiVersion}/${obj.kind}`], label);
                assert.equal(child.custom, true, label);
                assert.equal(
                    child.provider,
                    providerRef(providerCall),
                    `${label} uses the provider`,
                );
                assert.deepEqual(
                    child.inputs,
                    plain(
                        kube.withPulumiAnnotations(
                            obj,
                            `${pulumi.getProject()}/${pulumi.getStack()}/${name}`,
                            "retain",
                        ),
                    ),
                    `${label} inputs`,
                );
                assert.equal(
                    (child.inputs as { metadata: { annotations: Record<string, string> } }).metadata
                        .annotations["pulumi.com/patchFieldManager"],
                    "cvmkit",
                );
            }

            assert.equal(namespace, "cvm-workspaces");
            assert.equal(sa, "cvm-supervisor");
            assert.equal(runtimeClass, c.sysbox ? "sysbox-runc" : undefined);
            assert.deepEqual(nodeSelector, {
                "kubernetes.io/os": "linux",
                "cvmkit.dev/cvm": "true",
            });
            assert.deepEqual(tolerations, RICH.tolerations);
            assert.deepEqual(template, rendered.supervisorPodTemplate);
            assert.deepEqual(sysbox, rendered.sysboxPodTemplate);
            assert.equal(minor, c.version);
        });
    });

    it("wires dependencies: namespace first, bindings after roles, DaemonSets after RBAC and exemptions", async () => {
        const config = caseConfig(
            RENDERED_CASES.find((c) => c.title === "1.35 + sysbox")!,
            RICH,
        );
        const cvm = new kube.CvmCluster("deps", config);
        const urn = await valueOf(cvm.urn);
        await rec.settle();
        const out = renderManifests(config);
        const rendered = out.objects;
        const urnOf = new Map<string, string>(
            rec.calls.filter((r) => r.parent === urn).map((r) => [r.name, r.urn]),
        );
        const urnFor = (o: KubernetesObject): string => urnOf.get(kube.resourceName("deps", o))!;
        for (const obj of rendered) {
            const expected = dependenciesOf(out, obj).map(urnFor).sort();
            const child = rec.calls.find((r) => r.urn === urnFor(obj))!;
            assert.deepEqual(child.dependencies, expected, describeObject(obj));
        }
        const deps = (name: string): string[] => {
            const obj = rendered.find((o) => o.metadata.name === name)!;
            return dependenciesOf(out, obj).map(describeObject);
        };
        assert.deepEqual(deps("cvm-supervisor"), ["v1 Namespace -/cvm-workspaces"]);
        assert.deepEqual(deps("cvmkit-cvm-workspaces-privileged-allowlist").length, 0);
        assert.deepEqual(deps("sysbox-label-node-rb"), [
            "rbac.authorization.k8s.io/v1 ClusterRole -/sysbox-node-labeler",
        ]);
        // Exemptions come first; the restricting ValidatingAdmissionPolicy is not waited for.
        assert.deepEqual(deps("sysbox-deploy-k8s"), [
            "constraints.gatekeeper.sh/v1beta1 K8sPSPPrivilegedContainer -/psp-privileged-container",
            "constraints.gatekeeper.sh/v1beta1 K8sPSPHostFilesystem -/psp-host-filesystem",
            "kyverno.io/v2 PolicyException cvm-workspaces/cvmkit-cvm-workspaces",
            "kyverno.io/v2 PolicyException cvm-workspaces/cvmkit-cvm-workspaces-installer",
            "kyverno.io/v2 PolicyException cvm-workspaces/cvmkit-cvm-workspaces-pod-security",
            "kyverno.io/v2 PolicyException cvm-workspaces/cvmkit-cvm-workspaces-pod-security-installer",
            "v1 ServiceAccount kube-system/sysbox-label-node",
            "rbac.authorization.k8s.io/v1 ClusterRole -/sysbox-node-labeler",
            "rbac.authorization.k8s.io/v1 ClusterRoleBinding -/sysbox-label-node-rb",
            "v1 ConfigMap kube-system/sysbox-operational-attributes",
        ]);
        assert.ok(deps("cvm-image-prepull").includes("v1 Namespace -/cvm-workspaces"));
        assert.ok(!deps("cvm-image-prepull").some((d) => d.includes("ValidatingAdmissionPolicy")));
        assert.ok(
            deps("cvm-image-prepull").includes("v1 ServiceAccount cvm-workspaces/cvm-supervisor"),
        );
    });

    it("without a provider, children get none (the engine's default provider)", async () => {
        const cvm = new kube.CvmCluster("noprov", { kubernetesVersion: "1.30" });
        const urn = await valueOf(cvm.urn);
        await rec.settle();
        const children = rec.calls.filter((r) => r.parent === urn);
        assert.equal(
            children.length,
            renderManifests({ kubernetesVersion: "1.30" }).objects.length,
        );
        for (const child of children) assert.equal(child.provider ?? "", "");
        assert.equal(rec.calls.filter((r) => r.type.startsWith("pulumi:providers:")).length, 0);
    });

    it("a provider in `providers` is used too, and timeouts leave the inputs alone", async () => {
        const provider = new k8s.Provider("k8s-map", { kubeconfig: "{}" });
        const cvm = new kube.CvmCluster(
            "provmap",
            { kubernetesVersion: "1.33", sysboxRuntime: { enabled: true } },
            { providers: [provider] },
        );
        const urn = await valueOf(cvm.urn);
        await rec.settle();
        const providerCall = rec.calls.find((r) => r.name === "k8s-map")!;
        const children = rec.calls.filter((r) => r.parent === urn);
        assert.ok(children.length > 0);
        for (const child of children) assert.equal(child.provider, providerRef(providerCall));
    });

    it("a missing version with an unreachable kubeconfig fails with an InputPropertyError on kubernetesVersion", async () => {
        const kubeconfig = JSON.stringify({
            apiVersion: "v1",
            kind: "Config",
            clusters: [{ name: "c", cluster: { server: "https://127.0.0.1:1" } }],
            users: [{ name: "u", user: { token: "t" } }],
            contexts: [{ name: "x", context: { cluster: "c", user: "u" } }],
            "current-context": "x",
        });
        // The component's derived outputs reject too; in a real program the Pulumi runtime reports them.
        // Collect them here instead of letting the test runner count them against this test.
        const saved = process.listeners("unhandledRejection");
        const unhandled: unknown[] = [];
        process.removeAllListeners("unhandledRejection");
        process.on("unhandledRejection", (reason) => unhandled.push(reason));
        let data: Promise<unknown>;
        let cvm: Kube.CvmCluster;
        try {
            // A pinned installer tag outside the newest range must not be rejected before the version is known.
            cvm = new kube.CvmCluster("undiscovered", {
                kubeconfig,
                sysboxRuntime: { enabled: true, installerTag: "v0.6.7-0" },
            });
            data = (cvm as unknown as { getData(): Promise<unknown> }).getData();
            await data.catch(() => undefined);
            await rec.settle();
        } finally {
            process.removeAllListeners("unhandledRejection");
            for (const l of saved) process.on("unhandledRejection", l);
        }
        // Reported on the component (a ResourceError naming the input), not as a bare exception of the program.
        for (const reason of unhandled) {
            assert.ok(pulumi.ResourceError.isInstance(reason), String(reason));
        }
        await assert.rejects(data, (err: unknown) => {
            assert.ok(pulumi.ResourceError.isInstance(err), String(err));
            assert.equal(err.resource, cvm);
            assert.match(
                err.message,
                /^kubernetesVersion: kubernetesVersion was not given and the cluster's \/version could not be read/,
            );
            assert.match(err.message, /Fix: pass kubernetesVersion/);
            return true;
        });
        await assert.rejects(valueOf(cvm.namespace));
        // Only the component was registered: no child without a version.
        assert.deepEqual(
            rec.calls.map((r) => r.type),
            ["cvmkit:kubernetes:CvmCluster"],
        );
    });
});

describe("createResources and resourceName", () => {
    it("names are unique per component and free of colons", () => {
        const objects = renderManifests({
            kubernetesVersion: "1.24",
            policyEngines: { gatekeeper: true, kyverno: true },
        }).objects;
        const names = objects.map((o) => kube.resourceName("c", o));
        assert.equal(new Set(names).size, names.length);
        assert.ok(
            names.every((n) => !n.includes(":")),
            names.join(" "),
        );
        assert.equal(
            kube.resourceName(
                "c",
                objects.find((o) => o.kind === "RoleBinding")!,
            ),
            "c-rolebinding-cvm-workspaces-cvmkit-psp-cvm-supervisor",
        );
    });

    it("unknown custom resources become CustomResources, patches CustomResourcePatches", async () => {
        const parent = new pulumi.ComponentResource("test:index:Parent", "p");
        const made = kube.createResources(
            "cr",
            [
                {
                    apiVersion: "example.com/v1",
                    kind: "Widget",
                    metadata: { name: "w" },
                    spec: { size: 1 },
                },
                {
                    apiVersion: "example.com/v1",
                    kind: "Gadget",
                    metadata: { name: "g", annotations: { "cvmkit.dev/apply-as": "patch" } },
                },
            ],
            parent,
            { owner: "p/s/cr" },
        );
        assert.equal(made.size, 2);
        const parentUrn = await valueOf(parent.urn);
        await rec.settle();
        assert.deepEqual(
            rec.calls
                .filter((r) => r.parent === parentUrn)
                .map((r) => [r.type, r.name])
                .sort(),
            [
                ["kubernetes:example.com/v1:GadgetPatch", "cr-gadget-g"],
                ["kubernetes:example.com/v1:Widget", "cr-widget-w"],
            ],
        );
    });
});
