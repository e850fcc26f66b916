/**
 * The real Kyverno admission controller (built by scripts/toolchain.sh from github.com/kyverno/kyverno
 * v1.19.1) as an admission webhook of the local control plane, out of cluster:
 *
 * - its CRDs from the module's `config/crds` (the toolchain copies them next to the binaries);
 * - the namespace `kyverno` with the ConfigMaps `INIT_CONFIG` / `METRICS_CONFIG` name (empty: Kyverno's
 *   defaults) and the env the Helm chart sets (KYVERNO_NAMESPACE, KYVERNO_SERVICEACCOUNT_NAME,
 *   KYVERNO_DEPLOYMENT, KYVERNO_POD_NAME, KYVERNO_SVC);
 * - `--kubeconfig` and `--serverIP=127.0.0.1:<port>`: Kyverno then registers its webhooks with
 *   `clientConfig.url: https://127.0.0.1:<port>/…` instead of a Service, and puts the IP into the serving
 *   certificate's SANs; its own cert manager creates the CA and TLS Secrets (`--caSecretName`,
 *   `--tlsSecretName`) and the webhooks' caBundle; leader election uses Leases in `kyverno`;
 * - metrics servers off (`--disableMetrics`, `--controllerRuntimeMetricsAddress=0`) so parallel test files
 *   do not fight over ports 8000/8080.
 *
 * Everything else is Kyverno's default, in particular `--enablePolicyException` (false) and
 * `--exceptionNamespace` (empty) unless `args` sets them. A Deployment object carrying the same args is
 * created (0 replicas: the controller runs here, out of cluster), so `cvmkit doctor` can read the flags
 * as it does on a real cluster.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import type { ControlPlane } from "./control-plane";
import { Kube } from "./kube";
import { toolchainBinary } from "./kubectl";

export const KYVERNO_NAMESPACE = "kyverno";
/** The Helm chart's names (release `kyverno`). */
const DEPLOYMENT = "kyverno-admission-controller";
const SERVICE = "kyverno-svc";
const CA_SECRET = `${SERVICE}.${KYVERNO_NAMESPACE}.svc.kyverno-tls-ca`;
const TLS_SECRET = `${SERVICE}.${KYVERNO_NAMESPACE}.svc.kyverno-tls-pair`;

export interface KyvernoWebhook {
    /** The admission controller's flags beyond the out-of-cluster ones (as in the Deployment). */
    readonly args: readonly string[];
    /** Milliseconds from spawn until the webhooks were registered and serving. */
    readonly startupMs: number;
    /** Last lines of the controller's log. */
    logTail(lines?: number): string;
    /** Stops the controller and removes its webhook configurations, Leases and Deployment. */
    stop(): Promise<void>;
}

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const s = net.createServer();
        s.once("error", reject);
        s.listen(0, "127.0.0.1", () => {
            const port = (s.address() as net.AddressInfo).port;
            s.close(() => resolve(port));
        });
    });
}

/** The toolchain's copy of the module's CRDs. */
function crdFiles(): string[] {
    const root = path.join(path.dirname(fs.realpathSync(toolchainBinary("kyverno"))), "..", "crds");
    return fs
        .readdirSync(root, { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".yaml"))
        .sort()
        .map((f) => path.join(root, f));
}

async function ok(what: string, res: Promise<{ status: number; body: unknown }>): Promise<void> {
    const r = await res;
    if (r.status < 200 || r.status > 299) {
        throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 600)}`);
    }
}

/** Server-side apply through a raw collection path (custom resources, CRDs). */
export function applyAt(kube: Kube, collection: string, obj: object): Promise<void> {
    const name = (obj as { metadata: { name: string } }).metadata.name;
    return ok(
        `apply ${collection}/${name}`,
        kube.request(
            "PATCH",
            `${collection}/${name}?fieldManager=cvmkit-e2e&force=true&fieldValidation=Strict`,
            obj,
            "application/apply-patch+yaml",
        ),
    );
}

/** Installs all of Kyverno's CRDs and waits until they are established. */
export async function installKyvernoCrds(kube: Kube): Promise<void> {
    const names: string[] = [];
    for (const file of crdFiles()) {
        for (const doc of parseAllDocuments(fs.readFileSync(file, "utf8"))) {
            const crd = doc.toJS() as { metadata?: { name: string } } | null;
            if (!crd?.metadata) continue;
            await applyAt(kube, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
            names.push(crd.metadata.name);
        }
    }
    for (const name of names) {
        await kube.waitFor(`CRD ${name} established`, async () => {
            const r = await kube.get<{
                status?: { conditions?: { type: string; status: string }[] };
            }>(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
            return !!r.body.status?.conditions?.some(
                (c) => c.type === "Established" && c.status === "True",
            );
        });
    }
}

/** A watchdog that SIGKILLs the controller's process group when this process dies without cleanup. */
function watchdog(pid: number): ChildProcess {
    const code = `
const [parent, child] = [Number(process.argv[1]), Number(process.argv[2])];
const alive = (p) => { try { process.kill(p, 0); return true; } catch (e) { return e.code === "EPERM"; } };
setInterval(() => {
  if (!alive(child)) process.exit(0);
  if (alive(parent)) return;
  try { process.kill(-child, "SIGKILL"); } catch {}
  process.exit(0);
}, 1000);`;
    const w = spawn(process.execPath, ["-e", code, String(process.pid), String(pid)], {
        detached: true,
        stdio: "ignore",
    });
    w.unref();
    return w;
}

/**
 * Starts the admission controller against `cp` with `args` (e.g. `--enablePolicyException=true`) and waits
 * until it is leader, has registered its webhooks and serves them (a ClusterPolicy dry-run goes through
 * its policy validation webhook). Install the CRDs first ({@link installKyvernoCrds}).
 */
export async function startKyvernoWebhook(
    cp: ControlPlane,
    args: readonly string[] = [],
    timeoutMs = 120_000,
): Promise<KyvernoWebhook> {
    const kube = new Kube(cp);
    await ok(
        "namespace kyverno",
        kube.apply({
            apiVersion: "v1",
            kind: "Namespace",
            metadata: { name: KYVERNO_NAMESPACE },
        }),
    );
    for (const name of ["kyverno", "kyverno-metrics"]) {
        await ok(
            `configmap ${name}`,
            kube.apply({
                apiVersion: "v1",
                kind: "ConfigMap",
                metadata: { name, namespace: KYVERNO_NAMESPACE },
            }),
        );
    }
    const deployment = {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: {
            name: DEPLOYMENT,
            namespace: KYVERNO_NAMESPACE,
            labels: {
                "app.kubernetes.io/component": "admission-controller",
                "app.kubernetes.io/instance": "kyverno",
                "app.kubernetes.io/part-of": "kyverno",
                "app.kubernetes.io/name": DEPLOYMENT,
            },
        },
        spec: {
            replicas: 0,
            selector: { matchLabels: { "app.kubernetes.io/component": "admission-controller" } },
            template: {
                metadata: { labels: { "app.kubernetes.io/component": "admission-controller" } },
                spec: {
                    containers: [
                        {
                            name: "kyverno",
                            image: "reg.kyverno.io/kyverno/kyverno:v1.19.1",
                            args: [
                                `--caSecretName=${CA_SECRET}`,
                                `--tlsSecretName=${TLS_SECRET}`,
                                ...args,
                            ],
                        },
                    ],
                },
            },
        },
    };
    await applyAt(kube, `/apis/apps/v1/namespaces/${KYVERNO_NAMESPACE}/deployments`, deployment);

    const port = await freePort();
    const log = path.join(cp.dir, "logs", "kyverno.log");
    fs.mkdirSync(path.dirname(log), { recursive: true });
    const fd = fs.openSync(log, "a");
    const flags = [
        `--kubeconfig=${cp.kubeconfigPath}`,
        `--serverIP=127.0.0.1:${port}`,
        "--webhookServerHost=127.0.0.1",
        `--webhookServerPort=${port}`,
        `--caSecretName=${CA_SECRET}`,
        `--tlsSecretName=${TLS_SECRET}`,
        "--disableMetrics=true",
        "--controllerRuntimeMetricsAddress=0",
        "--loggingFormat=json",
        ...args,
    ];
    fs.writeSync(fd, `\n==== ${new Date().toISOString()} kyverno ${flags.join(" ")}\n`);
    const started = Date.now();
    const child = spawn(toolchainBinary("kyverno"), flags, {
        cwd: cp.dir,
        detached: true,
        stdio: ["ignore", fd, fd],
        env: {
            ...process.env,
            KYVERNO_NAMESPACE,
            KYVERNO_SERVICEACCOUNT_NAME: DEPLOYMENT,
            KYVERNO_DEPLOYMENT: DEPLOYMENT,
            KYVERNO_POD_NAME: `${DEPLOYMENT}-local-${port}`,
            KYVERNO_SVC: SERVICE,
            INIT_CONFIG: "kyverno",
            METRICS_CONFIG: "kyverno-metrics",
        },
    });
    fs.closeSync(fd);
    child.unref();
    const guard = watchdog(child.pid!);
    const exited = new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.once("error", () => resolve());
    });
    let dead = false;
    void exited.then(() => (dead = true));
    const logTail = (lines = 40) =>
        fs.readFileSync(log, "utf8").split("\n").slice(-lines).join("\n");

    // serving: a dry-run ClusterPolicy create passes Kyverno's own policy validation webhook, which
    // Kyverno registers (with our URL and its CA) only once it leads and its certificates exist
    const probe = {
        apiVersion: "kyverno.io/v1",
        kind: "ClusterPolicy",
        metadata: { name: "cvmkit-e2e-probe" },
        spec: {
            rules: [
                {
                    name: "probe",
                    match: { any: [{ resources: { kinds: ["ConfigMap"] } }] },
                    validate: { message: "probe", pattern: { metadata: { name: "?*" } } },
                },
            ],
        },
    };
    try {
        await kube.waitFor(
            "Kyverno webhooks registered and serving",
            async () => {
                if (dead) throw new Error(`kyverno exited:\n${logTail()}`);
                const hooks = await kube.get<{
                    webhooks?: { clientConfig?: { url?: string } }[];
                }>(
                    "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/kyverno-policy-validating-webhook-cfg",
                );
                if (
                    hooks.status !== 200 ||
                    !hooks.body.webhooks?.some((w) =>
                        w.clientConfig?.url?.startsWith(`https://127.0.0.1:${port}/`),
                    )
                ) {
                    return false;
                }
                const r = await kube.request(
                    "POST",
                    "/apis/kyverno.io/v1/clusterpolicies?dryRun=All",
                    probe,
                );
                return r.status === 201;
            },
            timeoutMs,
            250,
        );
    } catch (e) {
        process.kill(-child.pid!, "SIGKILL");
        throw e;
    }
    const startupMs = Date.now() - started;

    let stopped = false;
    return {
        args,
        startupMs,
        logTail,
        async stop() {
            if (stopped) return;
            stopped = true;
            try {
                process.kill(-child.pid!, "SIGTERM");
            } catch {
                /* gone */
            }
            const timer = setTimeout(() => {
                try {
                    process.kill(-child.pid!, "SIGKILL");
                } catch {
                    /* gone */
                }
            }, 10_000);
            await exited;
            clearTimeout(timer);
            guard.kill();
            // the webhooks point at a port nobody serves now; Leases would make the next controller
            // wait for the old holder's lease to expire
            const selector = encodeURIComponent("webhook.kyverno.io/managed-by=kyverno");
            for (const kind of [
                "validatingwebhookconfigurations",
                "mutatingwebhookconfigurations",
            ]) {
                await kube.request(
                    "DELETE",
                    `/apis/admissionregistration.k8s.io/v1/${kind}?labelSelector=${selector}`,
                );
            }
            await kube.request(
                "DELETE",
                `/apis/coordination.k8s.io/v1/namespaces/${KYVERNO_NAMESPACE}/leases`,
            );
            await kube.request(
                "DELETE",
                `/apis/apps/v1/namespaces/${KYVERNO_NAMESPACE}/deployments/${DEPLOYMENT}`,
            );
        },
    };
}
