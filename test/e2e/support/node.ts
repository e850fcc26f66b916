/**
 * Real worker nodes for the e2e control plane: kubelet + containerd + runc + CNI bridge (+ kube-router for
 * NetworkPolicies), all built by scripts/toolchain.sh (`kube-node containerd runc cni-plugins crictl
 * kube-router node-images`). Facts and the settings each blocker needed: ../../../../shared/reference
 * (real-node.md in the project's reference notes) and the comments below.
 *
 * Layout (everything under `<control plane dir>/node`, nothing written elsewhere):
 * - one network namespace `cvmkit-<id>` (created with `ip netns add`), holding a bridge with every node's
 *   address, the pods' veths, the iptables rules and ipsets of kube-router and the listeners the tests
 *   use as stand-ins (metadata endpoint, DNS). A veth pair links it to the host so kube-apiserver reaches
 *   the kubelets (`--kubelet-preferred-address-types=InternalIP`: no name lookups). Kubelets and
 *   kube-router reach kube-apiserver through a forwarder pair over a Unix socket (127.0.0.1:6443 in the
 *   namespace → socket → the apiserver's loopback port), so nothing in the namespace sends to a host address.
 * - per node one mount namespace (`unshare -m --propagation private`) with tmpfs over /run, /var/log,
 *   /var/lib (kubelet hardcodes /var/log/containers and /var/lib/kubelet/device-plugins, CNI writes
 *   /var/lib/cni), over /usr/src and /lib/modules (the supervisor's host paths: a pod writing a
 *   writable one writes the node's tmpfs, never the machine's) and over /opt (containerd creates missing
 *   hostPath sources such as the Sysbox installer's /opt/bin), files bound over the three machine-wide
 *   sysctls the kubelet would otherwise rewrite (vm.overcommit_memory, kernel.panic, kernel.panic_on_oops),
 *   and a cgroup root of its own
 *   (`/cvmkit-<id>-<node>` in every v1 hierarchy) so `kubepods` lives under it.
 * - kube-router runs on ONE node (the first with `networkPolicy: true`): two in one network namespace
 *   would delete each other's chains. It is a test peer only — cvmkit never ships, installs or recommends it.
 *
 * Cleanup (stop(), process exit, and the control plane's watchdog through `cleanup.sh`): pods removed by
 * crictl, processes stopped by PID (SIGTERM, then SIGKILL), every process left in the node cgroups or the
 * node mount namespaces killed by PID, the network namespace deleted (its bridge, veths, iptables chains
 * and ipsets go with it), the cgroup directories removed.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Kube } from "./kube";

/** A node to start. */
export interface NodeSpec {
    /** Node name (`--hostname-override`), e.g. "cvm-node". */
    readonly name: string;
    /** Node labels (registered by the kubelet's `--node-labels`). */
    readonly labels?: Readonly<Record<string, string>>;
    /** Node taints (the kubelet's `registerWithTaints`). */
    readonly taints?: readonly { key: string; value?: string; effect: string }[];
    /**
     * containerd runtime handlers besides `runc`, e.g. `["sysbox-runc"]`: each is runc again (with its own
     * state root) under that handler name, so a RuntimeClass with that handler reaches a real handler.
     */
    readonly runtimeHandlers?: readonly string[];
    /** Enforce NetworkPolicies on this node with kube-router (one node per cluster). */
    readonly networkPolicy?: boolean;
}

/** An image to load into every node's containerd (`ctr -n k8s.io images import`). */
export interface NodeImage {
    /** Image names (tags), e.g. "ghcr.io/coder/envbox:0.6.2". */
    readonly names: readonly string[];
    /**
     * Paths in the image where the probe program is put besides {@link STAND_IN_PATHS} (e.g. the
     * supervisor's command path). The entrypoint is `/probe`.
     */
    readonly programPaths?: readonly string[];
    /** A pause image: the probe at `/pause` as entrypoint (it then only sleeps). @default false */
    readonly pause?: boolean;
}

/**
 * Where every probe image holds the probe program: `/probe` (the entrypoint), and the programs cvmkit's pod
 * specs run from images — `/bin/true` (pre-pull init containers), `bash`/`sh` (the Sysbox installer and
 * cleanup commands and readiness probe), `/sbin/init` (the Sysbox workspace template).
 */
export const STAND_IN_PATHS = ["/probe", "/bin/true", "/bin/bash", "/bin/sh", "/sbin/init"];

/** The pause image kubelet's pods are sandboxed in (containerd `pinned_images.sandbox`). */
export const PAUSE_IMAGE = "registry.k8s.io/pause:3.10.1";

export interface RunningNode {
    readonly name: string;
    /** The node's InternalIP (an address on the namespace's bridge). */
    readonly ip: string;
    /** containerd's CRI socket (unix path), for crictl. */
    readonly containerdSocket: string;
    readonly runtimeHandlers: readonly string[];
    /** Runs crictl against this node's containerd; returns stdout (throws on a non-zero exit). */
    crictl(args: readonly string[]): string;
    /**
     * Runs a command in a container through the CRI (`crictl exec --sync`: no streaming server needed) and
     * returns its exit status and output.
     */
    exec(containerId: string, command: readonly string[], timeoutSeconds?: number): ExecResult;
    /** Last lines of this node's kubelet / containerd / kube-router log. */
    logTail(component: "kubelet" | "containerd" | "kube-router", lines?: number): string;
}

export interface ExecResult {
    readonly status: number;
    readonly stdout: string;
    readonly stderr: string;
}

export interface NodeTimings {
    /** ms from startNodes() to containerd answering, images loaded, all nodes Ready. */
    readonly containerdReadyMs: number;
    readonly imagesLoadedMs: number;
    readonly nodesReadyMs: number;
}

export interface NodeCluster {
    readonly nodes: readonly RunningNode[];
    /** Network namespace name (`ip netns list`). */
    readonly netns: string;
    /** The pod network, e.g. 10.213.17.0/24. */
    readonly podSubnet: string;
    /** The cluster DNS stand-in (a TCP listener on port 53 in the namespace; pods' resolv.conf names it). */
    readonly dnsAddress: string;
    /** Free addresses of the pod network for listeners (`listen`): not a pod, not a node. */
    readonly spareAddresses: readonly string[];
    readonly timings: NodeTimings;
    /** Loads an image into every node. */
    loadImage(image: NodeImage): void;
    /**
     * Starts a TCP listener (the probe program) at `address:port` inside the namespace; every connection
     * gets "probe <hostname>\n". Stopped with the cluster.
     */
    listen(address: string, port: number): Promise<void>;
    /** Runs a command inside the network namespace (e.g. `ip addr`, `iptables-save`). */
    inNetns(cmd: string, args: readonly string[]): string;
    stop(): Promise<void>;
}

/** What a node cluster needs from the control plane. */
export interface NodePlaneInfo {
    readonly dir: string;
    readonly server: string;
    readonly token: string;
    readonly caPem: string;
    readonly caData: string;
    /** Registers PIDs with the control plane's watchdog. */
    addPids(pids: number[]): void;
}

// ---- binaries -------------------------------------------------------------------------------

function toolchainDir(): string {
    return (
        process.env["CVMKIT_TOOLCHAIN_DIR"] ||
        path.join(os.homedir(), ".cache", "cvmkit", "toolchain")
    );
}

/** A node binary from the toolchain's bin/ (overridable by CVMKIT_<NAME>_BIN). */
export function nodeBinary(name: string): string {
    const envName = `CVMKIT_${name.toUpperCase().replace(/-/g, "_")}_BIN`;
    const p = process.env[envName] || path.join(toolchainDir(), "bin", name);
    try {
        fs.accessSync(p, fs.constants.X_OK);
    } catch {
        throw new Error(
            `${name} not found at ${p}: run scripts/toolchain.sh kube-node containerd runc cni-plugins crictl kube-router node-images`,
        );
    }
    return fs.realpathSync(p);
}

/** The CNI plugin directory (CVMKIT_CNI_BIN_DIR from env.sh, else the newest cni-plugins-v* in the cache). */
export function cniBinDir(): string {
    const env = process.env["CVMKIT_CNI_BIN_DIR"];
    if (env && fs.existsSync(path.join(env, "bridge"))) return env;
    const tc = toolchainDir();
    const dirs = fs.existsSync(tc)
        ? fs
              .readdirSync(tc)
              .filter(
                  (d) => /^cni-plugins-v/.test(d) && fs.existsSync(path.join(tc, d, ".complete")),
              )
              .sort()
        : [];
    const last = dirs[dirs.length - 1];
    if (!last)
        throw new Error(`CNI plugins not found in ${tc}: run scripts/toolchain.sh cni-plugins`);
    return path.join(tc, last, "bin");
}

/** True when this machine can run a node: root, the node binaries, iptables, ipset, ip, unshare, nsenter. */
export function nodeSupport(): { ok: true } | { ok: false; reason: string } {
    if (process.getuid?.() !== 0) return { ok: false, reason: "needs root (kubelet, containerd)" };
    try {
        for (const b of [
            "kubelet",
            "containerd",
            "containerd-shim-runc-v2",
            "ctr",
            "runc",
            "crictl",
            "kube-router",
            "cvmkit-image-builder",
            "cvmkit-probe",
        ])
            nodeBinary(b);
        cniBinDir();
    } catch (e) {
        return { ok: false, reason: e instanceof Error ? e.message : String(e) };
    }
    for (const b of ["ip", "iptables", "ipset", "unshare", "nsenter"]) {
        try {
            execFileSync("sh", ["-c", `command -v ${b}`], { stdio: "ignore" });
        } catch {
            return {
                ok: false,
                reason: `${b} not found: apt-get install -y iproute2 iptables ipset util-linux`,
            };
        }
    }
    return { ok: true };
}

// ---- host state (for the cleanup test) ------------------------------------------------------------

/** The machine's network and mount state that a node cluster must leave as it found it. */
export interface HostState {
    links: string[];
    netns: string[];
    iptablesChains: string[];
    ipsets: string[];
    mounts: string[];
    cgroups: string[];
    /** Machine-wide sysctls a kubelet or kube-router could change. */
    sysctls: Record<string, string>;
}

const WATCHED_SYSCTLS = [
    "vm/overcommit_memory",
    "kernel/panic",
    "kernel/panic_on_oops",
    "net/ipv4/ip_forward",
    "net/bridge/bridge-nf-call-iptables",
];

function run(cmd: string, args: readonly string[], timeout = 20_000): string {
    return execFileSync(cmd, [...args], {
        encoding: "utf8",
        timeout,
        stdio: ["ignore", "pipe", "pipe"],
    });
}

function tryRun(cmd: string, args: readonly string[], timeout = 20_000): string {
    try {
        return run(cmd, args, timeout);
    } catch {
        return "";
    }
}

const CGROUP_ROOT = "/sys/fs/cgroup";

/** The cgroup v1 hierarchies (or the v2 root) a kubelet would create kubepods in. */
function cgroupHierarchies(): string[] {
    if (fs.existsSync(path.join(CGROUP_ROOT, "cgroup.controllers"))) return [CGROUP_ROOT];
    return fs
        .readdirSync(CGROUP_ROOT)
        .map((d) => path.join(CGROUP_ROOT, d))
        .filter((d) => {
            try {
                return (
                    fs.statSync(d).isDirectory() &&
                    !fs.lstatSync(d).isSymbolicLink() &&
                    fs.existsSync(path.join(d, "cgroup.procs"))
                );
            } catch {
                return false;
            }
        });
}

/** Snapshot of links, network namespaces, iptables chains, ipsets, mounts and cgroups (two levels). */
export function hostState(): HostState {
    const links = tryRun("ip", ["-o", "link"])
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split(":")[1]?.trim().split("@")[0] ?? l);
    const netns = tryRun("ip", ["netns", "list"])
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split(" ")[0] ?? l);
    const iptablesChains = tryRun("iptables-save", [])
        .split("\n")
        .filter((l) => l.startsWith(":") || l.startsWith("*"))
        .map((l) => l.split(" ")[0] ?? l);
    const ipsets = tryRun("ipset", ["list", "-n"]).split("\n").filter(Boolean);
    const mounts = fs
        .readFileSync("/proc/self/mountinfo", "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split(" ")[4] ?? l);
    const cgroups: string[] = [];
    for (const h of cgroupHierarchies()) {
        for (const d of fs.readdirSync(h)) {
            const p = path.join(h, d);
            try {
                if (!fs.statSync(p).isDirectory()) continue;
            } catch {
                continue;
            }
            cgroups.push(p);
            if (/kubepods|cvmkit/.test(d)) {
                for (const e of fs.readdirSync(p)) {
                    if (fs.statSync(path.join(p, e), { throwIfNoEntry: false })?.isDirectory())
                        cgroups.push(path.join(p, e));
                }
            }
        }
    }
    const sort = (a: string[]) => [...new Set(a)].sort();
    const sysctls: Record<string, string> = {};
    for (const k of WATCHED_SYSCTLS) {
        try {
            sysctls[k] = fs.readFileSync(`/proc/sys/${k}`, "utf8").trim();
        } catch {
            sysctls[k] = "(absent)";
        }
    }
    return {
        sysctls,
        links: sort(links),
        netns: sort(netns),
        iptablesChains: sort(iptablesChains),
        ipsets: sort(ipsets),
        mounts: sort(mounts),
        cgroups: sort(cgroups),
    };
}

// ---- helpers -----------------------------------------------------------------------------------

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function tail(file: string, lines = 40): string {
    try {
        return fs
            .readFileSync(file, "utf8")
            .split("\n")
            .slice(-lines - 1)
            .join("\n");
    } catch {
        return "(no log)";
    }
}

/** Forwards a TCP port to a Unix socket or the other way round (Node built-ins only). */
const FORWARDER = `
const net = require("net");
const [mode, a, b] = process.argv.slice(2);
const srv = net.createServer((c) => {
  const up = mode === "tcp-to-unix" ? net.connect(b) : net.connect(Number(b), "127.0.0.1");
  c.pipe(up); up.pipe(c);
  const end = () => { c.destroy(); up.destroy(); };
  c.on("error", end); up.on("error", end); c.on("close", end); up.on("close", end);
});
if (mode === "tcp-to-unix") srv.listen(Number(a), "127.0.0.1"); else srv.listen(a);
for (const s of ["SIGTERM", "SIGINT"]) process.on(s, () => process.exit(0));
`;

/** Picks a free 10.213.<b>.0/24 (pods, nodes) and 10.214.<b>.0/30 (the host link) not routed here yet. */
function pickOctet(): number {
    const routes = tryRun("ip", ["-o", "addr"]) + tryRun("ip", ["route"]);
    for (let i = 0; i < 64; i++) {
        const b = 16 + crypto.randomInt(224);
        if (!routes.includes(`10.213.${b}.`) && !routes.includes(`10.214.${b}.`)) return b;
    }
    throw new Error("no free 10.213.x.0/24 subnet for the node network");
}

type StartedNode = RunningNode & { start(): void; holderPid: number };

interface NodeProc {
    name: string;
    child: ChildProcess;
    exited: Promise<void>;
    log: string;
}

class Nodes implements NodeCluster {
    nodes: RunningNode[] = [];
    readonly netns: string;
    readonly podSubnet: string;
    readonly dnsAddress: string;
    readonly spareAddresses: string[];
    timings: NodeTimings = { containerdReadyMs: 0, imagesLoadedMs: 0, nodesReadyMs: 0 };

    private readonly id: string;
    private readonly octet: number;
    private readonly dir: string;
    private readonly procs: NodeProc[] = [];
    private readonly mntNamespaces: string[] = [];
    private readonly cgroupDirs: string[] = [];
    private readonly vethHost: string;
    private readonly vethNs: string;
    private readonly bridge = "cvmkbr0";
    private stopped = false;
    private readonly netnsDirBefore = {
        exists: fs.existsSync("/run/netns"),
        mounted: fs
            .readFileSync("/proc/self/mountinfo", "utf8")
            .split("\n")
            .some((l) => l.split(" ")[4] === "/run/netns"),
    };

    constructor(
        private readonly plane: NodePlaneInfo,
        private readonly specs: readonly NodeSpec[],
    ) {
        this.id = crypto.randomBytes(3).toString("hex");
        this.octet = pickOctet();
        this.netns = `cvmkit-${this.id}`;
        this.vethHost = `cvk${this.id}h`;
        this.vethNs = `cvk${this.id}n`;
        this.podSubnet = `10.213.${this.octet}.0/24`;
        this.dnsAddress = `10.213.${this.octet}.250`;
        this.spareAddresses = [251, 252, 253, 254].map((h) => `10.213.${this.octet}.${h}`);
        this.dir = path.join(plane.dir, "node");
    }

    private addr(host: number): string {
        return `10.213.${this.octet}.${host}`;
    }

    /** The shell script that removes whatever is left (also run by the watchdog and on exit). */
    private writeCleanupScript(): void {
        const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
        const script = [
            "#!/bin/sh",
            "# written by test/e2e/support/node.ts: removes what a node cluster left behind",
            `cgdirs=${q(this.cgroupDirs.join(" "))}`,
            `mntns=${q(this.mntNamespaces.join(" "))}`,
            "i=0",
            "while [ $i -lt 20 ]; do",
            "  pids=''",
            '  for cg in $cgdirs; do [ -d "$cg" ] && pids="$pids $(find "$cg" -name cgroup.procs -exec cat {} + 2>/dev/null)"; done',
            "  for p in /proc/[0-9]*; do",
            '    ns=$(readlink "$p/ns/mnt" 2>/dev/null) || continue',
            '    for m in $mntns; do [ "$ns" = "$m" ] && pids="$pids ${p#/proc/}"; done',
            "  done",
            "  pids=$(echo $pids | tr ' ' '\\n' | grep -v \"^$$\\$\" | sort -u)",
            '  [ -z "$pids" ] && break',
            "  kill -9 $pids 2>/dev/null",
            "  sleep 0.2; i=$((i+1))",
            "done",
            `ip netns pids ${q(this.netns)} 2>/dev/null | xargs -r kill -9 2>/dev/null`,
            `ip netns del ${q(this.netns)} 2>/dev/null`,
            // `ip netns add` made /run/netns a mount point (and maybe the directory): undo that when it was
            // not there before and no namespace is left in it
            ...(this.netnsDirBefore.mounted
                ? []
                : [
                      'if [ -z "$(ls -A /run/netns 2>/dev/null)" ]; then umount /run/netns 2>/dev/null; fi',
                  ]),
            ...(this.netnsDirBefore.exists ? [] : ["rmdir /run/netns 2>/dev/null"]),
            `ip link del ${q(this.vethHost)} 2>/dev/null`,
            "for cg in $cgdirs; do",
            "  j=0",
            '  while [ -d "$cg" ] && [ $j -lt 25 ]; do find "$cg" -depth -type d -exec rmdir {} \\; 2>/dev/null; [ -d "$cg" ] && sleep 0.2; j=$((j+1)); done',
            "done",
            "exit 0",
            "",
        ].join("\n");
        fs.writeFileSync(path.join(this.dir, "cleanup.sh"), script, { mode: 0o755 });
        // the control plane's watchdog and exit handler run <plane dir>/cleanup.d/*
        const d = path.join(this.plane.dir, "cleanup.d");
        fs.mkdirSync(d, { recursive: true });
        fs.copyFileSync(path.join(this.dir, "cleanup.sh"), path.join(d, "node.sh"));
        fs.chmodSync(path.join(d, "node.sh"), 0o755);
    }

    private spawnProc(
        name: string,
        cmd: string,
        args: readonly string[],
        env: NodeJS.ProcessEnv = process.env,
    ): NodeProc {
        const log = path.join(this.dir, "logs", `${name}.log`);
        const fd = fs.openSync(log, "a");
        fs.writeSync(fd, `\n==== ${new Date().toISOString()} ${cmd} ${args.join(" ")}\n`);
        let child: ChildProcess;
        try {
            child = spawn(cmd, [...args], {
                cwd: this.dir,
                detached: true,
                stdio: ["ignore", fd, fd],
                env,
            });
        } finally {
            fs.closeSync(fd);
        }
        child.unref();
        const exited = new Promise<void>((resolve) => {
            child.once("exit", () => resolve());
            child.once("error", () => resolve());
        });
        const p = { name, child, exited, log };
        this.procs.push(p);
        if (child.pid) this.plane.addPids([child.pid]);
        return p;
    }

    private running(p: NodeProc): boolean {
        return p.child.exitCode === null && p.child.signalCode === null;
    }

    private async waitFor(
        what: string,
        p: NodeProc | undefined,
        check: () => boolean | Promise<boolean>,
        timeoutMs = 90_000,
    ): Promise<void> {
        const deadline = Date.now() + timeoutMs;
        let last = "";
        while (Date.now() < deadline) {
            if (p && !this.running(p)) {
                throw new Error(`${p.name} exited while waiting for ${what}:\n${tail(p.log)}`);
            }
            try {
                if (await check()) return;
            } catch (e) {
                last = e instanceof Error ? e.message : String(e);
            }
            await sleep(200);
        }
        throw new Error(
            `timed out waiting for ${what} (${last})${p ? `; ${p.log}:\n${tail(p.log)}` : ""}`,
        );
    }

    private setupNetwork(): void {
        const ns = this.netns;
        run("ip", ["netns", "add", ns]);
        run("ip", ["-n", ns, "link", "set", "lo", "up"]);
        run("ip", ["link", "add", this.vethHost, "type", "veth", "peer", "name", this.vethNs]);
        run("ip", ["link", "set", this.vethNs, "netns", ns]);
        run("ip", ["addr", "add", `10.214.${this.octet}.1/30`, "dev", this.vethHost]);
        run("ip", ["link", "set", this.vethHost, "up"]);
        run("ip", ["-n", ns, "addr", "add", `10.214.${this.octet}.2/30`, "dev", this.vethNs]);
        run("ip", ["-n", ns, "link", "set", this.vethNs, "up"]);
        // no dummy interfaces in this kernel: the node addresses live on a pre-created bridge
        run("ip", ["-n", ns, "link", "add", this.bridge, "type", "bridge"]);
        const hosts = [...this.specs.map((_, i) => i + 1), 250, 251, 252, 253, 254];
        for (const h of hosts) {
            run("ip", ["-n", ns, "addr", "add", `${this.addr(h)}/24`, "dev", this.bridge]);
        }
        run("ip", ["-n", ns, "link", "set", this.bridge, "up"]);
        // kube-apiserver (host) → kubelets (namespace): a route through the veth; replies stay on-link
        run("ip", [
            "route",
            "add",
            this.podSubnet,
            "via",
            `10.214.${this.octet}.2`,
            "dev",
            this.vethHost,
        ]);
        // bridged pod traffic through iptables, so kube-router's FORWARD rules see it (per namespace)
        this.inNetns("sysctl", ["-q", "-w", "net.bridge.bridge-nf-call-iptables=1"]);
    }

    inNetns(cmd: string, args: readonly string[]): string {
        return run("nsenter", [`--net=/run/netns/${this.netns}`, "--", cmd, ...args]);
    }

    /** Starts the mount namespace holder of a node; returns its mount namespace id. */
    private async startHolder(name: string, root: string): Promise<{ pid: number; mnt: string }> {
        const ready = path.join(root, "holder.ready");
        const script = [
            "set -e",
            'for d in /run /var/log /var/lib /usr/src /opt; do mount -t tmpfs -o mode=0755 tmpfs "$d"; done',
            // /lib/modules may be missing on the machine: its mount point is made in an overlay of /lib whose
            // upper layer is in this node's directory (the machine's /lib is never written)
            "if [ ! -d /lib/modules ]; then",
            "  lib=$(readlink -f /lib)",
            `  mkdir -p ${JSON.stringify(path.join(root, "lib-upper"))} ${JSON.stringify(path.join(root, "lib-work"))}`,
            `  mount -t overlay overlay -o "lowerdir=$lib,upperdir=${path.join(root, "lib-upper")},workdir=${path.join(root, "lib-work")}" "$lib"`,
            "  mkdir /lib/modules",
            "fi",
            "mount -t tmpfs -o mode=0755 tmpfs /lib/modules",
            // the kubelet sets vm.overcommit_memory=1, kernel.panic=10, kernel.panic_on_oops=1 when they
            // differ (machine-wide sysctls): in this mount namespace it reads files that already say so
            ...["vm/overcommit_memory=1", "kernel/panic=10", "kernel/panic_on_oops=1"].map((kv) => {
                const [key, value] = kv.split("=") as [string, string];
                const f = path.join(root, `sysctl-${key.replace("/", "-")}`);
                return `echo ${value} > ${JSON.stringify(f)} && mount --bind ${JSON.stringify(f)} /proc/sys/${key}`;
            }),
            "mkdir -p /var/log/containers /var/lib/kubelet /var/lib/cni /run/containerd",
            `echo "cvmkit e2e node ${name}: a tmpfs in place of the node's /usr/src" > /usr/src/cvmkit-node`,
            "echo marker > /lib/modules/cvmkit-node",
            `touch ${JSON.stringify(ready)}`,
            "exec sleep 2147483647",
        ].join("\n");
        const p = this.spawnProc(`${name}-holder`, "nsenter", [
            `--net=/run/netns/${this.netns}`,
            "--",
            "unshare",
            "-m",
            "--propagation",
            "private",
            "sh",
            "-c",
            script,
        ]);
        await this.waitFor(`${name}: mount namespace`, p, () => fs.existsSync(ready), 20_000);
        const pid = p.child.pid!;
        const mnt = fs.readlinkSync(`/proc/${pid}/ns/mnt`);
        this.mntNamespaces.push(mnt);
        return { pid, mnt };
    }

    private containerdConfig(root: string, spec: NodeSpec, cniConf: string): string {
        const runc = nodeBinary("runc");
        const handlers = ["runc", ...(spec.runtimeHandlers ?? [])];
        const runtimes = handlers
            .map(
                (h) => `
[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.'${h}']
  runtime_type = "io.containerd.runc.v2"
[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.'${h}'.options]
  BinaryName = "${runc}"
  Root = "${path.join(root, "runc", h)}"`,
            )
            .join("\n");
        return `# containerd for e2e node ${spec.name} (written by test/e2e/support/node.ts)
version = 3
root = "${path.join(root, "containerd", "root")}"
state = "${path.join(root, "containerd", "state")}"
disabled_plugins = [
  "io.containerd.nri.v1.nri",
  "io.containerd.snapshotter.v1.erofs",
  "io.containerd.snapshotter.v1.zfs",
  "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.devmapper",
  "io.containerd.differ.v1.erofs",
]

[grpc]
  address = "${path.join(root, "containerd.sock")}"
[ttrpc]
  address = "${path.join(root, "containerd-ttrpc.sock")}"

# the node's own /run (a tmpfs of its mount namespace): containerd refuses a socket_dir longer than 42
# characters, which the harness's directory under the system temp dir can exceed
[plugins.'io.containerd.shim.v1.manager']
  socket_dir = "/run/cvmkit-shims"

[plugins.'io.containerd.cri.v1.images']
  snapshotter = "overlayfs"
[plugins.'io.containerd.cri.v1.images'.pinned_images]
  sandbox = "${PAUSE_IMAGE}"

[plugins.'io.containerd.cri.v1.runtime']
  # no CAP_SYS_RESOURCE here: runc cannot lower oom_score_adj otherwise
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
[plugins.'io.containerd.cri.v1.runtime'.cni]
  bin_dirs = ["${cniBinDir()}"]
  conf_dir = "${cniConf}"
  max_conf_num = 1
[plugins.'io.containerd.cri.v1.runtime'.containerd]
  default_runtime_name = "runc"
${runtimes}
`;
    }

    private async startNode(spec: NodeSpec, index: number): Promise<StartedNode> {
        const root = path.join(this.dir, spec.name);
        for (const d of ["cni", "runc", "pod-logs", "kubelet", "containerd"]) {
            fs.mkdirSync(path.join(root, d), { recursive: true });
        }
        const ip = this.addr(index + 1);
        const holder = await this.startHolder(spec.name, root);
        const enter = (bin: string, args: string[]) => [
            "-t",
            String(holder.pid),
            "-m",
            "-n",
            "--",
            bin,
            ...args,
        ];
        // cgroup root of this node in every hierarchy (kubelet requires it to exist)
        const cgName = `cvmkit-${this.id}-${spec.name}`;
        for (const h of cgroupHierarchies()) {
            const d = path.join(h, cgName);
            fs.mkdirSync(d, { recursive: true });
            this.cgroupDirs.push(d);
        }
        this.writeCleanupScript();
        // CNI: the bridge plugin on the namespace's bridge, host-local with this node's share of the /24 and
        // no routes (with a routes entry pod-to-pod traffic went through the host, which does not forward)
        const cniConf = path.join(root, "cni");
        // node i: the /26 at 64 * (i + 1) (addresses 250–254 stay for the listeners)
        const first = 64 * (index + 1);
        fs.writeFileSync(
            path.join(cniConf, "10-cvmkit.conflist"),
            JSON.stringify(
                {
                    cniVersion: "1.0.0",
                    name: "cvmkit-e2e",
                    plugins: [
                        {
                            type: "bridge",
                            bridge: this.bridge,
                            isGateway: false,
                            ipMasq: false,
                            hairpinMode: true,
                            ipam: {
                                type: "host-local",
                                ranges: [
                                    [
                                        {
                                            subnet: this.podSubnet,
                                            rangeStart: this.addr(first),
                                            rangeEnd: this.addr(Math.min(first + 62, 249)),
                                        },
                                    ],
                                ],
                            },
                        },
                        { type: "portmap", capabilities: { portMappings: true } },
                    ],
                },
                null,
                2,
            ),
        );
        const cfg = path.join(root, "containerd.toml");
        fs.writeFileSync(cfg, this.containerdConfig(root, spec, cniConf));
        const binDir = path.dirname(nodeBinary("containerd-shim-runc-v2"));
        const env = { ...process.env, PATH: `${binDir}:${process.env["PATH"] ?? "/usr/bin:/bin"}` };
        const sock = path.join(root, "containerd.sock");
        const containerd = this.spawnProc(
            `${spec.name}-containerd`,
            "nsenter",
            enter(nodeBinary("containerd"), ["--config", cfg, "--log-level", "warn"]),
            env,
        );
        const ctr = nodeBinary("ctr");
        await this.waitFor(`${spec.name}: containerd`, containerd, () => {
            if (!fs.existsSync(sock)) return false;
            run(ctr, ["--address", sock, "version"], 5000);
            return true;
        });
        const node: StartedNode = {
            name: spec.name,
            ip,
            containerdSocket: sock,
            runtimeHandlers: ["runc", ...(spec.runtimeHandlers ?? [])],
            holderPid: holder.pid,
            crictl: (args) =>
                run(nodeBinary("crictl"), [
                    `--runtime-endpoint=unix://${sock}`,
                    `--image-endpoint=unix://${sock}`,
                    "--timeout=10s",
                    ...args,
                ]),
            exec: (id, command, timeoutSeconds = 10) => {
                const r = spawnSync(
                    nodeBinary("crictl"),
                    [
                        `--runtime-endpoint=unix://${sock}`,
                        `--timeout=${timeoutSeconds + 5}s`,
                        "exec",
                        "--sync",
                        `--timeout=${timeoutSeconds}`,
                        id.replace(/^containerd:\/\//, ""),
                        ...command,
                    ],
                    { encoding: "utf8", timeout: (timeoutSeconds + 10) * 1000 },
                );
                return { status: r.status ?? -1, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
            },
            logTail: (c, lines) =>
                tail(
                    path.join(
                        this.dir,
                        "logs",
                        `${c === "kube-router" ? "" : `${spec.name}-`}${c}.log`,
                    ),
                    lines,
                ),
            start: () => this.startKubelet(spec, root, ip, sock, enter, cgName),
        };
        return node;
    }

    private kubelets = new Map<string, NodeProc>();

    private startKubelet(
        spec: NodeSpec,
        root: string,
        ip: string,
        sock: string,
        enter: (bin: string, args: string[]) => string[],
        cgName: string,
    ): void {
        const kubeconfig = path.join(root, "kubeconfig");
        fs.writeFileSync(kubeconfig, this.nsKubeconfig(), { mode: 0o600 });
        const config = {
            apiVersion: "kubelet.config.k8s.io/v1beta1",
            kind: "KubeletConfiguration",
            address: ip,
            port: 10250,
            readOnlyPort: 0,
            healthzBindAddress: ip,
            healthzPort: 10248,
            // the kubelet API is reached only from this machine (loopback-routed namespace)
            authentication: { anonymous: { enabled: true }, webhook: { enabled: false } },
            authorization: { mode: "AlwaysAllow" },
            cgroupDriver: "cgroupfs",
            cgroupRoot: `/${cgName}`,
            // kubelet 1.35 refuses cgroup v1 unless told otherwise; this machine has v1 hierarchies
            failCgroupV1: false,
            failSwapOn: false,
            containerRuntimeEndpoint: `unix://${sock}`,
            evictionHard: {},
            // imported images must not be garbage-collected on a full disk
            imageGCHighThresholdPercent: 100,
            imageGCLowThresholdPercent: 99,
            resolvConf: "",
            clusterDNS: [this.dnsAddress],
            clusterDomain: "cluster.local",
            podLogsDir: path.join(root, "pod-logs"),
            registerWithTaints: spec.taints ?? [],
            serializeImagePulls: false,
            nodeStatusUpdateFrequency: "4s",
            syncFrequency: "10s",
        };
        const cfgPath = path.join(root, "kubelet-config.json");
        fs.writeFileSync(cfgPath, JSON.stringify(config, null, 2));
        const labels = Object.entries(spec.labels ?? {})
            .map(([k, v]) => `${k}=${v}`)
            .join(",");
        const args = [
            `--config=${cfgPath}`,
            `--kubeconfig=${kubeconfig}`,
            `--root-dir=${path.join(root, "kubelet")}`,
            `--hostname-override=${spec.name}`,
            `--node-ip=${ip}`,
            ...(labels ? [`--node-labels=${labels}`] : []),
            "--v=1",
        ];
        const p = this.spawnProc(
            `${spec.name}-kubelet`,
            "nsenter",
            enter(nodeBinary("kubelet"), args),
        );
        this.kubelets.set(spec.name, p);
    }

    /** A kubeconfig for processes inside the namespace: 127.0.0.1:6443 is the forwarder to kube-apiserver. */
    private nsKubeconfig(): string {
        return JSON.stringify({
            apiVersion: "v1",
            kind: "Config",
            clusters: [
                {
                    name: "e2e",
                    cluster: {
                        server: "https://127.0.0.1:6443",
                        "certificate-authority-data": this.plane.caData,
                    },
                },
            ],
            users: [{ name: "admin", user: { token: this.plane.token } }],
            contexts: [{ name: "e2e", context: { cluster: "e2e", user: "admin" } }],
            "current-context": "e2e",
        });
    }

    private async startForwarders(): Promise<void> {
        const sockPath = path.join(this.dir, "apiserver.sock");
        const port = new URL(this.plane.server).port;
        const script = path.join(this.dir, "forwarder.js");
        fs.writeFileSync(script, FORWARDER);
        const host = this.spawnProc("forward-host", process.execPath, [
            script,
            "unix-to-tcp",
            sockPath,
            port,
        ]);
        await this.waitFor("forwarder (host side)", host, () => fs.existsSync(sockPath), 10_000);
        const inside = this.spawnProc("forward-netns", "nsenter", [
            `--net=/run/netns/${this.netns}`,
            "--",
            process.execPath,
            script,
            "tcp-to-unix",
            "6443",
            sockPath,
        ]);
        await this.waitFor(
            "forwarder (namespace side)",
            inside,
            () => /127\.0\.0\.1:6443/.test(this.inNetns("ss", ["-ltn"])),
            10_000,
        );
    }

    loadImage(image: NodeImage): void {
        const probe = nodeBinary("cvmkit-probe");
        const builder = nodeBinary("cvmkit-image-builder");
        const tar = path.join(this.dir, "images", `${crypto.randomBytes(4).toString("hex")}.tar`);
        fs.mkdirSync(path.dirname(tar), { recursive: true });
        const pause = image.pause ?? false;
        const files = pause
            ? [`/pause=${probe}`]
            : [...new Set([...STAND_IN_PATHS, ...(image.programPaths ?? [])])].map(
                  (p) => `${p}=${probe}`,
              );
        run(builder, [
            "-out",
            tar,
            ...image.names.flatMap((n) => ["-name", n]),
            ...files.flatMap((f) => ["-file", f]),
            "-entrypoint",
            pause ? "/pause" : "/probe",
        ]);
        for (const n of this.nodes) {
            run(nodeBinary("ctr"), [
                "--address",
                n.containerdSocket,
                "-n",
                "k8s.io",
                "images",
                "import",
                tar,
            ]);
        }
        fs.rmSync(tar, { force: true });
    }

    async listen(address: string, port: number): Promise<void> {
        const p = this.spawnProc(`listen-${address}-${port}`, "nsenter", [
            `--net=/run/netns/${this.netns}`,
            "--",
            nodeBinary("cvmkit-probe"),
            "listen",
            `${address}:${port}`,
        ]);
        await this.waitFor(
            `listener ${address}:${port}`,
            p,
            () => /listening on/.test(tail(p.log, 3)),
            10_000,
        );
    }

    async start(): Promise<void> {
        const t0 = Date.now();
        fs.mkdirSync(path.join(this.dir, "logs"), { recursive: true });
        this.writeCleanupScript();
        this.setupNetwork();
        await this.startForwarders();
        const started: StartedNode[] = [];
        for (const [i, spec] of this.specs.entries()) started.push(await this.startNode(spec, i));
        this.nodes = started;
        const containerdReadyMs = Date.now() - t0;
        this.loadImage({ names: [PAUSE_IMAGE], pause: true });
        const imagesLoadedMs = Date.now() - t0;
        for (const n of started) n.start();
        await this.listen(this.dnsAddress, 53);
        const kube = new Kube(this.plane);
        for (const n of started) {
            await this.waitFor(`node ${n.name} Ready`, this.kubelets.get(n.name), async () => {
                const r = await kube.request<{
                    status?: { conditions?: { type: string; status: string }[] };
                }>("GET", `/api/v1/nodes/${n.name}`);
                return (
                    r.status === 200 &&
                    !!r.body.status?.conditions?.some(
                        (c) => c.type === "Ready" && c.status === "True",
                    )
                );
            });
        }
        const nodesReadyMs = Date.now() - t0;
        // kube-router (test peer only) on the first node that asks for NetworkPolicy enforcement
        const npIndex = this.specs.findIndex((s) => s.networkPolicy);
        if (npIndex >= 0) {
            const spec = this.specs[npIndex]!;
            const n = started[npIndex]!;
            const kubeconfig = path.join(this.dir, spec.name, "kubeconfig");
            const kr = this.spawnProc("kube-router", "nsenter", [
                "-t",
                String(n.holderPid),
                "-m",
                "-n",
                "--",
                nodeBinary("kube-router"),
                `--kubeconfig=${kubeconfig}`,
                "--run-firewall=true",
                "--run-router=false",
                "--run-service-proxy=false",
                "--enable-cni=false",
                "--health-port=0",
                "--metrics-port=0",
                "--service-cluster-ip-range=10.0.0.0/24",
                `--hostname-override=${spec.name}`,
                "--iptables-sync-period=5m",
                "-v=1",
            ]);
            await this.waitFor(
                "kube-router's firewall chains",
                kr,
                () => /KUBE-ROUTER-FORWARD/.test(this.inNetns("iptables-save", ["-t", "filter"])),
                60_000,
            );
        }
        this.timings = { containerdReadyMs, imagesLoadedMs, nodesReadyMs };
    }

    private async stopProc(p: NodeProc, graceMs = 5000): Promise<void> {
        if (!this.running(p)) return;
        try {
            p.child.kill("SIGTERM");
        } catch {
            /* gone */
        }
        let timer: NodeJS.Timeout | undefined;
        const ok = await Promise.race([
            p.exited.then(() => true),
            new Promise<boolean>((r) => (timer = setTimeout(() => r(false), graceMs))),
        ]);
        clearTimeout(timer);
        if (!ok && p.child.pid) {
            try {
                process.kill(p.child.pid, "SIGKILL");
            } catch {
                /* gone */
            }
            await Promise.race([p.exited, sleep(5000)]);
        }
    }

    async stop(): Promise<void> {
        if (this.stopped) return;
        this.stopped = true;
        // pods first (their sandboxes, netns mounts and cgroups), while containerd still runs
        for (const n of this.nodes) {
            try {
                n.crictl(["rmp", "--all", "--force"]);
            } catch {
                /* containerd gone already */
            }
        }
        const order = (p: NodeProc) =>
            p.name === "kube-router"
                ? 0
                : p.name.endsWith("-kubelet")
                  ? 1
                  : p.name.startsWith("listen-")
                    ? 2
                    : p.name.endsWith("-containerd")
                      ? 3
                      : p.name.startsWith("forward-")
                        ? 4
                        : 5;
        for (const p of [...this.procs].sort((a, b) => order(a) - order(b))) {
            await this.stopProc(p, p.name.endsWith("-holder") ? 1000 : 5000);
        }
        this.cleanupSync();
    }

    /** Everything left (shims, container processes, the namespace, cgroups), by PID; synchronous. */
    cleanupSync(): void {
        for (const p of this.procs) {
            if (this.running(p) && p.child.pid) {
                try {
                    process.kill(p.child.pid, "SIGKILL");
                } catch {
                    /* gone */
                }
            }
        }
        try {
            execFileSync("sh", [path.join(this.dir, "cleanup.sh")], {
                stdio: "ignore",
                timeout: 30_000,
            });
        } catch {
            /* best effort; the watchdog runs it again */
        }
        try {
            fs.rmSync(path.join(this.plane.dir, "cleanup.d", "node.sh"), { force: true });
        } catch {
            /* ignore */
        }
    }
}

/**
 * Starts `specs` as real nodes of the control plane described by `plane`; resolves once every node is
 * Ready (and kube-router's chains exist when a node enforces NetworkPolicies). On failure, everything
 * started is removed and the error carries the failing component's log tail.
 */
export async function startNodes(
    plane: NodePlaneInfo,
    specs: readonly NodeSpec[],
): Promise<NodeCluster & { cleanupSync(): void }> {
    const support = nodeSupport();
    if (!support.ok) throw new Error(`cannot start a node here: ${support.reason}`);
    const names = new Set(specs.map((s) => s.name));
    if (names.size !== specs.length || specs.length === 0 || specs.length > 3) {
        throw new Error("startNodes: 1–3 nodes with distinct names");
    }
    if (specs.filter((s) => s.networkPolicy).length > 1) {
        throw new Error(
            "startNodes: kube-router runs on one node only (networkPolicy on one spec)",
        );
    }
    const n = new Nodes(plane, specs);
    try {
        await n.start();
        return n;
    } catch (e) {
        await n.stop();
        throw e;
    }
}
