/**
 * The Kubernetes client of the doctor and of `CvmCluster`'s cluster checks (read-only: GET and dry-run POST)
 * and of `cvmkit sysbox-cleanup` (the one command that writes: server-side apply and delete), over plain
 * HTTP(S), authenticated the way the kubeconfig says.
 */
import { request as httpsRequest, RequestOptions } from "node:https";
import { request as httpRequest } from "node:http";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { assertSupportedNode } from "../compat";

/**
 * The doctor cannot talk to the cluster at all: no kubeconfig, an unreadable one, a refused connection,
 * a TLS failure, or credentials the API server rejects. `server` is empty when no server was found.
 */
export class ClusterConnectionError extends Error {
    /** The API server URL, when the kubeconfig names one. */
    public readonly server: string;
    /** A short machine-readable cause: `no-kubeconfig`, `ECONNREFUSED`, `TLS`, `401`, `403`, … */
    public readonly code: string;
    constructor(server: string, code: string, message: string) {
        super(message);
        this.name = "ClusterConnectionError";
        this.server = server;
        this.code = code;
    }
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|^EPROTO$/;

/** Names the server and the cause of a failed request, with what to check. */
export function describeConnectionError(server: string, err: unknown): ClusterConnectionError {
    const code = (err as { code?: string }).code ?? "";
    // OpenSSL messages span lines and end in a source location; keep the first line
    const message = ((err as Error).message ?? String(err))
        .split("\n")[0]!
        .replace(/:[^:]*\.c:\d+:?$/, "")
        .trim();
    if (code === "ECONNREFUSED") {
        return new ClusterConnectionError(
            server,
            code,
            `cannot connect to ${server}: connection refused (ECONNREFUSED). Fix: check that the API server runs and that the kubeconfig's server address and port are right`,
        );
    }
    if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
        return new ClusterConnectionError(
            server,
            code,
            `cannot connect to ${server}: the host name does not resolve (${code}). Fix: check the kubeconfig's server address and your DNS/VPN`,
        );
    }
    if (TLS_CODES.test(code)) {
        return new ClusterConnectionError(
            server,
            "TLS",
            `cannot connect to ${server}: TLS failed (${code}: ${message}). Fix: check certificate-authority-data in the kubeconfig (or the server name the certificate was issued for)`,
        );
    }
    return new ClusterConnectionError(
        server,
        code || "network",
        `cannot connect to ${server}: ${code ? `${code}: ` : ""}${message}. Fix: check the network path to the API server`,
    );
}

/** The kubeconfig files `loadFromDefault` would read, or a reason why there is none. */
function defaultKubeconfigExists(): boolean {
    const env = process.env["KUBECONFIG"];
    if (env) return env.split(delimiter).some((f) => f && existsSync(f));
    if (existsSync(join(homedir(), ".kube", "config"))) return true;
    // in a pod: the ServiceAccount token and the service environment
    return (
        Boolean(process.env["KUBERNETES_SERVICE_HOST"]) &&
        existsSync("/var/run/secrets/kubernetes.io/serviceaccount/token")
    );
}

/** A response of the Kubernetes API: the status code and the parsed JSON body (if any). */
export interface ApiResponse<T = unknown> {
    readonly status: number;
    readonly body: T;
}

/** The body of a Kubernetes list response. */
export interface List<T> {
    readonly items?: T[];
}

/** The few calls the doctor makes; read-only except server-side dry-run creates. */
export interface KubeClient {
    /** The API server URL. */
    readonly server: string;
    get<T = unknown>(path: string): Promise<ApiResponse<T>>;
    /** POST with `?dryRun=All`: admission runs, nothing is stored. */
    dryRunCreate<T = unknown>(path: string, body: unknown): Promise<ApiResponse<T>>;
}

/** Where to find the cluster. */
export interface ClientOptions {
    /** Path of a kubeconfig file. @default `$KUBECONFIG` or `~/.kube/config` */
    readonly kubeconfig?: string;
    /** Kubeconfig contents (YAML or JSON), instead of a file. @default none */
    readonly kubeconfigData?: string;
    /** Context name. @default the current context */
    readonly context?: string;
}

/** A client that also writes: server-side apply and delete (used by `cvmkit sysbox-cleanup` only). */
export interface KubeWriteClient extends KubeClient {
    /** Server-side apply of one object at its path, under `fieldManager`, with conflicts forced. */
    apply<T = unknown>(path: string, body: unknown, fieldManager: string): Promise<ApiResponse<T>>;
    /** DELETE, with `propagationPolicy` Background. */
    delete<T = unknown>(path: string): Promise<ApiResponse<T>>;
    /** JSON patch (RFC 6902; a `test` operation makes it conditional). */
    jsonPatch<T = unknown>(path: string, operations: readonly unknown[]): Promise<ApiResponse<T>>;
}

type Send = <T>(
    method: string,
    path: string,
    body?: unknown,
    contentType?: string,
) => Promise<ApiResponse<T>>;

/**
 * A client authenticated the way the kubeconfig says (tokens, client certificates, exec plugins such as
 * `aws eks get-token` or `gke-gcloud-auth-plugin`), built on `@kubernetes/client-node`'s KubeConfig.
 */
export async function createClient(options: ClientOptions = {}): Promise<KubeClient> {
    const { server, send } = await connect(options);
    return createClientFrom(server, send);
}

/** {@link createClient} plus server-side apply and delete. */
export async function createWriteClient(options: ClientOptions = {}): Promise<KubeWriteClient> {
    const { server, send } = await connect(options);
    const read = createClientFrom(server, send);
    return {
        ...read,
        apply: (path, body, fieldManager) =>
            send(
                "PATCH",
                `${path}?fieldManager=${encodeURIComponent(fieldManager)}&force=true&fieldValidation=Strict`,
                body,
                "application/apply-patch+yaml",
            ),
        delete: (path) =>
            send("DELETE", path, {
                kind: "DeleteOptions",
                apiVersion: "v1",
                propagationPolicy: "Background",
            }),
        jsonPatch: (path, operations) =>
            send("PATCH", path, operations, "application/json-patch+json"),
    };
}

function createClientFrom(server: string, send: Send): KubeClient {
    return {
        server,
        get: (path) => send("GET", path),
        dryRunCreate: (path, body) =>
            send(
                "POST",
                `${path}${path.includes("?") ? "&" : "?"}dryRun=All&fieldValidation=Strict`,
                body,
            ),
    };
}

async function connect(options: ClientOptions): Promise<{ server: string; send: Send }> {
    assertSupportedNode();
    const { KubeConfig } = await import("@kubernetes/client-node");
    const kc = new KubeConfig();
    if (options.kubeconfigData) {
        kc.loadFromString(options.kubeconfigData);
    } else if (options.kubeconfig) {
        try {
            kc.loadFromFile(options.kubeconfig);
        } catch (err) {
            throw new ClusterConnectionError(
                "",
                "kubeconfig",
                `cannot read the kubeconfig ${options.kubeconfig}: ${(err as Error).message}. Fix: pass the path of a readable kubeconfig with --kubeconfig`,
            );
        }
    } else {
        if (!defaultKubeconfigExists()) {
            throw new ClusterConnectionError(
                "",
                "no-kubeconfig",
                `no kubeconfig found: ${process.env["KUBECONFIG"] ? `none of the files in KUBECONFIG=${process.env["KUBECONFIG"]} exists` : `KUBECONFIG is not set and ${join(homedir(), ".kube", "config")} does not exist`}. Fix: pass --kubeconfig FILE, set KUBECONFIG, or write ~/.kube/config (e.g. \`aws eks update-kubeconfig\`, \`gcloud container clusters get-credentials\`, \`az aks get-credentials\`)`,
            );
        }
        try {
            kc.loadFromDefault();
        } catch (err) {
            throw new ClusterConnectionError(
                "",
                "kubeconfig",
                `cannot read the kubeconfig: ${(err as Error).message}. Fix: check KUBECONFIG / ~/.kube/config, or pass --kubeconfig FILE`,
            );
        }
    }
    if (options.context) {
        if (!kc.getContexts().some((c) => c.name === options.context)) {
            throw new ClusterConnectionError(
                "",
                "context",
                `no context "${options.context}" in the kubeconfig (it has ${
                    kc
                        .getContexts()
                        .map((c) => c.name)
                        .join(", ") || "none"
                }). Fix: pass one of them with --context`,
            );
        }
        kc.setCurrentContext(options.context);
    }
    const cluster = kc.getCurrentCluster();
    if (!cluster) {
        throw new ClusterConnectionError(
            "",
            "context",
            `no cluster in the kubeconfig${options.context ? ` for context ${options.context}` : " for its current context"}. Fix: set current-context, or pass --context NAME`,
        );
    }
    const server = cluster.server.replace(/\/+$/, "");

    const send: Send = async <T>(
        method: string,
        path: string,
        body?: unknown,
        contentType = "application/json",
    ): Promise<ApiResponse<T>> => {
        const url = new URL(server + path);
        const opts: RequestOptions = {
            method,
            protocol: url.protocol,
            hostname: url.hostname,
            port: url.port,
            path: url.pathname + url.search,
            headers: {
                Accept: "application/json",
                ...(body ? { "Content-Type": contentType } : {}),
            },
            timeout: 15_000,
        };
        try {
            await kc.applyToHTTPSOptions(opts);
        } catch (err) {
            // e.g. an exec credential plugin that is missing or fails
            throw new ClusterConnectionError(
                server,
                "credentials",
                `cannot get credentials for ${server}: ${(err as Error).message}. Fix: check the kubeconfig user (exec plugins such as aws, gke-gcloud-auth-plugin, kubelogin must be on PATH)`,
            );
        }
        const request = url.protocol === "http:" ? httpRequest : httpsRequest;
        const response = await new Promise<ApiResponse<T>>((resolve, reject) => {
            const req = request(opts, (res) => {
                const chunks: Buffer[] = [];
                res.on("data", (c: Buffer) => chunks.push(c));
                res.on("end", () => {
                    const text = Buffer.concat(chunks).toString("utf8");
                    let parsed: unknown = text;
                    try {
                        parsed = text ? JSON.parse(text) : undefined;
                    } catch {
                        // keep the text
                    }
                    resolve({ status: res.statusCode ?? 0, body: parsed as T });
                });
            });
            req.on("timeout", () =>
                req.destroy(
                    Object.assign(new Error(`timed out: ${method} ${path}`), { code: "ETIMEDOUT" }),
                ),
            );
            req.on("error", (err) => reject(describeConnectionError(server, err)));
            if (body) req.write(JSON.stringify(body));
            req.end();
        });
        if (response.status === 401) {
            throw new ClusterConnectionError(
                server,
                "401",
                `${server} rejected the kubeconfig's credentials (HTTP 401 Unauthorized). Fix: refresh them (an expired token or certificate; re-run your cloud's get-credentials command)`,
            );
        }
        if (response.status === 403 && path === "/version") {
            throw new ClusterConnectionError(
                server,
                "403",
                `${server} does not let this identity read /version (HTTP 403 Forbidden): ${(response.body as { message?: string } | undefined)?.message ?? ""}. Fix: use credentials with at least the system:discovery role`,
            );
        }
        return response;
    };

    return { server, send };
}
