/**
 * A tiny Kubernetes REST client for the e2e tests (Node built-ins only): GET, server-side apply,
 * create (optionally dry-run) and delete, against the local control plane's CA and token.
 */
import * as https from "node:https";
import type { ControlPlane } from "./control-plane";

export interface KubeResponse<T = Record<string, unknown>> {
    readonly status: number;
    readonly body: T;
}

export interface TypedObject {
    readonly apiVersion: string;
    readonly kind: string;
    readonly metadata: {
        readonly name: string;
        readonly namespace?: string;
        readonly [k: string]: unknown;
    };
    readonly [k: string]: unknown;
}

/** Kinds the tests touch, with their plural resource names. */
const PLURALS: Record<string, string> = {
    Namespace: "namespaces",
    Node: "nodes",
    ServiceAccount: "serviceaccounts",
    ConfigMap: "configmaps",
    Pod: "pods",
    PersistentVolumeClaim: "persistentvolumeclaims",
    DaemonSet: "daemonsets",
    ClusterRole: "clusterroles",
    ClusterRoleBinding: "clusterrolebindings",
    RoleBinding: "rolebindings",
    RuntimeClass: "runtimeclasses",
    ValidatingAdmissionPolicy: "validatingadmissionpolicies",
    ValidatingAdmissionPolicyBinding: "validatingadmissionpolicybindings",
    CustomResourceDefinition: "customresourcedefinitions",
    NetworkPolicy: "networkpolicies",
};

/** The REST path of an object (or, without a name, of its collection). */
export function pathOf(
    apiVersion: string,
    kind: string,
    namespace?: string,
    name?: string,
): string {
    const plural = PLURALS[kind];
    if (!plural) throw new Error(`no plural known for ${kind}`);
    const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const ns = namespace ? `/namespaces/${namespace}` : "";
    return `${base}${ns}/${plural}${name ? `/${name}` : ""}`;
}

export class Kube {
    constructor(private readonly cp: Pick<ControlPlane, "server" | "token" | "caPem">) {}

    request<T = Record<string, unknown>>(
        method: string,
        path: string,
        body?: unknown,
        contentType = "application/json",
    ): Promise<KubeResponse<T>> {
        const url = new URL(this.cp.server + path);
        const payload =
            body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
        return new Promise((resolve, reject) => {
            const req = https.request(
                {
                    method,
                    hostname: url.hostname,
                    port: url.port,
                    path: url.pathname + url.search,
                    ca: this.cp.caPem,
                    headers: {
                        Authorization: `Bearer ${this.cp.token}`,
                        Accept: "application/json",
                        ...(payload ? { "Content-Type": contentType } : {}),
                    },
                    timeout: 30_000,
                },
                (res) => {
                    const chunks: Buffer[] = [];
                    res.on("data", (c: Buffer) => chunks.push(c));
                    res.on("end", () => {
                        const text = Buffer.concat(chunks).toString("utf8");
                        let parsed: unknown = text;
                        try {
                            parsed = text ? JSON.parse(text) : {};
                        } catch {
                            // keep text
                        }
                        resolve({ status: res.statusCode ?? 0, body: parsed as T });
                    });
                },
            );
            req.on("timeout", () => req.destroy(new Error(`timeout ${method} ${path}`)));
            req.on("error", reject);
            if (payload) req.write(payload);
            req.end();
        });
    }

    get<T = Record<string, unknown>>(path: string): Promise<KubeResponse<T>> {
        return this.request<T>("GET", path);
    }

    /** Server-side apply (strict field validation) of one object; returns the response. */
    apply(obj: TypedObject, fieldManager = "cvmkit-e2e", dryRun = false): Promise<KubeResponse> {
        const path = pathOf(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.metadata.name);
        const query = `?fieldManager=${fieldManager}&force=true&fieldValidation=Strict${dryRun ? "&dryRun=All" : ""}`;
        return this.request("PATCH", path + query, obj, "application/apply-patch+yaml");
    }

    /** Create (POST) an object, optionally as a server-side dry-run. */
    create(
        obj: TypedObject,
        dryRun = false,
    ): Promise<KubeResponse<{ message?: string; metadata?: { uid?: string } }>> {
        const path = pathOf(obj.apiVersion, obj.kind, obj.metadata.namespace);
        return this.request(
            "POST",
            `${path}?fieldValidation=Strict${dryRun ? "&dryRun=All" : ""}`,
            obj,
        );
    }

    delete(
        apiVersion: string,
        kind: string,
        namespace: string | undefined,
        name: string,
    ): Promise<KubeResponse> {
        return this.request("DELETE", pathOf(apiVersion, kind, namespace, name));
    }

    /** Polls `check` every `intervalMs` until it returns true or `timeoutMs` passes. */
    async waitFor(
        what: string,
        check: () => Promise<boolean>,
        timeoutMs = 60_000,
        intervalMs = 250,
    ): Promise<void> {
        const end = Date.now() + timeoutMs;
        while (Date.now() < end) {
            if (await check()) return;
            await new Promise((r) => setTimeout(r, intervalMs));
        }
        throw new Error(`timed out waiting for ${what}`);
    }
}
