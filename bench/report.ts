/** Targets and the Markdown report of a benchmark run. */
import type { DoctorResult } from "./doctor";
import type { EngineResult } from "./engine";
import type { LoadResult } from "./load";
import type { ProgramRow } from "./program";
import type { ScaleResult } from "./scale";
import type { Summary } from "./lib/stats";

export interface Results {
    readonly meta: Record<string, unknown>;
    readonly load: LoadResult;
    readonly program: ProgramRow[];
    readonly scale: ScaleResult;
    readonly engine: EngineResult;
    /** Absent in results written before the doctor was measured. */
    readonly doctor?: DoctorResult;
    targets?: Target[];
}

export interface Target {
    readonly target: string;
    readonly measured: string;
    readonly met: boolean | "skipped";
}

const s = (x: Summary, unit = "") => `${x.median}${unit} (${x.min}–${x.max})`;
const yes = (b: boolean | "skipped") => (b === "skipped" ? "skipped" : b ? "met" : "**missed**");

export function targets(r: Results): Target[] {
    const k8s = r.load.rows.find((x) => x.name === "cvmkit/kubernetes")!;
    const root = r.load.rows.find((x) => x.name === "cvmkit (root)")!;
    const rootVsBare =
        Math.round((root.cvmkit.requireMs.median / k8s.baseline.requireMs.median) * 1000) / 1000;
    const out: Target[] = [
        {
            target: "cvmkit/kubernetes load ≤ 1.15× bare @pulumi/pulumi+@pulumi/kubernetes (time and heap)",
            measured: `${k8s.ratio.requireMs}× time, ${k8s.ratio.heapUsedMiB}× heap`,
            met: k8s.ratio.requireMs <= 1.15 && k8s.ratio.heapUsedMiB <= 1.15,
        },
        {
            target: "root far below that (≤ 0.25×) and loads no Pulumi/cdk8s/cloud SDK",
            measured: `${rootVsBare}× time; SDK packages loaded: ${root.sdkPackagesLoaded.join(", ") || "none"}`,
            met: rootVsBare <= 0.25 && r.load.rootLoadsNoSdk,
        },
    ];
    for (const p of r.program) {
        out.push({
            target: `${p.cloud}: CvmStack ≤ 1.2× hand-written (wall and peak RSS)`,
            measured: `${p.ratio.wallMs}× wall, ${p.ratio.maxRssMiB}× RSS`,
            met: p.ratio.wallMs <= 1.2 && p.ratio.maxRssMiB <= 1.2,
        });
    }
    for (const p of r.program) {
        const c = p.criticalPath.cvmkit;
        out.push({
            target: `${p.cloud}: critical path = minimum (${p.criticalPath.minimumSlowSteps} slow steps; only DaemonSets wait for the pool)`,
            measured: `${c.slowSteps} slow steps; ${c.chain} resources (hand-written ${p.criticalPath.hand.chain})`,
            met:
                c.slowSteps === p.criticalPath.minimumSlowSteps &&
                c.nonDaemonSetsWaitingForPool.length === 0,
        });
    }
    if ("skipped" in r.engine) {
        out.push({
            target: "real pulumi up ≤ 5× SSA floor; no-op up < 3 s",
            measured: r.engine.skipped,
            met: "skipped",
        });
    } else {
        const e = r.engine;
        out.push({
            target: "real pulumi up ≤ 5× the SSA floor",
            measured: `${e.ratio.upVsFloor}× (${e.ratio.upMinusEngineVsFloor}× without the engine's fixed cost)`,
            met: e.ratio.upVsFloor <= 5,
        });
        out.push({
            target: "no-op pulumi up < 3 s",
            measured: `${e.stats.noopUpMs.median} ms`,
            met: e.stats.noopUpMs.max < 3000,
        });
    }
    const f = r.scale.fit.cvmkit;
    out.push({
        target: "linear growth with node pools (R² ≥ 0.98 for wall and RSS)",
        measured: `wall R² ${f.wallMs.r2}, RSS R² ${f.maxRssMiB.r2}, resources R² ${f.resources.r2}`,
        met: f.wallMs.r2 >= 0.98 && f.maxRssMiB.r2 >= 0.98,
    });
    return out;
}

export function markdown(r: Results, chartFile: string | undefined): string {
    const L: string[] = [];
    const m = r.meta;
    L.push(`# cvmkit benchmark`, "");
    L.push(
        `${m["date"]} · Node ${m["node"]} · ${m["cpus"]} × ${m["cpu"]} · ${m["memGiB"]} GiB · commit ${m["commit"]}${m["quick"] ? " · **--quick**" : ""}. Medians with (min–max).`,
        "",
    );
    L.push("## Targets", "", "| Target | Measured | |", "|---|---|---|");
    for (const t of r.targets ?? []) L.push(`| ${t.target} | ${t.measured} | ${yes(t.met)} |`);

    L.push(
        "",
        `## 1. Load cost (fresh process each, ${r.load.runs} runs; heap after a full GC)`,
        "",
    );
    L.push(
        "| Entry point | require ms | heap MiB | RSS MiB | bare SDKs | bare ms | bare heap MiB | ratio time / heap / RSS | SDK packages loaded |",
        "|---|---|---|---|---|---|---|---|---|",
    );
    for (const x of r.load.rows) {
        L.push(
            `| \`${x.name}\` | ${s(x.cvmkit.requireMs)} | ${s(x.cvmkit.heapUsedMiB)} | ${s(x.cvmkit.rssMiB)} | ${x.bare} | ${s(x.baseline.requireMs)} | ${s(x.baseline.heapUsedMiB)} | ${x.ratio.requireMs} / ${x.ratio.heapUsedMiB} / ${x.ratio.rssMiB} | ${x.sdkPackagesLoaded.join(", ") || "none"} |`,
        );
    }
    L.push(
        "",
        `Empty Node process: heap ${s(r.load.emptyProcess.heapUsedMiB)} MiB, RSS ${s(r.load.emptyProcess.rssMiB)} MiB.`,
    );

    const runs = r.program[0]?.cvmkit.wallMs.n;
    L.push("", `## 2. Program cost under Pulumi mocks (fresh process each, ${runs} runs)`, "");
    L.push(
        "Wall = process start → last registration (Node start-up, SDK load, program). Sysbox runtime on, Kubernetes 1.33.",
        "",
        "| Cloud | cvmkit wall ms | hand wall ms | ratio | cvmkit peak RSS MiB | hand peak RSS MiB | ratio | resources cvmkit (custom) | hand |",
        "|---|---|---|---|---|---|---|---|---|",
    );
    for (const p of r.program) {
        L.push(
            `| ${p.cloud} | ${s(p.cvmkit.wallMs)} | ${s(p.hand.wallMs)} | ${p.ratio.wallMs} | ${s(p.cvmkit.maxRssMiB)} | ${s(p.hand.maxRssMiB)} | ${p.ratio.maxRssMiB} | ${p.cvmkit.resources} (${p.cvmkit.custom}) | ${p.hand.resources} |`,
        );
    }
    L.push(
        "",
        "`@pulumi/eks` v3 is a component provider: under mocks it registers one resource and its children are built by a separate plugin process, so it is no fair peer here and is not compared.",
    );

    L.push("", "## 3. Critical path (from the recorded dependency edges)", "");
    L.push(
        "Edges: `dependsOn` + property dependencies as sent to the engine, plus the explicit provider; a dependency on a component stands for its custom resources; parents order nothing. *Slow steps* count only cluster, node pool and DaemonSet-ready (the installer waits for Sysbox on each node); the design minimum is cluster → pool → installer = 3 (1 on an existing cluster). *Chain* counts every custom resource except provider resources.",
        "",
        "| Cloud | slow steps (min) | slow-step path | chain of custom resources | hand-written chain | longest chain | K8s objects other than DaemonSets waiting for the pool |",
        "|---|---|---|---|---|---|---|",
    );
    for (const p of r.program) {
        const c = p.criticalPath.cvmkit;
        L.push(
            `| ${p.cloud} | ${c.slowSteps} (${p.criticalPath.minimumSlowSteps}) | ${c.slowStepTypes.map((t) => t.split(":").pop()).join(" → ")} | ${c.chain} | ${p.criticalPath.hand.chain} | ${c.chainTypes.map((t) => t.split(":").pop()).join(" → ")} | ${c.nonDaemonSetsWaitingForPool.length || "none"} |`,
        );
    }

    L.push("", "## 4. Real engine (local etcd + kube-apiserver + controller manager)", "");
    if ("skipped" in r.engine) {
        L.push(`Skipped: ${r.engine.skipped}.`);
    } else {
        const e = r.engine;
        L.push(
            `Existing-cluster program, Sysbox runtime on: ${e.objects} Kubernetes objects (${e.created} resources created incl. provider and components); no-op up changes: \`${e.noopChanges}\`. ${e.runs} runs.`,
            "",
            "| Step | cvmkit (ms) | hand-written peer (ms) | floor (ms) | ratio to floor |",
            "|---|---|---|---|---|",
            `| up | ${s(e.stats.upMs)} | ${s(e.stats.handUpMs)} | SSA + rollout ${s(e.stats.ssaRolloutMs)} (SSA only ${s(e.stats.ssaMs)}) | ${e.ratio.upVsFloor} |`,
            `| no-op up | ${s(e.stats.noopUpMs)} | ${s(e.stats.handNoopUpMs)} | re-apply ${s(e.stats.ssaNoopMs)} | — |`,
            `| destroy | ${s(e.stats.destroyMs)} | ${s(e.stats.handDestroyMs)} | delete + wait gone ${s(e.stats.deleteMs)} | ${e.ratio.destroyVsDelete} |`,
            `| empty program up (engine fixed cost) | ${s(e.stats.emptyUpMs)} | | | |`,
        );
    }

    L.push(
        "",
        "## 5. Scale (N node pools round-robin over AWS, GCP, Azure; one cluster, provider and CvmCluster per cloud)",
        "",
    );
    L.push(
        "| Pools | cvmkit wall ms | cvmkit peak RSS MiB | cvmkit resources | hand wall ms | hand peak RSS MiB | hand resources |",
        "|---|---|---|---|---|---|---|",
    );
    for (const p of r.scale.points) {
        L.push(
            `| ${p.pools} | ${s(p.cvmkit.wallMs)} | ${s(p.cvmkit.maxRssMiB)} | ${p.cvmkit.resources} | ${s(p.hand.wallMs)} | ${s(p.hand.maxRssMiB)} | ${p.hand.resources} |`,
        );
    }
    L.push(
        "",
        "| Fit (y = slope·N + intercept) | wall ms | peak RSS MiB | resources |",
        "|---|---|---|---|",
    );
    for (const v of ["cvmkit", "hand"] as const) {
        const f = r.scale.fit[v];
        const t = (x: { slope: number; intercept: number; r2: number }) =>
            `${x.slope}·N + ${x.intercept} (R² ${x.r2})`;
        L.push(`| ${v} | ${t(f.wallMs)} | ${t(f.maxRssMiB)} | ${t(f.resources)} |`);
    }
    if (chartFile) L.push("", `![Program cost vs node pools](${chartFile})`);
    L.push(
        "",
        "## 6. `cvmkit doctor` on a large cluster (identical Ubuntu nodes, local kube-apiserver)",
        "",
    );
    if (!r.doctor || "skipped" in r.doctor) {
        L.push(`Skipped: ${r.doctor ? r.doctor.skipped : "not measured"}.`);
    } else {
        const d = r.doctor;
        L.push(
            `${d.nodes} Node objects (registered in ${d.registerMs} ms), ${d.runs} runs of the real command each; the table groups identical findings, \`--verbose\` prints one row per node and finding.`,
            "",
            "| Output | wall ms | peak RSS MiB | lines | exit code |",
            "|---|---|---|---|---|",
        );
        for (const [v, x] of Object.entries(d.variants)) {
            L.push(
                `| ${v === "table" ? "table (default)" : `--${v}`} | ${s(x.wallMs)} | ${s(x.maxRssMiB)} | ${x.lines} | ${x.exitCode} |`,
            );
        }
    }
    return L.join("\n") + "\n";
}
