import { request as httpsRequest, RequestOptions } from "node:https";
import { request as httpRequest } from "node:http";

/** A response of the Kubernetes API: the status code and the parsed JSON body (if any). */
export interface ApiResponse<T = unknown> {
    readonly status: number;
    readonly body: T;
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

/**
 * A client authenticated the way the kubeconfig says (tokens, client certificates, exec plugins such as
 * `aws eks get-token` or `gke-gcloud-auth-plugin`), built on `@kubernetes/client-node`'s KubeConfig.
 */
export async function createClient(options: ClientOptions = {}): Promise<KubeClient> {
    const { KubeConfig } = await import("@kubernetes/client-node");
    const kc = new KubeConfig();
    if (options.kubeconfigData) {
        kc.loadFromString(options.kubeconfigData);
    } else if (options.kubeconfig) {
        kc.loadFromFile(options.kubeconfig);
    } else {
        kc.loadFromDefault();
    }
    if (options.context) {
        kc.setCurrentContext(options.context);
    }
    const cluster = kc.getCurrentCluster();
    if (!cluster) {
        throw new Error(
            `no cluster in the kubeconfig${options.context ? ` for context ${options.context}` : ""}`,
        );
    }
    const server = cluster.server.replace(/\/+$/, "");

    const send = async <T>(
        method: string,
        path: string,
        body?: unknown,
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
                ...(body ? { "Content-Type": "application/json" } : {}),
            },
            timeout: 15_000,
        };
        await kc.applyToHTTPSOptions(opts);
        const request = url.protocol === "http:" ? httpRequest : httpsRequest;
        return new Promise((resolve, reject) => {
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
            req.on("timeout", () => req.destroy(new Error(`timed out: ${method} ${path}`)));
            req.on("error", reject);
            if (body) req.write(JSON.stringify(body));
            req.end();
        });
    };

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
