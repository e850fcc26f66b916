/**
 * Prints a doctor report: a wrapped table with a verdict line (identical findings grouped), or JSON.
 */
import type { DoctorFinding } from "./findings";
import type { DoctorReport } from "./run";

/** How many example subjects a grouped row names. */
export const GROUP_EXAMPLES = 3;

/** Findings with the same check, status, message and remedy about several objects of one kind. */
export interface FindingGroup {
    readonly finding: DoctorFinding;
    /** Every subject of the group, in report order (empty for a cluster-wide finding). */
    readonly subjects: readonly string[];
}

/**
 * Groups identical findings about different objects of one kind (`node/a`, `node/b`, …) into one; the rows
 * of one check stay together, in the order the checks first appear. Findings without a subject stay on
 * their own.
 */
export function groupFindings(findings: readonly DoctorFinding[]): FindingGroup[] {
    const groups: { finding: DoctorFinding; subjects: string[] }[] = [];
    const byKey = new Map<string, { finding: DoctorFinding; subjects: string[] }>();
    for (const f of findings) {
        if (!f.subject) {
            groups.push({ finding: f, subjects: [] });
            continue;
        }
        const kind = f.subject.includes("/") ? f.subject.slice(0, f.subject.indexOf("/")) : "";
        const key = JSON.stringify([f.check, f.status, kind, f.message, f.remedy ?? ""]);
        const group = byKey.get(key);
        if (group) {
            group.subjects.push(f.subject);
        } else {
            const created = { finding: f, subjects: [f.subject] };
            byKey.set(key, created);
            groups.push(created);
        }
    }
    // rows of one check stay together, in the order the checks first appear
    const order = new Map<string, number>();
    groups.forEach((g, i) => {
        if (!order.has(g.finding.check)) order.set(g.finding.check, i);
    });
    return groups
        .map((g, i) => ({ g, i }))
        .sort((a, b) => order.get(a.g.finding.check)! - order.get(b.g.finding.check)! || a.i - b.i)
        .map(({ g }) => g);
}

function groupDetail(g: FindingGroup): string {
    const f = g.finding;
    if (g.subjects.length <= 1) return f.subject ? `${f.subject}: ${f.message}` : f.message;
    const first = g.subjects[0]!;
    const kind = first.includes("/") ? first.slice(0, first.indexOf("/")) : "object";
    const names = g.subjects.slice(0, GROUP_EXAMPLES).map((s) => s.slice(s.indexOf("/") + 1));
    const more = g.subjects.length - names.length;
    return `${g.subjects.length} ${kind}s (${names.join(", ")}${more > 0 ? `, +${more} more` : ""}): ${f.message}`;
}

/** Options of {@link formatTable}. */
export interface TableOptions {
    /** Terminal width. @default 120 */
    readonly width?: number;
    /** One row per finding instead of grouping identical findings about several objects. @default false */
    readonly verbose?: boolean;
}

const MARK = { ok: "ok", warn: "WARN", fail: "FAIL" } as const;

function wrap(text: string, width: number): string[] {
    const words = text.split(/\s+/).filter(Boolean);
    const lines: string[] = [];
    let line = "";
    for (const w of words) {
        if (line && line.length + 1 + w.length > width) {
            lines.push(line);
            line = w;
        } else {
            line = line ? `${line} ${w}` : w;
        }
    }
    if (line) lines.push(line);
    return lines.length ? lines : [""];
}

/**
 * A readable table: check, status, detail, remedy; long cells wrapped. Identical findings about several
 * objects (e.g. 300 identical nodes) share one row naming the count and a few examples, unless `verbose`.
 */
export function formatTable(report: DoctorReport, options: TableOptions | number = {}): string {
    const { width = 120, verbose = false } =
        typeof options === "number" ? { width: options } : options;
    const groups: FindingGroup[] = verbose
        ? report.findings.map((f) => ({ finding: f, subjects: f.subject ? [f.subject] : [] }))
        : groupFindings(report.findings);
    const rows = groups.map((g) => [
        g.finding.check,
        MARK[g.finding.status],
        groupDetail(g),
        g.finding.remedy ?? "",
    ]);
    const headers = ["CHECK", "STATUS", "DETAIL", "REMEDY"];
    const checkW = Math.max(5, ...rows.map((r) => r[0]!.length));
    const statusW = 6;
    const rest = Math.max(40, width - checkW - statusW - 6);
    const detailW = Math.floor(rest * 0.55);
    const remedyW = rest - detailW;
    const out: string[] = [];
    const line = (cells: string[]) =>
        out.push(
            `${cells[0]!.padEnd(checkW)}  ${cells[1]!.padEnd(statusW)}  ${cells[2]!.padEnd(detailW)}  ${cells[3]}`.trimEnd(),
        );
    line(headers);
    line(["-".repeat(checkW), "-".repeat(statusW), "-".repeat(detailW), "-".repeat(remedyW)]);
    for (const r of rows) {
        const detail = wrap(r[2]!, detailW);
        const remedy = wrap(r[3]!, remedyW);
        for (let i = 0; i < Math.max(detail.length, remedy.length); i++) {
            line([i === 0 ? r[0]! : "", i === 0 ? r[1]! : "", detail[i] ?? "", remedy[i] ?? ""]);
        }
    }
    const c = report.counts;
    out.push("");
    out.push(
        `${report.server} · namespace ${report.namespace} · mode ${report.mode}: ${c.ok} ok, ${c.warn} warn, ${c.fail} fail — ${verdict(report)}`,
    );
    return `${out.join("\n")}\n`;
}

function verdict(report: DoctorReport): string {
    if (report.exitCode !== 0) return "NOT ready for CVMs";
    return report.counts.warn > 0 ? "no blocking problem; review the warnings" : "ready for CVMs";
}

/** The report as JSON for machines. */
export function formatJson(report: DoctorReport): string {
    return `${JSON.stringify(report, null, 2)}\n`;
}
