/**
 * The real kubectl, built by scripts/toolchain.sh (`kube-clients`) from the same Kubernetes source as
 * the apiserver: $CVMKIT_TOOLCHAIN_DIR/bin/kubectl, or CVMKIT_KUBECTL_BIN. (The `kubectl` found on a
 * developer's PATH may be a cloud SDK dispatcher; it is never used.)
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ControlPlane } from "./control-plane";

/** Path of a binary the toolchain builds, overridable by CVMKIT_<NAME>_BIN. Throws with the fix. */
export function toolchainBinary(name: string): string {
    const envName = `CVMKIT_${name.toUpperCase().replace(/-/g, "_")}_BIN`;
    const dir =
        process.env["CVMKIT_TOOLCHAIN_DIR"] ||
        path.join(os.homedir(), ".cache", "cvmkit", "toolchain");
    const p = process.env[envName] || path.join(dir, "bin", name);
    try {
        fs.accessSync(p, fs.constants.X_OK);
    } catch {
        throw new Error(
            `${name} not found at ${p}: run scripts/toolchain.sh (or set CVMKIT_TOOLCHAIN_DIR / ${envName})`,
        );
    }
    return p;
}

export interface KubectlResult {
    readonly status: number;
    readonly stdout: string;
    readonly stderr: string;
}

/** Runs kubectl against the control plane's kubeconfig. */
export function kubectl(
    cp: Pick<ControlPlane, "kubeconfigPath">,
    args: readonly string[],
    opts: { input?: string; env?: Record<string, string> } = {},
): KubectlResult {
    const r = spawnSync(
        toolchainBinary("kubectl"),
        [`--kubeconfig=${cp.kubeconfigPath}`, ...args],
        {
            input: opts.input,
            encoding: "utf8",
            env: { ...process.env, ...opts.env },
            timeout: 120_000,
            maxBuffer: 64 * 1024 * 1024,
        },
    );
    if (r.error) throw r.error;
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
