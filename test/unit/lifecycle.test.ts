/**
 * The lifecycle rules of the Pulumi renderer without a cluster: settings, owners, annotations, and the live
 * checks of `inspectCluster` against a recorded read-only client.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CvmkitConfigError, renderManifests } from "../../lib";
import type { ApiResponse, KubeClient } from "../../lib/client/client";
import { inspectCluster, objectPath } from "../../lib/kubernetes/cluster-state";
import {
    acceptedOwners,
    OWNER_ANNOTATION,
    resolveLifecycle,
    withPulumiAnnotations,
} from "../../lib/kubernetes/lifecycle";

function client(objects: Record<string, unknown>): KubeClient & { paths: string[] } {
    const paths: string[] = [];
    return {
        server: "https://fake",
        paths,
        get<T>(path: string): Promise<ApiResponse<T>> {
            paths.push(path);
            const body = objects[path];
            return Promise.resolve(
                body === undefined
                    ? { status: 404, body: {} as T }
                    : { status: 200, body: body as T },
            );
        },
        dryRunCreate<T>(): Promise<ApiResponse<T>> {
            throw new Error("read-only");
        },
    };
}

const defaults = resolveLifecycle({});
const rendered = renderManifests({ kubernetesVersion: "1.35", sysboxRuntime: { enabled: true } });
const cvmkitLabels = { "app.kubernetes.io/managed-by": "cvmkit" };

describe("lifecycle settings", () => {
    it("default to retain, no force, no keeping", () => {
        assert.deepEqual(defaults, {
            namespaceDeletionPolicy: "retain",
            forceNamespaceDeletion: false,
            keepPreviousNamespace: false,
        });
    });

    it("reject bad values naming the field", () => {
        assert.throws(
            () => resolveLifecycle({ namespaceDeletionPolicy: "purge" as "delete" }),
            (e: unknown) =>
                e instanceof CvmkitConfigError &&
                e.field === "namespaceDeletionPolicy" &&
                e.message.includes('"purge"'),
        );
        assert.throws(
            () => resolveLifecycle({ forceNamespaceDeletion: "yes" as unknown as boolean }),
            (e: unknown) => e instanceof CvmkitConfigError && e.field === "forceNamespaceDeletion",
        );
    });

    it("owners include the names of the component's aliases", () => {
        const owners = acceptedOwners("new", [
            { name: "old" },
            "urn:pulumi:s::p::cvmkit:kubernetes:CvmCluster::older",
        ]);
        assert.deepEqual(
            owners.map((o) => o.split("/").pop()),
            ["new", "old", "older"],
        );
    });

    it("annotations: field manager everywhere, force and owner on owned objects, policy on the namespace", () => {
        const ns = withPulumiAnnotations(rendered.objects[0]!, "p/s/c", "retain");
        assert.deepEqual(ns.metadata.annotations, {
            "pulumi.com/patchFieldManager": "cvmkit",
            "pulumi.com/patchForce": "true",
            [OWNER_ANNOTATION]: "p/s/c",
            "cvmkit.dev/deletion-policy": "retain",
        });
        const patch = withPulumiAnnotations(
            {
                apiVersion: "constraints.gatekeeper.sh/v1beta1",
                kind: "K8sPSPHostFilesystem",
                metadata: { name: "x", annotations: { "cvmkit.dev/apply-as": "patch" } },
            },
            "p/s/c",
            "retain",
        );
        assert.deepEqual(patch.metadata.annotations, {
            "cvmkit.dev/apply-as": "patch",
            "pulumi.com/patchFieldManager": "cvmkit",
        });
    });

    it("REST paths of every rendered kind", () => {
        assert.deepEqual(rendered.objects.map(objectPath), [
            "/api/v1/namespaces/cvm-workspaces",
            "/api/v1/namespaces/cvm-workspaces/serviceaccounts/cvm-supervisor",
            "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/cvmkit-cvm-workspaces-privileged-allowlist",
            "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings/cvmkit-cvm-workspaces-privileged-allowlist",
            "/apis/networking.k8s.io/v1/namespaces/cvm-workspaces/networkpolicies/cvmkit-ingress",
            "/apis/networking.k8s.io/v1/namespaces/cvm-workspaces/networkpolicies/cvmkit-egress",
            "/api/v1/namespaces/kube-system/serviceaccounts/sysbox-label-node",
            "/apis/rbac.authorization.k8s.io/v1/clusterroles/sysbox-node-labeler",
            "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/sysbox-label-node-rb",
            "/api/v1/namespaces/kube-system/configmaps/sysbox-operational-attributes",
            "/apis/apps/v1/namespaces/kube-system/daemonsets/sysbox-deploy-k8s",
            "/apis/node.k8s.io/v1/runtimeclasses/sysbox-runc",
            "/apis/apps/v1/namespaces/cvm-workspaces/daemonsets/cvm-image-prepull",
        ]);
    });
});

describe("inspectCluster", () => {
    const me = ["p/s/me"];

    it("an empty cluster: no problem", async () => {
        const state = await inspectCluster(
            client({}),
            rendered.objects,
            "cvm-workspaces",
            me,
            defaults,
        );
        assert.deepEqual(state.problems, []);
    });

    it("objects of another owner, or not cvmkit's, are collisions on the field that renders them", async () => {
        const c = client({
            "/apis/node.k8s.io/v1/runtimeclasses/sysbox-runc": {
                metadata: {
                    name: "sysbox-runc",
                    labels: cvmkitLabels,
                    annotations: { [OWNER_ANNOTATION]: "p/other/x" },
                },
            },
            "/apis/rbac.authorization.k8s.io/v1/clusterroles/sysbox-node-labeler": {
                metadata: { name: "sysbox-node-labeler" },
            },
            // a namespace that exists without an owner is adopted
            "/api/v1/namespaces/cvm-workspaces": { metadata: { name: "cvm-workspaces" } },
        });
        const state = await inspectCluster(c, rendered.objects, "cvm-workspaces", me, defaults);
        assert.deepEqual(
            state.problems.map((p) => p.field),
            ["sysboxRuntime.enabled", "sysboxRuntime.enabled"],
        );
        assert.match(
            state.problems[1]!.message,
            /RuntimeClass sysbox-runc is owned by p\/other\/x/,
        );
        assert.match(
            state.problems[0]!.message,
            /ClusterRole sysbox-node-labeler already exists and was not created by cvmkit/,
        );
        assert.deepEqual(state.notes, ["adopting the existing namespace cvm-workspaces"]);
    });

    it("a rename is refused unless the old namespace is kept (and was retained)", async () => {
        const list = {
            "/api/v1/namespaces?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dcvmkit": {
                items: [
                    {
                        metadata: {
                            name: "old-ns",
                            labels: cvmkitLabels,
                            annotations: {
                                [OWNER_ANNOTATION]: "p/s/me",
                                "cvmkit.dev/deletion-policy": "retain",
                            },
                        },
                    },
                ],
            },
        };
        const refused = await inspectCluster(
            client(list),
            rendered.objects,
            "cvm-workspaces",
            me,
            defaults,
        );
        assert.equal(refused.problems.length, 1);
        assert.equal(refused.problems[0]!.field, "namespace");
        assert.match(refused.problems[0]!.message, /would change from old-ns to cvm-workspaces/);
        const kept = await inspectCluster(client(list), rendered.objects, "cvm-workspaces", me, {
            ...defaults,
            keepPreviousNamespace: true,
        });
        assert.deepEqual(kept.problems, []);
    });

    it('policy "delete" lists the pods and PVCs cvmkit did not create; force lets it through', async () => {
        const c = {
            "/api/v1/namespaces/cvm-workspaces/pods": {
                items: [
                    { metadata: { name: "ws-alice" } },
                    { metadata: { name: "cvm-image-prepull-x", labels: cvmkitLabels } },
                ],
            },
            "/api/v1/namespaces/cvm-workspaces/persistentvolumeclaims": {
                items: [{ metadata: { name: "home-alice" } }],
            },
        };
        const del = { ...defaults, namespaceDeletionPolicy: "delete" as const };
        const refused = await inspectCluster(
            client(c),
            rendered.objects,
            "cvm-workspaces",
            me,
            del,
        );
        assert.equal(refused.problems.length, 1);
        assert.equal(refused.problems[0]!.field, "namespaceDeletionPolicy");
        assert.match(
            refused.problems[0]!.message,
            /holds 2 object\(s\) cvmkit did not create: pod\/ws-alice, pvc\/home-alice/,
        );
        const forced = await inspectCluster(client(c), rendered.objects, "cvm-workspaces", me, {
            ...del,
            forceNamespaceDeletion: true,
        });
        assert.deepEqual(forced.problems, []);
    });
});
