/**
 * Prints a doctor report: a wrapped table with a verdict line, or JSON.
 */
import type { DoctorReport } from "./run";

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

/** A readable table: check, status, detail, remedy; one row per finding, long cells wrapped. */
export function formatTable(report: DoctorReport, width = 120): string {
    const rows = report.findings.map((f) => [
        f.check,
        MARK[f.status],
        f.subject ? `${f.subject}: ${f.message}` : f.message,
        f.remedy ?? "",
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
