import { parse, stringify } from "yaml";
import { CvmkitConfigError } from "../compat";

/**
 * Kubeconfigs of AKS clusters with Microsoft Entra ID (AAD) integration: their users run `kubelogin get-token`,
 * whose default `--login devicecode` waits for a person to open a browser — the Pulumi Kubernetes provider (and
 * CI) would hang on it. cvmkit rewrites the login mode the way `kubelogin convert-kubeconfig -l <mode>` does.
 * Pure (text in, text out).
 *
 * @see https://azure.github.io/kubelogin/concepts/login-modes.html
 */

/** `kubelogin` login modes that need no person at the keyboard, plus `devicecode` (interactive). */
export const KUBELOGIN_MODES = [
    "azurecli",
    "spn",
    "msi",
    "workloadidentity",
    "devicecode",
] as const;

/**
 * The `kubelogin get-token --login` mode of an Entra ID kubeconfig (one of {@link KUBELOGIN_MODES}).
 *
 * - `azurecli`: The identity of `az login` (also a service principal after `az login --service-principal`).
 * - `spn`: A service principal from AAD_SERVICE_PRINCIPAL_CLIENT_ID / _SECRET.
 * - `msi`: The managed identity of the machine.
 * - `workloadidentity`: Workload identity federation.
 * - `devicecode`: Interactive: waits for a person to open a browser.
 */
export type KubeloginMode = (typeof KUBELOGIN_MODES)[number];

interface ExecUser {
    exec?: { command?: string; args?: string[]; [k: string]: unknown };
    "auth-provider"?: { name?: string; config?: Record<string, string> };
    [k: string]: unknown;
}

function flag(args: readonly string[], name: string): string | undefined {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
}

/** The `kubelogin get-token` arguments of a login mode (what `convert-kubeconfig` writes). */
export function kubeloginArgs(
    mode: KubeloginMode,
    ids: { serverId: string; clientId?: string; tenantId?: string; environment?: string },
): string[] {
    const env = ids.environment ?? "AzurePublicCloud";
    const args = ["get-token", "--login", mode, "--server-id", ids.serverId];
    if (mode === "devicecode") {
        args.push("--environment", env);
        if (ids.clientId) args.push("--client-id", ids.clientId);
        if (ids.tenantId) args.push("--tenant-id", ids.tenantId);
    } else if (mode === "spn") {
        // The client id and secret come from AAD_SERVICE_PRINCIPAL_CLIENT_ID / _SECRET (or AZURE_CLIENT_*).
        args.push("--environment", env);
        if (ids.tenantId) args.push("--tenant-id", ids.tenantId);
    }
    return args;
}

/** True when the kubeconfig authenticates through Entra ID (`kubelogin` exec or the legacy `azure` provider). */
export function usesEntraId(kubeconfig: string): boolean {
    const doc = parse(kubeconfig) as { users?: { user?: ExecUser }[] } | null;
    return (doc?.users ?? []).some(
        (u) => u.user?.exec?.command === "kubelogin" || u.user?.["auth-provider"]?.name === "azure",
    );
}

/**
 * Rewrites every Entra ID user of a kubeconfig to `kubelogin get-token --login <mode>`; other users and
 * non-AAD kubeconfigs are returned unchanged.
 */
export function convertKubeconfig(kubeconfig: string, mode: KubeloginMode): string {
    if (!(KUBELOGIN_MODES as readonly string[]).includes(mode)) {
        throw new CvmkitConfigError(
            "kubeloginMode",
            mode,
            `not a kubelogin login mode (${KUBELOGIN_MODES.join(", ")})`,
            'use "azurecli" (az login), "spn", "msi" or "workloadidentity"',
        );
    }
    if (!usesEntraId(kubeconfig)) return kubeconfig;
    const doc = parse(kubeconfig) as { users?: { name?: string; user?: ExecUser }[] };
    for (const entry of doc.users ?? []) {
        const user = entry.user;
        if (!user) continue;
        let ids: Parameters<typeof kubeloginArgs>[1] | undefined;
        if (user.exec?.command === "kubelogin") {
            const args = user.exec.args ?? [];
            const serverId = flag(args, "--server-id");
            if (serverId) {
                ids = {
                    serverId,
                    ...(flag(args, "--client-id") ? { clientId: flag(args, "--client-id")! } : {}),
                    ...(flag(args, "--tenant-id") ? { tenantId: flag(args, "--tenant-id")! } : {}),
                    ...(flag(args, "--environment")
                        ? { environment: flag(args, "--environment")! }
                        : {}),
                };
            }
        } else if (user["auth-provider"]?.name === "azure") {
            const config = user["auth-provider"].config ?? {};
            if (config["apiserver-id"]) {
                ids = {
                    serverId: config["apiserver-id"],
                    ...(config["client-id"] ? { clientId: config["client-id"] } : {}),
                    ...(config["tenant-id"] ? { tenantId: config["tenant-id"] } : {}),
                    ...(config["environment"] ? { environment: config["environment"] } : {}),
                };
            }
        }
        if (!ids) continue;
        const exec = user.exec ?? {};
        delete user["auth-provider"];
        user.exec = {
            ...exec,
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "kubelogin",
            args: kubeloginArgs(mode, ids),
        };
    }
    return stringify(doc);
}
