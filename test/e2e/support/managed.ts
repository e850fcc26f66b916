/**
 * The objects cvmkit manages in one CVM namespace, read back through the API as comparable JSON (server-set
 * fields and the owner annotation dropped, the namespace name written as NS): two stacks built from the same
 * settings in two namespaces, in two languages, compare equal.
 */
import * as assert from "node:assert/strict";
import { OWNER_ANNOTATION } from "../../../lib/kubernetes";
import { Kube, TypedObject } from "./kube";

const MANAGED = "app.kubernetes.io/managed-by=cvmkit";
const COLLECTIONS = [
    "/api/v1/namespaces",
    "/api/v1/serviceaccounts",
    "/api/v1/configmaps",
    "/apis/apps/v1/daemonsets",
    "/apis/rbac.authorization.k8s.io/v1/clusterroles",
    "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
    "/apis/rbac.authorization.k8s.io/v1/rolebindings",
    "/apis/node.k8s.io/v1/runtimeclasses",
    "/apis/networking.k8s.io/v1/networkpolicies",
    "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies",
    "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings",
];

/** Live objects cvmkit manages, as comparable JSON: server-set fields dropped, `ns` written as NS. */
export async function managed(kube: Kube, ns: string): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const c of COLLECTIONS) {
        const r = await kube.get<{ items: TypedObject[] }>(
            `${c}?labelSelector=${encodeURIComponent(MANAGED)}`,
        );
        assert.equal(r.status, 200, c);
        for (const item of r.body.items) {
            const text = JSON.stringify(item);
            if (!text.includes(ns)) continue;
            const { metadata, ...body } = item as TypedObject & { status?: unknown };
            delete body.status;
            const { name, namespace, labels, annotations } = metadata as Record<string, unknown>;
            const annotationsKept = Object.fromEntries(
                Object.entries((annotations ?? {}) as Record<string, string>).filter(
                    ([k]) => k !== OWNER_ANNOTATION,
                ),
            );
            const key = `${c.slice(c.lastIndexOf("/") + 1)}/${[namespace, name].filter(Boolean).join("/")}`;
            out[key.replaceAll(ns, "NS")] = JSON.parse(
                JSON.stringify({
                    name,
                    namespace,
                    labels,
                    annotations: annotationsKept,
                    ...body,
                }).replaceAll(ns, "NS"),
            );
        }
    }
    return out;
}
