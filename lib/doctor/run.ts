/**
 * `runDoctor`: runs every check group against a live cluster, in order, and turns a group that throws
 * into a warning so the others still run.
 */
import { DEFAULTS, resolveConfig } from "../manifests";
import { createClient, KubeClient } from "../client/client";
import {
    checkAdmission,
    checkNodes,
    checkRuntimeClass,
    checkServer,
    checkStorage,
} from "./cluster-checks";
import { checkEngines } from "./engine-checks";
import { checkRollout } from "./rollout";
import { checkBaseline, checkNetworkPolicies } from "./security-checks";
import { checkNetworkEnforcement } from "./network-enforcement";
import { CvmkitConfigError, newestMinor } from "../compat";
import type { DoctorCheckId } from "./check-ids";
import { countByStatus, DoctorFinding, exitCodeOf } from "./findings";
import type { DoctorMode } from "./node-checks";

/** Options of {@link runDoctor}. */
export interface DoctorOptions {
    /** Kubeconfig file. @default `$KUBECONFIG` or `~/.kube/config` */
    readonly kubeconfig?: string;
    /** Kubeconfig context. @default the current context */
    readonly context?: string;
    /** The CVM namespace. @default "cvm-workspaces" */
    readonly namespace?: string;
    /** `sysbox` also checks the Sysbox runtime on nodes and the RuntimeClass. @default "supervisor" */
    readonly mode?: DoctorMode;
    /** Only check nodes with these labels. @default all nodes */
    readonly nodeSelector?: Readonly<Record<string, string>>;
    /** The supervisor image the admission dry-run uses. @default cvmkit's default supervisor image */
    readonly supervisorImage?: string;
    /**
     * Also count, per CVM node pool, the CVM pods a roll of its nodes would evict (`nodes.rollout`).
     * @default false
     */
    readonly rollout?: boolean;
    /** Called when a group of checks starts, for progress output. @default none */
    readonly onProgress?: (step: string, index: number, total: number) => void;
    /** A client to use instead of one built from the kubeconfig. @default built from kubeconfig/context */
    readonly client?: KubeClient;
}

/** The doctor's answer. */
export interface DoctorReport {
    readonly server: string;
    readonly namespace: string;
    readonly mode: DoctorMode;
    readonly findings: readonly DoctorFinding[];
    readonly counts: Readonly<Record<"ok" | "warn" | "fail", number>>;
    /** 0 when nothing fails, 1 otherwise. */
    readonly exitCode: number;
}

/**
 * Checks a live cluster against every CVM requirement: server version and gates, nodes, the admission
 * chain (by server-side dry-run, including Pod Security baseline escape pods), the namespace's NetworkPolicies
 * and metadata egress, whether a NetworkPolicy implementation enforces them, policy engines, Istio, storage and — in sysbox mode — the runtime.
 * Read-only: the only writes are dry-run creates, which store nothing.
 */
export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorReport> {
    const namespace = options.namespace ?? DEFAULTS.namespace;
    const mode = options.mode ?? "supervisor";
    if (mode !== "supervisor" && mode !== "sysbox") {
        throw new CvmkitConfigError("mode", mode, "unknown mode", 'use "supervisor" or "sysbox"');
    }
    if (options.supervisorImage !== undefined) {
        // the same image rules as the manifests; throws CvmkitConfigError before any request
        resolveConfig({
            kubernetesVersion: newestMinor(),
            supervisor: { image: options.supervisorImage },
        });
    }
    const client =
        options.client ??
        (await createClient({ kubeconfig: options.kubeconfig, context: options.context }));
    const steps = [
        "server version",
        "nodes",
        "admission",
        "policy engines and Istio",
        "storage",
        ...(mode === "sysbox" ? ["runtime class"] : []),
    ];
    const progress = (i: number) => options.onProgress?.(steps[i]!, i, steps.length);
    const findings: DoctorFinding[] = [];

    progress(0);
    // a connection failure here throws: the cluster cannot be reached at all
    const server = await checkServer(client, mode);
    findings.push(...server.findings);
    const version = server.version;
    const later: [DoctorCheckId, () => Promise<DoctorFinding[]>][] = [
        [
            "nodes",
            async () => [
                ...(await checkNodes(client, mode, options.nodeSelector ?? {})),
                ...(options.rollout
                    ? await checkRollout(client, namespace, options.nodeSelector ?? {})
                    : []),
            ],
        ],
        [
            "admission",
            async () => {
                const admission = await checkAdmission(
                    client,
                    version,
                    namespace,
                    options.supervisorImage,
                    mode,
                );
                // cluster-wide: runs without the namespace too, and its failure hides nothing else
                const enforcement = () =>
                    checkNetworkEnforcement(client).catch((err: Error): DoctorFinding[] => [
                        {
                            check: "network.policies",
                            status: "warn",
                            message: `the NetworkPolicy enforcement check could not run: ${err.message}`,
                            remedy: "check the API server's health and the network, then run the doctor again",
                        },
                    ]);
                // a missing namespace is reported once, by admission.namespace
                if (admission.some((f) => /does not exist$/.test(f.message))) {
                    return [...admission, ...(await enforcement())];
                }
                return [
                    ...admission,
                    ...(await checkBaseline(client, version, namespace, options.supervisorImage)),
                    ...(await checkNetworkPolicies(client, namespace)),
                    ...(await enforcement()),
                ];
            },
        ],
        ["engines", () => checkEngines(client, namespace, version, options.supervisorImage)],
        ["storage", () => checkStorage(client)],
    ];
    if (mode === "sysbox") later.push(["runtimeclass", () => checkRuntimeClass(client, version)]);
    for (const [i, [check, run]] of later.entries()) {
        progress(i + 1);
        try {
            findings.push(...(await run()));
        } catch (err) {
            // one failing group of checks (timeout, dropped connection) does not hide the others
            findings.push({
                check,
                status: "warn",
                message: `this check could not run: ${(err as Error).message}`,
                remedy: "check the API server's health and the network, then run the doctor again",
            });
        }
    }
    return {
        server: client.server,
        namespace,
        mode,
        findings,
        counts: countByStatus(findings),
        exitCode: exitCodeOf(findings),
    };
}
