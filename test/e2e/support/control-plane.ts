/**
 * A real, local Kubernetes control plane for end-to-end tests: etcd + kube-apiserver
 * (+ kube-controller-manager, + kube-scheduler on request), built by scripts/toolchain.sh.
 *
 * - Binaries: $CVMKIT_TOOLCHAIN_DIR/bin/{etcd,kube-apiserver,kube-controller-manager,kube-scheduler}
 *   (default dir ~/.cache/cvmkit/toolchain), each overridable by CVMKIT_ETCD_BIN,
 *   CVMKIT_KUBE_APISERVER_BIN, CVMKIT_KUBE_CONTROLLER_MANAGER_BIN, CVMKIT_KUBE_SCHEDULER_BIN.
 * - Everything listens on free 127.0.0.1 ports; all state lives in one temp dir.
 * - Authentication: a random static bearer token in group system:masters.
 * - TLS: the apiserver's self-signed serving certificate (--cert-dir); its CA goes into the
 *   kubeconfig, so clients verify TLS.
 * - Children are always stopped and the temp dir removed: by stop(), on startup failure, on
 *   process exit / SIGINT / SIGTERM / SIGHUP, and by a detached watchdog if this process
 *   dies without running handlers (e.g. SIGKILL).
 *
 * Uses Node built-ins only.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { startNodes, type NodeCluster, type NodeSpec } from "./node";

export interface ControlPlaneOptions {
    /** Parent directory for the temp dir (default: os.tmpdir()). */
    dir?: string;
    /** Start kube-controller-manager (default true). */
    controllerManager?: boolean;
    /**
     * Start kube-scheduler (default false: it costs a process and a second of startup, and only the
     * scheduling tests need it). No kubelet runs, so bound pods stay Pending with `spec.nodeName` set.
     */
    scheduler?: boolean;
    /** Keep the temp dir (logs, etcd data) after stop() for debugging (default: env CVMKIT_KEEP_CONTROL_PLANE=1). */
    keepDir?: boolean;
    /** Startup timeout per component in ms (default 120000). */
    timeoutMs?: number;
    /** Extra kube-apiserver flags (e.g. ["--feature-gates=X=true"]). */
    apiserverArgs?: string[];
    /**
     * Extra static bearer tokens besides the admin's (default none), e.g. a low-privilege user whose
     * RBAC the test grants. Each becomes a line of the apiserver's --token-auth-file.
     */
    extraTokens?: { token: string; user: string; groups?: string[] }[];
    /**
     * Real worker nodes (kubelet + containerd + runc + CNI bridge, see ./node.ts) to attach (default none).
     * Starts kube-scheduler too, and kube-apiserver reaches the kubelets by InternalIP only.
     */
    nodes?: readonly NodeSpec[];
}

export interface ControlPlane {
    /** https://127.0.0.1:<port> */
    server: string;
    /** Bearer token of user "admin" in group system:masters. */
    token: string;
    /** Path of a kubeconfig (JSON) with server, CA data and token; context "cvmkit-e2e". */
    kubeconfigPath: string;
    /** Kubeconfig content (JSON text) — e.g. for pulumi-kubernetes' Provider `kubeconfig`. */
    kubeconfig: string;
    /** Base64 of the CA PEM, as in a kubeconfig's certificate-authority-data. */
    caData: string;
    /** CA certificate PEM. */
    caPem: string;
    /** gitVersion reported by GET /version, e.g. "v1.35.4". */
    version: string;
    /** The temp dir holding certs, etcd data and logs/<component>.log. */
    dir: string;
    /** Stops all children (SIGTERM, then SIGKILL after 10 s) and removes the temp dir. Idempotent. */
    stop(): Promise<void>;
    /** kill -9 the kube-apiserver and wait until it has exited. */
    killApiserver(): Promise<void>;
    /** (Re)starts kube-apiserver on the same port with the same etcd, certs and token; waits for /readyz. */
    startApiserver(): Promise<void>;
    /** Last lines of a component's log. */
    logTail(component: Component, lines?: number): string;
    /** The real nodes, when `nodes` was given. */
    nodeCluster?: NodeCluster;
    /** ms from startControlPlane() to the apiserver's /readyz, and to every node Ready (when nodes). */
    timings: { apiserverReadyMs: number; nodesReadyMs?: number };
}

/** Controllers that make sense without nodes, kubelets or a cloud provider. */
export const CONTROLLERS = [
    "serviceaccount-controller", // default ServiceAccount in every namespace
    "serviceaccount-token-controller", // token secrets for kubernetes.io/service-account-token Secrets
    "root-ca-certificate-publisher-controller", // kube-root-ca.crt ConfigMap in every namespace
    "namespace-controller", // namespace deletion finishes
    "garbage-collector-controller", // ownerReference cascading deletion
    "clusterrole-aggregation-controller", // aggregated ClusterRoles (admin/edit/view + aggregationRule)
    "deployment-controller",
    "replicaset-controller",
    "statefulset-controller",
    "daemonset-controller", // status.observedGeneration etc. (0 desired pods without nodes)
    "job-controller",
    "cronjob-controller",
    "ttl-after-finished-controller",
    "disruption-controller", // PodDisruptionBudget status
    "endpointslice-controller",
    "endpointslice-mirroring-controller",
    "resourcequota-controller",
    "persistentvolumeclaim-protection-controller",
    "persistentvolume-protection-controller",
    "legacy-serviceaccount-token-cleaner-controller",
    "validatingadmissionpolicy-status-controller",
];

export type Component = "etcd" | "kube-apiserver" | "kube-controller-manager" | "kube-scheduler";

const DEFAULT_TOOLCHAIN_DIR = path.join(os.homedir(), ".cache", "cvmkit", "toolchain");

function toolchainDir(): string {
    return process.env["CVMKIT_TOOLCHAIN_DIR"] || DEFAULT_TOOLCHAIN_DIR;
}

function binary(name: Component): string {
    const envName = `CVMKIT_${name.toUpperCase().replace(/-/g, "_")}_BIN`;
    const p = process.env[envName] || path.join(toolchainDir(), "bin", name);
    try {
        fs.accessSync(p, fs.constants.X_OK);
    } catch {
        throw new Error(
            `${name} not found at ${p}: run scripts/toolchain.sh (or set CVMKIT_TOOLCHAIN_DIR / ${envName})`,
        );
    }
    return p;
}

/** Ports this process has handed out: the kernel may offer a just-closed port again, so none is given twice. */
const handedOut = new Set<number>();

export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.unref();
        srv.on("error", reject);
        srv.listen(0, "127.0.0.1", () => {
            const addr = srv.address();
            const port = typeof addr === "object" && addr !== null ? addr.port : 0;
            srv.close(() => {
                if (!port) reject(new Error("no free port"));
                else if (handedOut.has(port)) freePort().then(resolve, reject);
                else {
                    handedOut.add(port);
                    resolve(port);
                }
            });
        });
    });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function tail(file: string, lines = 40): string {
    try {
        const text = fs.readFileSync(file, "utf8");
        return text
            .split("\n")
            .slice(-lines - 1)
            .join("\n");
    } catch {
        return "(no log)";
    }
}

interface HttpResult {
    status: number;
    body: string;
}

function httpGet(
    url: string,
    opts: { ca?: string; token?: string; timeoutMs?: number },
): Promise<HttpResult> {
    return new Promise((resolve, reject) => {
        const u = new URL(url);
        const headers: Record<string, string> = {};
        if (opts.token) headers["Authorization"] = `Bearer ${opts.token}`;
        const mod = u.protocol === "https:" ? https : http;
        const req = mod.request(
            u,
            { method: "GET", headers, ca: opts.ca, timeout: opts.timeoutMs ?? 5000 },
            (res) => {
                let body = "";
                res.setEncoding("utf8");
                res.on("data", (c: string) => (body += c));
                res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
                res.on("error", reject);
            },
        );
        req.on("timeout", () => req.destroy(new Error(`timeout: GET ${url}`)));
        req.on("error", reject);
        req.end();
    });
}

// ---- process-wide cleanup of every running control plane -----------------------------

const active = new Set<Plane>();
let handlersInstalled = false;

function onExit(): void {
    for (const p of active) p.killSync();
}

function onSignal(sig: NodeJS.Signals): void {
    onExit();
    removeHandlers();
    // re-raise with default disposition so the exit status reflects the signal
    process.kill(process.pid, sig);
}

function installHandlers(): void {
    if (handlersInstalled) return;
    handlersInstalled = true;
    process.on("exit", onExit);
    for (const s of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(s, onSignal);
}

function removeHandlers(): void {
    if (!handlersInstalled) return;
    handlersInstalled = false;
    process.removeListener("exit", onExit);
    for (const s of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.removeListener(s, onSignal);
}

// Detached watchdog: when this process disappears without running its exit handlers,
// SIGKILL the process groups listed in <dir>/pids, run <dir>/cleanup.d/* (the nodes' leftovers) and
// remove <dir>.
const WATCHDOG = `
const fs = require("fs");
const [parent, dir] = [Number(process.argv[1]), process.argv[2]];
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === "EPERM"; } };
setInterval(() => {
  if (!fs.existsSync(dir)) process.exit(0);
  if (alive(parent)) return;
  let pids = [];
  try { pids = fs.readFileSync(dir + "/pids", "utf8").split(/\\s+/).filter(Boolean).map(Number); } catch {}
  for (const p of pids) { try { process.kill(-p, "SIGKILL"); } catch {} }
  setTimeout(() => {
    try { for (const f of fs.readdirSync(dir + "/cleanup.d")) require("child_process").spawnSync("sh", [dir + "/cleanup.d/" + f], { stdio: "ignore", timeout: 60000 }); } catch {}
    try { fs.rmSync(dir, { recursive: true, force: true }); } catch {}
    process.exit(0);
  }, 500);
}, 1000);
`;

// ---- the control plane ------------------------------------------------------------------

class Plane implements ControlPlane {
    server = "";
    token: string;
    kubeconfigPath: string;
    kubeconfig = "";
    caData = "";
    caPem = "";
    version = "";
    dir: string;
    nodeCluster?: NodeCluster & { cleanupSync(): void };
    timings: { apiserverReadyMs: number; nodesReadyMs?: number } = { apiserverReadyMs: 0 };
    private readonly extraPids = new Set<number>();
    private readonly withNodes: boolean;

    private readonly procs = new Map<Component, ChildProcess>();
    private readonly exited = new Map<Component, Promise<void>>();
    private watchdog: ChildProcess | undefined;
    private stopped = false;
    private apiPort = 0;
    private etcdUrl = "";
    private readonly timeoutMs: number;
    private readonly keepDir: boolean;
    private readonly extraApiserverArgs: string[];
    private readonly extraTokens: { token: string; user: string; groups?: string[] }[];

    constructor(dir: string, opts: ControlPlaneOptions) {
        this.dir = dir;
        this.token = crypto.randomBytes(24).toString("hex");
        this.kubeconfigPath = path.join(dir, "kubeconfig");
        this.timeoutMs = opts.timeoutMs ?? 120_000;
        this.keepDir = opts.keepDir ?? process.env["CVMKIT_KEEP_CONTROL_PLANE"] === "1";
        this.extraApiserverArgs = opts.apiserverArgs ?? [];
        this.extraTokens = opts.extraTokens ?? [];
        this.withNodes = (opts.nodes?.length ?? 0) > 0;
    }

    /** Registers more process groups with the watchdog (the nodes' processes). */
    addPids(pids: number[]): void {
        for (const p of pids) this.extraPids.add(p);
        this.writePids();
    }

    logFile(c: Component): string {
        return path.join(this.dir, "logs", `${c}.log`);
    }

    logTail(c: Component, lines = 40): string {
        return tail(this.logFile(c), lines);
    }

    private writePids(): void {
        const pids = [...this.procs.values(), ...[...this.extraPids].map((pid) => ({ pid }))]
            .map((p) => p.pid)
            .filter((p): p is number => !!p);
        try {
            fs.writeFileSync(path.join(this.dir, "pids"), pids.join("\n"));
        } catch {
            /* dir already gone */
        }
    }

    private startWatchdog(): void {
        const w = spawn(process.execPath, ["-e", WATCHDOG, String(process.pid), this.dir], {
            detached: true,
            stdio: "ignore",
        });
        w.unref();
        this.watchdog = w;
    }

    private spawnComponent(c: Component, args: string[]): void {
        const bin = binary(c);
        const fd = fs.openSync(this.logFile(c), "a");
        fs.writeSync(fd, `\n==== ${new Date().toISOString()} ${bin} ${args.join(" ")}\n`);
        let child: ChildProcess;
        try {
            // detached: own process group, so a terminal's Ctrl-C reaches only us and we
            // stop the components in order; the watchdog kills the group if we die.
            child = spawn(bin, args, { cwd: this.dir, detached: true, stdio: ["ignore", fd, fd] });
        } finally {
            fs.closeSync(fd);
        }
        child.unref();
        this.procs.set(c, child);
        this.exited.set(
            c,
            new Promise<void>((resolve) => {
                child.once("exit", () => resolve());
                child.once("error", () => resolve());
            }),
        );
        this.writePids();
    }

    /** Resolves true once the component has exited, false after `ms` (a ref'd timer keeps Node alive meanwhile). */
    private async waitExit(c: Component, ms: number): Promise<boolean> {
        const exited = this.exited.get(c);
        if (!exited) return true;
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)));
        try {
            return await Promise.race([exited.then(() => true), timeout]);
        } finally {
            clearTimeout(timer);
        }
    }

    private isRunning(c: Component): boolean {
        const p = this.procs.get(c);
        return !!p && p.exitCode === null && p.signalCode === null;
    }

    /** Polls `check` until it returns true; fails early when the component exits. */
    private async waitFor(
        c: Component,
        what: string,
        check: () => Promise<boolean>,
    ): Promise<void> {
        const deadline = Date.now() + this.timeoutMs;
        let lastErr = "";
        while (Date.now() < deadline) {
            if (!this.isRunning(c)) {
                const p = this.procs.get(c);
                throw new Error(
                    `${c} exited (code ${p?.exitCode}, signal ${p?.signalCode}) while waiting for ${what}; ` +
                        `log ${this.logFile(c)}:\n${this.logTail(c)}`,
                );
            }
            try {
                if (await check()) return;
            } catch (e) {
                lastErr = e instanceof Error ? e.message : String(e);
            }
            await sleep(250);
        }
        throw new Error(
            `timed out after ${this.timeoutMs} ms waiting for ${what} (${lastErr}); ` +
                `log ${this.logFile(c)}:\n${this.logTail(c)}`,
        );
    }

    async start(
        controllerManager: boolean,
        scheduler = false,
        nodes: readonly NodeSpec[] = [],
    ): Promise<void> {
        const t0 = Date.now();
        fs.mkdirSync(path.join(this.dir, "logs"), { recursive: true });
        fs.mkdirSync(path.join(this.dir, "certs"), { recursive: true });
        this.startWatchdog();

        // service-account signing key pair
        const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", {
            modulusLength: 2048,
        });
        fs.writeFileSync(
            path.join(this.dir, "sa.key"),
            privateKey.export({ type: "pkcs1", format: "pem" }),
            { mode: 0o600 },
        );
        fs.writeFileSync(
            path.join(this.dir, "sa.pub"),
            publicKey.export({ type: "spki", format: "pem" }),
        );
        // static token: token,user,uid,"group"
        fs.writeFileSync(
            path.join(this.dir, "tokens.csv"),
            `${this.token},admin,cvmkit-e2e-admin,"system:masters"\n` +
                this.extraTokens
                    .map(
                        (t) =>
                            `${t.token},${t.user},cvmkit-e2e-${t.user}` +
                            (t.groups?.length ? `,"${t.groups.join(",")}"` : "") +
                            "\n",
                    )
                    .join(""),
            { mode: 0o600 },
        );

        // etcd
        const [etcdPort, peerPort, apiPort] = [
            await freePort(),
            await freePort(),
            await freePort(),
        ];
        this.etcdUrl = `http://127.0.0.1:${etcdPort}`;
        const peerUrl = `http://127.0.0.1:${peerPort}`;
        this.spawnComponent("etcd", [
            "--name=cvmkit-e2e",
            `--data-dir=${path.join(this.dir, "etcd")}`,
            `--listen-client-urls=${this.etcdUrl}`,
            `--advertise-client-urls=${this.etcdUrl}`,
            `--listen-peer-urls=${peerUrl}`,
            `--initial-advertise-peer-urls=${peerUrl}`,
            `--initial-cluster=cvmkit-e2e=${peerUrl}`,
            "--unsafe-no-fsync",
            "--log-level=warn",
        ]);
        await this.waitFor("etcd", "etcd /health", async () => {
            const r = await httpGet(`${this.etcdUrl}/health`, {});
            return r.status === 200;
        });

        // kube-apiserver
        this.apiPort = apiPort;
        this.server = `https://127.0.0.1:${apiPort}`;
        await this.startApiserverAndWait(controllerManager);
        this.timings.apiserverReadyMs = Date.now() - t0;

        const certFile = path.join(this.dir, "certs", "apiserver.crt");
        const pems = fs
            .readFileSync(certFile, "utf8")
            .match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
        if (!pems || pems.length === 0) throw new Error(`no certificate in ${certFile}`);
        // the self-signed serving cert file is "<leaf>\n<CA>"; the last block is the CA
        this.caPem = `${pems[pems.length - 1]}\n`;
        this.caData = Buffer.from(this.caPem).toString("base64");
        fs.writeFileSync(path.join(this.dir, "ca.crt"), this.caPem);

        const v = await httpGet(`${this.server}/version`, { ca: this.caPem, token: this.token });
        if (v.status !== 200) throw new Error(`GET /version: HTTP ${v.status}: ${v.body}`);
        this.version = (JSON.parse(v.body) as { gitVersion?: string }).gitVersion ?? "";

        this.kubeconfig = JSON.stringify(
            {
                apiVersion: "v1",
                kind: "Config",
                clusters: [
                    {
                        name: "cvmkit-e2e",
                        cluster: { server: this.server, "certificate-authority-data": this.caData },
                    },
                ],
                users: [{ name: "admin", user: { token: this.token } }],
                contexts: [
                    {
                        name: "cvmkit-e2e",
                        context: { cluster: "cvmkit-e2e", user: "admin", namespace: "default" },
                    },
                ],
                "current-context": "cvmkit-e2e",
                preferences: {},
            },
            null,
            2,
        );
        fs.writeFileSync(this.kubeconfigPath, this.kubeconfig, { mode: 0o600 });

        if (controllerManager) {
            this.spawnComponent("kube-controller-manager", [
                `--kubeconfig=${this.kubeconfigPath}`,
                "--leader-elect=false",
                "--secure-port=0", // no serving endpoint, no delegated authn/authz lookups
                // with real kubelets, the node lifecycle controller takes the node.kubernetes.io/not-ready
                // taint off a Ready node (the kubelet registers with it); without kubelets it would mark
                // the API-only Nodes of the other suites unreachable
                `--controllers=${[...CONTROLLERS, ...(this.withNodes ? ["node-lifecycle-controller"] : [])].join(",")}`,
                `--service-account-private-key-file=${path.join(this.dir, "sa.key")}`,
                `--root-ca-file=${path.join(this.dir, "ca.crt")}`,
                "--use-service-account-credentials=false",
                "--concurrent-gc-syncs=5",
                "--v=1",
            ]);
            // the serviceaccount controller creates "default" in every namespace
            await this.waitFor(
                "kube-controller-manager",
                "ServiceAccount default/default",
                async () => {
                    const r = await httpGet(
                        `${this.server}/api/v1/namespaces/default/serviceaccounts/default`,
                        {
                            ca: this.caPem,
                            token: this.token,
                        },
                    );
                    return r.status === 200;
                },
            );
        }

        if (scheduler) {
            this.spawnComponent("kube-scheduler", [
                `--kubeconfig=${this.kubeconfigPath}`,
                `--authentication-kubeconfig=${this.kubeconfigPath}`,
                `--authorization-kubeconfig=${this.kubeconfigPath}`,
                "--leader-elect=false",
                "--bind-address=127.0.0.1",
                `--secure-port=${await freePort()}`,
                "--v=1",
            ]);
            // up once it has listed its informers' objects; its own log line says so
            await this.waitFor("kube-scheduler", "kube-scheduler informers synced", async () =>
                /Caches are synced|Starting Kubernetes Scheduler/.test(
                    this.logTail("kube-scheduler", 200),
                ),
            );
        }

        if (nodes.length > 0) {
            this.nodeCluster = await startNodes(this, nodes);
            this.timings.nodesReadyMs = Date.now() - t0;
        }
    }

    private apiserverArgs(controllerManager: boolean): string[] {
        return [
            `--etcd-servers=${this.etcdUrl}`,
            "--bind-address=127.0.0.1",
            "--advertise-address=127.0.0.1",
            `--secure-port=${this.apiPort}`,
            `--cert-dir=${path.join(this.dir, "certs")}`,
            `--token-auth-file=${path.join(this.dir, "tokens.csv")}`,
            "--authorization-mode=RBAC",
            "--service-cluster-ip-range=10.0.0.0/24",
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            `--service-account-key-file=${path.join(this.dir, "sa.pub")}`,
            `--service-account-signing-key-file=${path.join(this.dir, "sa.key")}`,
            "--allow-privileged=true",
            // the kubelets' names are not in any resolver: reach them by address (logs, exec)
            ...(this.withNodes ? ["--kubelet-preferred-address-types=InternalIP"] : []),
            // without a controller manager no default ServiceAccount appears, and the
            // ServiceAccount admission plugin would reject every pod
            ...(controllerManager ? [] : ["--disable-admission-plugins=ServiceAccount"]),
            // the "kubernetes" Service endpoints cannot point at a loopback address
            "--endpoint-reconciler-type=none",
            "--profiling=false",
            ...this.extraApiserverArgs,
        ];
    }

    private controllerManagerEnabled = true;

    private async startApiserverAndWait(controllerManager: boolean): Promise<void> {
        this.controllerManagerEnabled = controllerManager;
        this.spawnComponent("kube-apiserver", this.apiserverArgs(controllerManager));
        const certFile = path.join(this.dir, "certs", "apiserver.crt");
        await this.waitFor("kube-apiserver", "kube-apiserver /readyz", async () => {
            if (!fs.existsSync(certFile)) return false;
            const pems = fs
                .readFileSync(certFile, "utf8")
                .match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
            const ca = pems?.[pems.length - 1];
            if (!ca) return false;
            const r = await httpGet(`${this.server}/readyz`, { ca, token: this.token });
            return r.status === 200;
        });
    }

    async killApiserver(): Promise<void> {
        const p = this.procs.get("kube-apiserver");
        if (!p || !this.isRunning("kube-apiserver")) return;
        if (p.pid) process.kill(-p.pid, "SIGKILL");
        if (!(await this.waitExit("kube-apiserver", 30_000))) {
            throw new Error("kube-apiserver did not exit after SIGKILL");
        }
    }

    async startApiserver(): Promise<void> {
        if (this.stopped) throw new Error("control plane is stopped");
        if (this.isRunning("kube-apiserver")) return;
        await this.startApiserverAndWait(this.controllerManagerEnabled);
    }

    /** Synchronous last-resort cleanup (process exit / signals). */
    killSync(): void {
        this.nodeCluster?.cleanupSync();
        for (const p of this.procs.values()) {
            if (p.pid && p.exitCode === null && p.signalCode === null) {
                try {
                    process.kill(-p.pid, "SIGKILL");
                } catch {
                    /* gone */
                }
            }
        }
        if (!this.keepDir) {
            try {
                fs.rmSync(this.dir, { recursive: true, force: true });
            } catch {
                /* ignore */
            }
        }
        try {
            this.watchdog?.kill("SIGKILL");
        } catch {
            /* ignore */
        }
        active.delete(this);
    }

    async stop(): Promise<void> {
        if (this.stopped) return;
        this.stopped = true;
        // the nodes first (their pods are removed through the running kubelet-less containerd)
        if (this.nodeCluster) await this.nodeCluster.stop();
        // reverse start order: controller manager, apiserver, etcd
        for (const c of [
            "kube-scheduler",
            "kube-controller-manager",
            "kube-apiserver",
            "etcd",
        ] as const) {
            const p = this.procs.get(c);
            if (!p || !this.isRunning(c)) continue;
            try {
                p.kill("SIGTERM");
            } catch {
                /* gone */
            }
            if (!(await this.waitExit(c, 10_000))) {
                try {
                    if (p.pid) process.kill(-p.pid, "SIGKILL");
                } catch {
                    /* gone */
                }
                await this.waitExit(c, 10_000);
            }
        }
        this.killSync();
        if (active.size === 0) removeHandlers();
    }
}

/**
 * Starts etcd + kube-apiserver (+ kube-controller-manager unless `controllerManager: false`)
 * on free loopback ports and resolves once /readyz is OK (and, with the controller manager,
 * once the default ServiceAccount exists). On failure everything started is stopped, the
 * temp dir is removed, and the error carries the tail of the failing component's log.
 */
export async function startControlPlane(opts: ControlPlaneOptions = {}): Promise<ControlPlane> {
    const parent = opts.dir ?? os.tmpdir();
    fs.mkdirSync(parent, { recursive: true });
    const dir = fs.mkdtempSync(path.join(parent, "cvmkit-cp-"));
    const plane = new Plane(dir, opts);
    active.add(plane);
    installHandlers();
    try {
        const nodes = opts.nodes ?? [];
        await plane.start(
            opts.controllerManager ?? true,
            (opts.scheduler ?? false) || nodes.length > 0,
            nodes,
        );
        return plane;
    } catch (e) {
        const keep = plane.dir;
        await plane.stop();
        const msg = e instanceof Error ? e.message : String(e);
        throw new Error(`startControlPlane failed (dir ${keep}): ${msg}`);
    }
}
