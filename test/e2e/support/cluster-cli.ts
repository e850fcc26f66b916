/**
 * `npm run cluster -- up|status|down`: the e2e control plane (etcd, kube-apiserver, controller manager,
 * scheduler) with real nodes (a CVM node labelled and tainted as cvmkit's pools are, with a `sysbox-runc`
 * handler that is runc underneath, and a plain node) for trying cvmkit without a cloud. The images cvmkit's
 * default manifests use are loaded as stand-ins (cvmkit's probe program under their names; nothing is pulled).
 *
 *   up      starts it in the background (a detached `serve` process) and prints `export KUBECONFIG=<path>`
 *   status  prints the nodes and their readiness
 *   down    stops it; nothing is left behind (processes, network namespace, mounts, cgroups)
 *
 * State: $CVMKIT_CLUSTER_DIR (default ~/.cache/cvmkit/cluster): kubeconfig, serve.log, state.json. Needs root
 * and the node toolchain (scripts/toolchain.sh).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { renderManifests } from "../../../lib/manifests";
import { startControlPlane, type ControlPlane } from "./control-plane";
import { Kube } from "./kube";
import { e2eNodeSpecs, standInImages } from "./node-specs";

const STATE_DIR =
    process.env["CVMKIT_CLUSTER_DIR"] || path.join(os.homedir(), ".cache", "cvmkit", "cluster");
const STATE = path.join(STATE_DIR, "state.json");
const KUBECONFIG = path.join(STATE_DIR, "kubeconfig");
const LOG = path.join(STATE_DIR, "serve.log");

interface State {
    pid: number;
    kubeconfig: string;
    server: string;
    netns: string;
    planeDir: string;
    nodes: { name: string; ip: string }[];
    timings: { apiserverReadyMs: number; nodesReadyMs?: number };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (e) {
        return (e as NodeJS.ErrnoException).code === "EPERM";
    }
}

function readState(): State | undefined {
    try {
        return JSON.parse(fs.readFileSync(STATE, "utf8")) as State;
    } catch {
        return undefined;
    }
}

function tailLog(lines = 30): string {
    try {
        return fs.readFileSync(LOG, "utf8").split("\n").slice(-lines).join("\n");
    } catch {
        return "(no log)";
    }
}

async function serve(): Promise<void> {
    const rendered = renderManifests({
        kubernetesVersion: "1.35",
        sysboxRuntime: { enabled: true },
    });
    const running: { cp?: ControlPlane } = {};
    const stop = async () => {
        try {
            await running.cp?.stop();
        } finally {
            fs.rmSync(STATE, { force: true });
            fs.rmSync(KUBECONFIG, { force: true });
            process.exit(0);
        }
    };
    process.once("SIGTERM", () => void stop());
    process.once("SIGINT", () => void stop());
    const cp = await startControlPlane({ dir: STATE_DIR, nodes: e2eNodeSpecs() });
    running.cp = cp;
    const nodes = cp.nodeCluster!;
    for (const image of standInImages(rendered)) nodes.loadImage(image);
    fs.writeFileSync(KUBECONFIG, cp.kubeconfig, { mode: 0o600 });
    const state: State = {
        pid: process.pid,
        kubeconfig: KUBECONFIG,
        server: cp.server,
        netns: nodes.netns,
        planeDir: cp.dir,
        nodes: nodes.nodes.map((n) => ({ name: n.name, ip: n.ip })),
        timings: cp.timings,
    };
    fs.writeFileSync(STATE, JSON.stringify(state, null, 2));
    console.log(`ready: ${JSON.stringify(state)}`);
    // stay up until down (SIGTERM)
    setInterval(() => undefined, 1 << 30);
}

async function up(): Promise<number> {
    const s = readState();
    if (s && alive(s.pid)) {
        console.log(`already up (pid ${s.pid}, ${s.server})`);
        console.log(`export KUBECONFIG=${s.kubeconfig}`);
        return 0;
    }
    fs.mkdirSync(STATE_DIR, { recursive: true });
    fs.rmSync(STATE, { force: true });
    const fd = fs.openSync(LOG, "w");
    const child = spawn(process.execPath, [__filename, "serve"], {
        detached: true,
        stdio: ["ignore", fd, fd],
        env: process.env,
    });
    fs.closeSync(fd);
    child.unref();
    const t0 = Date.now();
    let exited = false;
    child.once("exit", () => (exited = true));
    console.log(`starting the control plane and nodes (pid ${child.pid}, log ${LOG})…`);
    while (Date.now() - t0 < 180_000) {
        const st = readState();
        if (st) {
            console.log(
                `up in ${((Date.now() - t0) / 1000).toFixed(1)} s: kube-apiserver ${st.server}; nodes ${st.nodes
                    .map((n) => `${n.name} (${n.ip})`)
                    .join(", ")}; network namespace ${st.netns}`,
            );
            console.log(`stop it with: npm run cluster -- down`);
            console.log(`export KUBECONFIG=${st.kubeconfig}`);
            return 0;
        }
        if (exited) break;
        await sleep(250);
    }
    console.error(`cluster did not come up; last lines of ${LOG}:\n${tailLog()}`);
    if (child.pid && alive(child.pid)) process.kill(child.pid, "SIGTERM");
    return 1;
}

async function status(): Promise<number> {
    const s = readState();
    if (!s || !alive(s.pid)) {
        console.log("down");
        return 1;
    }
    const kube = new Kube(
        (() => {
            const kc = JSON.parse(fs.readFileSync(s.kubeconfig, "utf8")) as {
                clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
                users: { user: { token: string } }[];
            };
            return {
                server: kc.clusters[0]!.cluster.server,
                caPem: Buffer.from(
                    kc.clusters[0]!.cluster["certificate-authority-data"],
                    "base64",
                ).toString(),
                token: kc.users[0]!.user.token,
            };
        })(),
    );
    const r = await kube.request<{
        items: {
            metadata: { name: string; labels?: Record<string, string> };
            spec?: { taints?: { key: string; value?: string; effect: string }[] };
            status?: {
                conditions?: { type: string; status: string }[];
                nodeInfo?: Record<string, string>;
            };
        }[];
    }>("GET", "/api/v1/nodes");
    console.log(`up (pid ${s.pid}): kube-apiserver ${s.server}, network namespace ${s.netns}`);
    for (const n of r.body.items ?? []) {
        const ready = n.status?.conditions?.find((c) => c.type === "Ready")?.status === "True";
        const taints = (n.spec?.taints ?? []).map((t) => `${t.key}=${t.value ?? ""}:${t.effect}`);
        console.log(
            `  ${n.metadata.name}: ${ready ? "Ready" : "NotReady"}, ${n.status?.nodeInfo?.["kubeletVersion"] ?? "?"}, ${
                n.status?.nodeInfo?.["containerRuntimeVersion"] ?? "?"
            }${taints.length ? `, taints ${taints.join(" ")}` : ""}`,
        );
    }
    console.log(`export KUBECONFIG=${s.kubeconfig}`);
    return 0;
}

async function down(): Promise<number> {
    const s = readState();
    if (!s || !alive(s.pid)) {
        fs.rmSync(STATE, { force: true });
        console.log("already down");
        return 0;
    }
    process.kill(s.pid, "SIGTERM");
    const t0 = Date.now();
    while (alive(s.pid) && Date.now() - t0 < 90_000) await sleep(250);
    if (alive(s.pid)) {
        // its control plane's watchdog then removes the nodes' leftovers
        process.kill(s.pid, "SIGKILL");
        await sleep(3000);
    }
    fs.rmSync(STATE, { force: true });
    fs.rmSync(KUBECONFIG, { force: true });
    console.log(`down in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return 0;
}

async function main(cmd: string | undefined): Promise<number> {
    switch (cmd) {
        case "up":
            return up();
        case "status":
            return status();
        case "down":
            return down();
        case "serve":
            await serve();
            return -1;
        default:
            console.error("usage: npm run cluster -- up|status|down");
            return 2;
    }
}

main(process.argv[2]).then(
    (code) => {
        if (code >= 0) process.exit(code);
    },
    (e: unknown) => {
        console.error(e instanceof Error ? e.message : String(e));
        process.exit(1);
    },
);
