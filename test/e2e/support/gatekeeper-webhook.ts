/**
 * The real Gatekeeper manager (built by scripts/toolchain.sh from github.com/open-policy-agent/gatekeeper/v3)
 * run out of cluster against the e2e control plane, as upstream's `gatekeeper-controller-manager`
 * Deployment runs it (`--operation=webhook`) plus the audit Deployment's `--operation=generate` (which
 * creates the constraint CRDs from ConstraintTemplates), with these differences, all forced by running
 * one process outside a pod:
 *
 * - Its CRDs come from the module's `config/crd/bases` (the toolchain copies them), applied with
 *   server-side apply; the `gatekeeper-system` namespace is created (POD_NAMESPACE).
 * - Cert rotation is off (`--disable-cert-rotation`, as upstream's audit pod runs): a self-signed serving
 *   certificate for 127.0.0.1 is made with openssl; its PEM is the webhook's `caBundle`.
 * - The ValidatingWebhookConfiguration points at `https://127.0.0.1:<port>/v1/admit` (`clientConfig.url`)
 *   instead of the Service, covers pods (CREATE, UPDATE, `pods/ephemeralcontainers`) instead of every
 *   resource, and fails closed (`failurePolicy: Fail`, upstream `Ignore`) so a webhook that does not answer
 *   fails a test instead of admitting silently. Its namespace selector is upstream's.
 * - The controllers record their status objects with an owner reference to their own Pod (POD_NAME) and
 *   fail without it: a Pod object `gatekeeper-e2e` (upstream's image, never scheduled) stands for it.
 * - External data is off (`--enable-external-data=false`): its Provider CRD is not in `config/crd/bases`.
 *
 * `startGatekeeper` resolves once `/readyz` answers 200 and the webhook configuration is registered;
 * `addTemplates` waits for the constraint CRDs the controller creates from the templates, and
 * `waitEnforced` for a constraint to deny through the apiserver. The process is stopped by stop(), on
 * process exit, and by a detached watchdog if the test process dies without running its handlers.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { freePort, type ControlPlane } from "./control-plane";
import { Kube } from "./kube";
import { toolchainBinary } from "./kubectl";

export const GATEKEEPER_NAMESPACE = "gatekeeper-system";
export const WEBHOOK_CONFIGURATION = "gatekeeper-validating-webhook-configuration";
const POD_NAME = "gatekeeper-e2e";
const GATEKEEPER_VERSION = process.env["CVMKIT_GATEKEEPER_VERSION"] ?? "3.23.1";

export interface GatekeeperOptions {
    /**
     * Register the ValidatingWebhookConfiguration (default true). Without it the manager still runs its
     * controllers (constraint CRDs from templates) but admits nothing through the apiserver.
     */
    webhook?: boolean;
    /** Startup timeout in ms (default 180000). */
    timeoutMs?: number;
}

export interface Gatekeeper {
    /** https://127.0.0.1:<port>/v1/admit */
    readonly url: string;
    /** Milliseconds from spawning the manager to /readyz 200 and the webhook registered. */
    readonly startupMs: number;
    /** Creates ConstraintTemplates and waits until the controller has created and established their constraint CRDs. */
    addTemplates(templates: readonly Record<string, unknown>[]): Promise<void>;
    /** Polls a server-side dry-run create of `pod` until the constraint `name` denies it. */
    waitEnforced(name: string, pod: Record<string, unknown>): Promise<void>;
    logTail(lines?: number): string;
    stop(): Promise<void>;
}

/** The cache dir of the toolchain's Gatekeeper build (bin/, crds/, psp-templates/). */
export function gatekeeperDir(): string {
    return path.join(path.dirname(fs.realpathSync(toolchainBinary("gatekeeper"))), "..");
}

/** YAML documents of a file, empty ones dropped. */
export function readDocs(file: string): Record<string, unknown>[] {
    return parseAllDocuments(fs.readFileSync(file, "utf8"))
        .map((d) => d.toJS() as Record<string, unknown> | null)
        .filter((d): d is Record<string, unknown> => d !== null);
}

/** The PSP-library ConstraintTemplates for privileged containers and host filesystem. */
export function pspTemplates(): Record<string, unknown>[] {
    return ["privileged-containers-template.yaml", "host-filesystem-template.yaml"].flatMap((f) =>
        readDocs(path.join(gatekeeperDir(), "psp-templates", f)),
    );
}

/** The CRDs of upstream's install manifest, from `config/crd/bases` (its kustomize stubs and test-only CRDs skipped). */
function gatekeeperCrds(): Record<string, unknown>[] {
    const dir = path.join(gatekeeperDir(), "crds");
    return fs
        .readdirSync(dir)
        .filter((f) => /^[a-z]+\.gatekeeper\.sh_[a-z]+\.yaml$|^constrainttemplate-/.test(f))
        .filter((f) => !/^(gvkmanifest|match)\./.test(f))
        .sort()
        .flatMap((f) => readDocs(path.join(dir, f)));
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Kills the process group `pgid` when process `parent` disappears. */
const WATCHDOG = `
const [parent, pgid] = [Number(process.argv[1]), Number(process.argv[2])];
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === "EPERM"; } };
setInterval(() => {
  if (!alive(pgid)) process.exit(0);
  if (alive(parent)) return;
  try { process.kill(-pgid, "SIGKILL"); } catch {}
  process.exit(0);
}, 1000);
`;

function selfSignedCert(dir: string): string {
    fs.mkdirSync(dir, { recursive: true });
    const r = spawnSync(
        "openssl",
        [
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=gatekeeper-webhook-service.gatekeeper-system.svc",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout",
            path.join(dir, "tls.key"),
            "-out",
            path.join(dir, "tls.crt"),
        ],
        { encoding: "utf8" },
    );
    if (r.status !== 0) throw new Error(`openssl req failed: ${r.stderr || r.error?.message}`);
    const pem = fs.readFileSync(path.join(dir, "tls.crt"), "utf8");
    // controller-runtime's webhook server also accepts ca.crt next to the pair; the apiserver gets caBundle
    fs.writeFileSync(path.join(dir, "ca.crt"), pem);
    return pem;
}

interface Status {
    status?: { conditions?: { type: string; status: string }[] };
}

async function established(kube: Kube, name: string): Promise<boolean> {
    const r = await kube.get<Status>(
        `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`,
    );
    return (
        r.status === 200 &&
        !!r.body.status?.conditions?.some((c) => c.type === "Established" && c.status === "True")
    );
}

async function mustApply(
    kube: Kube,
    collection: string,
    obj: Record<string, unknown>,
): Promise<void> {
    const name = (obj["metadata"] as { name: string }).name;
    const r = await kube.request(
        "PATCH",
        `${collection}/${name}?fieldManager=cvmkit-e2e&force=true`,
        obj,
        "application/apply-patch+yaml",
    );
    if (r.status !== 200 && r.status !== 201) {
        throw new Error(`apply ${name}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`);
    }
}

/** Starts the Gatekeeper manager against `cp` (see the file comment). */
export async function startGatekeeper(
    cp: ControlPlane,
    opts: GatekeeperOptions = {},
): Promise<Gatekeeper> {
    const timeoutMs = opts.timeoutMs ?? 180_000;
    const kube = new Kube(cp);
    const dir = path.join(cp.dir, "gatekeeper");
    const log = path.join(dir, "gatekeeper.log");
    fs.mkdirSync(dir, { recursive: true });

    await mustApply(kube, "/api/v1/namespaces", {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name: GATEKEEPER_NAMESPACE },
    });
    const crds = gatekeeperCrds();
    for (const crd of crds) {
        await mustApply(kube, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
    }
    await kube.waitFor(
        "Gatekeeper CRDs established",
        async () => {
            for (const crd of crds) {
                if (!(await established(kube, (crd["metadata"] as { name: string }).name))) {
                    return false;
                }
            }
            return true;
        },
        timeoutMs,
    );

    // the Pod the controllers name as owner of their status objects (POD_NAME); no kubelet runs it
    const self = {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: POD_NAME, namespace: GATEKEEPER_NAMESPACE },
        spec: {
            containers: [
                { name: "manager", image: `openpolicyagent/gatekeeper:v${GATEKEEPER_VERSION}` },
            ],
        },
    };
    await kube.waitFor(
        `Pod ${GATEKEEPER_NAMESPACE}/${POD_NAME}`,
        async () =>
            [200, 201].includes(
                (
                    await kube.request(
                        "PATCH",
                        `/api/v1/namespaces/${GATEKEEPER_NAMESPACE}/pods/${POD_NAME}?fieldManager=cvmkit-e2e&force=true`,
                        self,
                        "application/apply-patch+yaml",
                    )
                ).status,
            ),
        timeoutMs,
    );

    const caPem = selfSignedCert(path.join(dir, "certs"));
    const [port, health] = [await freePort(), await freePort()];
    const args = [
        `--port=${port}`,
        "--host=127.0.0.1",
        `--cert-dir=${path.join(dir, "certs")}`,
        "--disable-cert-rotation",
        // upstream splits these over two Deployments: the webhook pod (webhook) and the audit pod, whose
        // `generate` operation creates the constraint CRDs from the templates
        "--operation=webhook",
        "--operation=generate",
        `--health-addr=127.0.0.1:${health}`,
        "--metrics-addr=0",
        "--enable-external-data=false",
        `--exempt-namespace=${GATEKEEPER_NAMESPACE}`,
        "--disable-opa-builtin={http.send}",
        "--shutdown-delay=0",
        "--log-denies",
    ];
    const fd = fs.openSync(log, "a");
    const t0 = Date.now();
    let child: ChildProcess;
    try {
        child = spawn(toolchainBinary("gatekeeper"), args, {
            cwd: dir,
            detached: true,
            stdio: ["ignore", fd, fd],
            env: {
                ...process.env,
                KUBECONFIG: cp.kubeconfigPath,
                POD_NAMESPACE: GATEKEEPER_NAMESPACE,
                POD_NAME,
            },
        });
    } finally {
        fs.closeSync(fd);
    }
    child.unref();
    const exited = new Promise<void>((r) => {
        child.once("exit", () => r());
        child.once("error", () => r());
    });
    const running = () => child.exitCode === null && child.signalCode === null;
    const killGroup = () => {
        try {
            if (child.pid && running()) process.kill(-child.pid, "SIGKILL");
        } catch {
            /* gone */
        }
    };
    process.on("exit", killGroup);
    const watchdog = spawn(
        process.execPath,
        ["-e", WATCHDOG, String(process.pid), String(child.pid)],
        { detached: true, stdio: "ignore" },
    );
    watchdog.unref();

    const logTail = (lines = 40) => {
        try {
            return fs
                .readFileSync(log, "utf8")
                .split("\n")
                .slice(-lines - 1)
                .join("\n");
        } catch {
            return "(no log)";
        }
    };
    let stopped = false;
    const stop = async () => {
        if (stopped) return;
        stopped = true;
        await kube
            .request(
                "DELETE",
                `/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/${WEBHOOK_CONFIGURATION}`,
            )
            .catch(() => undefined);
        if (running()) child.kill("SIGTERM");
        const done = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
        if (!done) killGroup();
        process.removeListener("exit", killGroup);
        try {
            watchdog.kill("SIGKILL");
        } catch {
            /* gone */
        }
    };
    const fail = async (what: string, e?: unknown): Promise<never> => {
        await stop();
        throw new Error(
            `Gatekeeper: ${what}${e instanceof Error ? `: ${e.message}` : ""}; log ${log}:\n${logTail()}`,
        );
    };

    const readyDeadline = Date.now() + timeoutMs;
    for (;;) {
        if (!running()) await fail(`manager exited (code ${child.exitCode})`);
        const ok = await fetch(`http://127.0.0.1:${health}/readyz`)
            .then((r) => r.status === 200)
            .catch(() => false);
        if (ok) break;
        if (Date.now() > readyDeadline) await fail(`/readyz not 200 after ${timeoutMs} ms`);
        await sleep(250);
    }

    const url = `https://127.0.0.1:${port}/v1/admit`;
    if (opts.webhook ?? true) {
        await mustApply(
            kube,
            "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations",
            {
                apiVersion: "admissionregistration.k8s.io/v1",
                kind: "ValidatingWebhookConfiguration",
                metadata: {
                    name: WEBHOOK_CONFIGURATION,
                    labels: { "gatekeeper.sh/system": "yes" },
                },
                webhooks: [
                    {
                        name: "validation.gatekeeper.sh",
                        admissionReviewVersions: ["v1", "v1beta1"],
                        clientConfig: { url, caBundle: Buffer.from(caPem).toString("base64") },
                        failurePolicy: "Fail",
                        matchPolicy: "Exact",
                        namespaceSelector: {
                            matchExpressions: [
                                { key: "admission.gatekeeper.sh/ignore", operator: "DoesNotExist" },
                                {
                                    key: "kubernetes.io/metadata.name",
                                    operator: "NotIn",
                                    values: [GATEKEEPER_NAMESPACE],
                                },
                            ],
                        },
                        rules: [
                            {
                                apiGroups: [""],
                                apiVersions: ["v1"],
                                operations: ["CREATE", "UPDATE"],
                                resources: ["pods", "pods/ephemeralcontainers"],
                            },
                        ],
                        sideEffects: "None",
                        timeoutSeconds: 10,
                    },
                ],
            },
        ).catch((e) => fail("registering the webhook", e));
    }
    const startupMs = Date.now() - t0;

    return {
        url,
        startupMs,
        logTail,
        stop,
        async addTemplates(templates) {
            for (const t of templates) {
                // the templates in Gatekeeper's own test data nest `validation` under `crd.spec.names`,
                // a field the real CRD does not declare: created with unknown fields dropped
                const r = await kube.request(
                    "POST",
                    `/apis/templates.gatekeeper.sh/v1beta1/constrainttemplates?fieldValidation=Ignore`,
                    t,
                );
                if (r.status !== 201 && r.status !== 409) {
                    await fail(
                        `creating a ConstraintTemplate: HTTP ${r.status} ${JSON.stringify(r.body)}`,
                    );
                }
            }
            for (const t of templates) {
                const name = (t["metadata"] as { name: string }).name;
                const crd = `${name}.constraints.gatekeeper.sh`;
                await kube
                    .waitFor(
                        `constraint CRD ${crd}`,
                        async () =>
                            running() &&
                            (await established(kube, crd)) &&
                            (await kube.get(`/apis/constraints.gatekeeper.sh/v1beta1/${name}`))
                                .status === 200,
                        timeoutMs,
                    )
                    .catch((e) => fail(`waiting for ${crd}`, e));
            }
        },
        async waitEnforced(name, pod) {
            const meta = pod["metadata"] as { namespace: string };
            await kube
                .waitFor(
                    `constraint ${name} enforced`,
                    async () => {
                        const r = await kube.request<{ message?: string }>(
                            "POST",
                            `/api/v1/namespaces/${meta.namespace}/pods?dryRun=All`,
                            pod,
                        );
                        return r.status === 403 && (r.body.message ?? "").includes(`[${name}]`);
                    },
                    timeoutMs,
                )
                .catch((e) => fail(`waiting for ${name} to deny`, e));
        },
    };
}
