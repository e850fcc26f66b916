import type { Deployment } from "kubernetes-types/apps/v1";
import type { KubeClient, List } from "../client/client";
import { DoctorFinding, readApi } from "./findings";

/**
 * Does the cluster's Kyverno honour cvmkit's PolicyExceptions? Kyverno ignores every PolicyException unless
 * its admission controller runs with `--enablePolicyException` (default `false`) and `--exceptionNamespace`
 * naming the exceptions' namespace or `*` (empty, the default, also disables them: Kyverno 1.19
 * `cmd/internal/engine.go`). Read-only: the admission controller Deployment's container args.
 */

/** The Helm chart's admission controller: its component label and container name (charts/kyverno). */
const SELECTOR = "app.kubernetes.io/component=admission-controller";
const CONTAINER = "kyverno";

/** What the controller's flags say about exceptions. */
export interface KyvernoExceptionFlags {
    readonly enabled: boolean;
    readonly namespace: string;
}

/**
 * The values of `--enablePolicyException` and `--exceptionNamespace` as Go's flag package reads `args`
 * (`-x` or `--x`, `=value` or, for the string flag, the next argument; the last one wins).
 */
export function kyvernoExceptionFlags(args: readonly string[]): KyvernoExceptionFlags {
    let enabled = false;
    let namespace = "";
    for (let i = 0; i < args.length; i++) {
        const m = /^--?([A-Za-z]+)(?:=(.*))?$/.exec(args[i]!);
        if (!m) continue;
        if (m[1] === "enablePolicyException") {
            enabled = m[2] === undefined || /^(1|t|true)$/i.test(m[2]);
        } else if (m[1] === "exceptionNamespace") {
            namespace = m[2] ?? args[++i] ?? "";
        }
    }
    return { enabled, namespace };
}

/** The Helm values that make Kyverno honour exceptions in `namespace`. */
function helmFix(namespace: string): string {
    return `install or upgrade Kyverno with --set features.policyExceptions.enabled=true --set features.policyExceptions.namespace=${namespace} (Helm chart values; flags --enablePolicyException=true --exceptionNamespace=${namespace}), or "*" for every namespace`;
}

/**
 * One finding per Kyverno admission controller Deployment: does it honour PolicyExceptions in every one of
 * `exceptionNamespaces` (where cvmkit's exceptions are)?
 */
export async function checkKyvernoExceptionFlags(
    client: KubeClient,
    exceptionNamespaces: readonly string[],
): Promise<DoctorFinding[]> {
    const res = await readApi<List<Deployment>>(
        client,
        `/apis/apps/v1/deployments?labelSelector=${encodeURIComponent(SELECTOR)}`,
        "kyverno.exceptions",
        { resource: "deployments.apps", what: "list deployments" },
    );
    if (res.failure) return [res.failure];
    const wanted = [...new Set(exceptionNamespaces)].sort();
    const controllers = (res.body.items ?? []).flatMap((d) => {
        const c = d.spec?.template?.spec?.containers?.find((x) => x.name === CONTAINER);
        return c ? [{ d, args: [...(c.command?.slice(1) ?? []), ...(c.args ?? [])] }] : [];
    });
    if (controllers.length === 0) {
        return [
            {
                check: "kyverno.exceptions",
                status: "warn",
                message: `no Kyverno admission controller Deployment found (label ${SELECTOR}, container ${CONTAINER}); cannot tell whether Kyverno honours PolicyExceptions, which it ignores by default`,
                remedy: helmFix(wanted.join(",")),
            },
        ];
    }
    return controllers.map(({ d, args }) => {
        const subject = `deployment/${d.metadata?.namespace}/${d.metadata?.name}`;
        const flags = kyvernoExceptionFlags(args);
        const missing = flags.enabled
            ? wanted.filter((ns) => flags.namespace !== "*" && flags.namespace !== ns)
            : wanted;
        if (missing.length === 0) {
            return {
                check: "kyverno.exceptions",
                status: "ok",
                subject,
                message: `Kyverno honours PolicyExceptions in ${flags.namespace === "*" ? "every namespace" : flags.namespace}`,
            };
        }
        const why = !flags.enabled
            ? "--enablePolicyException is not set (Kyverno's default: false)"
            : flags.namespace === ""
              ? "--exceptionNamespace is empty, which disables exceptions"
              : `--exceptionNamespace=${flags.namespace} accepts exceptions from that namespace only`;
        return {
            check: "kyverno.exceptions",
            status: "warn",
            subject,
            message: `Kyverno ignores cvmkit's PolicyExceptions in ${missing.join(", ")}: ${why}; CVM pods stay denied by its policies`,
            remedy: helmFix(wanted.length === 1 ? wanted[0]! : "*"),
        };
    });
}
