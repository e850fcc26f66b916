/**
 * The kubeconfig skeleton the cloud shells share: one cluster, one context and one user that authenticates with
 * an exec credential plugin (`aws eks get-token`, `gke-gcloud-auth-plugin`), as the clouds' CLIs write it. Pure.
 */

/** What a single-cluster exec kubeconfig needs. */
export interface ExecKubeconfigInput {
    /** The name of the cluster, context and user entries. */
    readonly name: string;
    /** The API server URL. */
    readonly server: string;
    /** The cluster CA bundle, base64. */
    readonly certificateAuthorityData: string;
    /** The exec plugin settings (command, args, env, …) besides `apiVersion` and `interactiveMode`. */
    readonly exec: Readonly<Record<string, unknown>>;
}

/** A kubeconfig (JSON, which is valid YAML) whose user runs a non-interactive exec credential plugin. */
export function execKubeconfig(input: ExecKubeconfigInput): string {
    const { name } = input;
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [
            {
                name,
                cluster: {
                    server: input.server,
                    "certificate-authority-data": input.certificateAuthorityData,
                },
            },
        ],
        contexts: [{ name, context: { cluster: name, user: name } }],
        "current-context": name,
        preferences: {},
        users: [
            {
                name,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        ...input.exec,
                        interactiveMode: "Never",
                    },
                },
            },
        ],
    });
}
