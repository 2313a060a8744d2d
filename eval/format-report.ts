import { formatTable } from "../src/cli/print-table.js";
import { BARRED_CODES, type EvalReport } from "./evaluate.js";
import type { CodeMetrics } from "./metrics.js";

const share = (value: number | null) => (value === null ? "-" : value.toFixed(3));

/** The report for people: per-code table, disagreements with a diagnosis each, bars and timing. */
export function formatReport(report: EvalReport): string {
  const drawn = new Map(report.drawnTextPerCode.map((m) => [m.code, m]));
  const rows = report.perCode.map((m) => [
    m.code,
    String(m.support),
    String(m.raised),
    String(m.truePositives),
    String(m.falsePositives),
    String(m.falseNegatives),
    share(m.precision),
    share(m.recall),
    drawnText(drawn.get(m.code)),
    barColumn(m, report),
  ]);
  const { pooled } = report;
  rows.push([
    "all codes",
    String(pooled.support),
    String(pooled.raised),
    String(pooled.truePositives),
    String(pooled.falsePositives),
    String(pooled.falseNegatives),
    share(pooled.precision),
    share(pooled.recall),
    "",
    "",
  ]);
  const sections = [
    `${report.images} images; detectors ${report.detectors.map((d) => `${d.id} ${d.version}`).join(", ")}\n`,
    formatTable(
      ["CODE", "SUPPORT", "RAISED", "TP", "FP", "FN", "PRECISION", "RECALL", "DRAWN-TEXT P/R", "BAR"],
      rows,
    ),
  ];
  if (report.unsupportedCodes.length > 0) {
    sections.push(
      `unsupported (expected, but no configured detector raises them; left out of the counts): ${report.unsupportedCodes.join(", ")}\n`,
    );
  }
  if (report.disagreements.length > 0) {
    sections.push(
      `\n${report.disagreements.length} disagreements:\n`,
      formatTable(
        ["IMAGE", "CODE", "KIND", "DIAGNOSIS", "DETAIL"],
        report.disagreements.map((d) => [d.id, d.code, d.kind, d.diagnosis, d.detail.slice(0, 240)]),
      ),
    );
  }
  const { bars, timing } = report;
  sections.push(
    `\nbars (precision ≥ 0.95 and recall ≥ 0.90 per text, technical and spec text code; no NUDITY or SUGGESTIVE on real photos): ` +
      `${bars.passed ? "met" : "MISSED"}\n`,
    ...bars.misses.map((miss) => `  - ${miss}\n`),
    bars.notChecked.length > 0 ? `  not checked (unsupported): ${bars.notChecked.join(", ")}\n` : "",
    `time: ${(timing.totalMs / 1000).toFixed(1)} s in all, ${timing.meanImageMs} ms an image; ` +
      `detector time ${Object.entries(timing.detectorMs)
        .map(([id, ms]) => `${id} ${(ms / 1000).toFixed(1)} s`)
        .join(", ")}\n`,
  );
  return sections.join("");
}

function drawnText(metrics: CodeMetrics | undefined): string {
  return metrics ? `${share(metrics.precision)}/${share(metrics.recall)}` : "";
}

function barColumn(metrics: CodeMetrics, report: EvalReport): string {
  if (!BARRED_CODES.includes(metrics.code)) return "";
  return report.bars.misses.some((miss) => miss.startsWith(`${metrics.code}:`)) ? "MISSED" : "ok";
}
