import type { Finding, FindingStatus } from "../compat";
import type { DoctorCheckId } from "./check-ids";
import type { ApiResponse, KubeClient } from "../client/client";

/**
 * Doctor findings: the finding type, the findings for reads the doctor may not or cannot make, and the
 * exit code and counts of a report.
 */

/** One doctor finding: a compat {@link Finding} with a registered check id and the object it is about. */
export interface DoctorFinding extends Finding<DoctorCheckId> {
    /** What the finding is about, e.g. `node/ip-10-0-1-5`; empty for cluster-wide findings. */
    readonly subject?: string;
}

/** A finding for a read the doctor was not allowed to make: a warning naming the permission. */
export function forbidden(
    check: DoctorCheckId,
    verb: string,
    resource: string,
    subject?: string,
    body?: unknown,
): DoctorFinding {
    const user = /User "([^"]*)"/.exec(
        (body as { message?: string } | undefined)?.message ?? "",
    )?.[1];
    return {
        check,
        status: "warn",
        ...(subject ? { subject } : {}),
        message: `${user ? `user ${user} is not` : "not"} allowed to ${verb} ${resource}; this check was skipped`,
        remedy: `grant the doctor's identity "${verb.replace(/ \(dry-run\)$/, "")}" on ${resource} (e.g. a ClusterRole bound to it), or run it as a cluster admin`,
    };
}

/** True when a 403 comes from authorization (RBAC), not from an admission plugin or webhook. */
export function isAuthorizationDenial(status: number, body: unknown): boolean {
    const message = (body as { message?: string } | undefined)?.message ?? "";
    return status === 403 && /\bcannot [a-z]+ resource\b/.test(message);
}

/** A finding for an API error the doctor cannot interpret. */
export function apiError(
    check: DoctorCheckId,
    what: string,
    status: number,
    body: unknown,
): DoctorFinding {
    const message = (body as { message?: string } | undefined)?.message ?? String(body ?? "");
    return {
        check,
        status: "warn",
        message: `${what} failed with HTTP ${status}: ${message}`.trim(),
        remedy: "check the API server's health and the kubeconfig",
    };
}

/** What a read of the API was, for the finding when it fails. */
export interface ApiRead {
    /** The RBAC verb. @default "list" */
    readonly verb?: string;
    /** The RBAC resource, e.g. `storageclasses.storage.k8s.io`. */
    readonly resource: string;
    /** What the request did, for other errors, e.g. `list storageclasses`. */
    readonly what: string;
    /** The object the permission finding is about, e.g. `namespace/cvm-workspaces`. */
    readonly subject?: string;
}

/**
 * The finding for a read that did not succeed: a 403 is {@link forbidden} (a permission the doctor's
 * identity lacks), any other status but 200 an {@link apiError}; `undefined` for a 200.
 */
export function readFailure(
    check: DoctorCheckId,
    res: { readonly status: number; readonly body: unknown },
    read: ApiRead,
): DoctorFinding | undefined {
    if (res.status === 403) {
        return forbidden(check, read.verb ?? "list", read.resource, read.subject, res.body);
    }
    if (res.status !== 200) return apiError(check, read.what, res.status, res.body);
    return undefined;
}

/**
 * GETs `path` for `check`: the response, with the {@link readFailure} finding attached when it is not a
 * 200. Callers that treat a status specially (a 404 that means "missing") look at it before `failure`.
 */
export async function readApi<T>(
    client: KubeClient,
    path: string,
    check: DoctorCheckId,
    read: ApiRead,
): Promise<ApiResponse<T> & { readonly failure?: DoctorFinding }> {
    const res = await client.get<T>(path);
    const failure = readFailure(check, res, read);
    return failure ? { ...res, failure } : res;
}

/** Exit code of a report: 0 when nothing fails. */
export function exitCodeOf(findings: readonly DoctorFinding[]): number {
    return findings.some((f) => f.status === "fail") ? 1 : 0;
}

/** Counts findings by status. */
export function countByStatus(findings: readonly DoctorFinding[]): Record<FindingStatus, number> {
    const counts: Record<FindingStatus, number> = { ok: 0, warn: 0, fail: 0 };
    for (const f of findings) counts[f.status]++;
    return counts;
}
