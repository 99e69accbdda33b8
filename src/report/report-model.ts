import { clientLabel } from "../clients/client-label.js";
import type { ScenarioSummary } from "../core/run-summary.js";
import { TABLE_COLUMNS, tableRow } from "../results/comparison-table.js";
import { programStatus } from "../results/program-status.js";
import type { ReadRun } from "../results/summary-extras.js";
import type { ParameterRow, ReportModel, RunPanel } from "./chart-spec.js";
import { overlayChart } from "./overlay-chart.js";
import { runCharts } from "./run-charts.js";
import type { SampleRecord } from "./sample-records.js";

function seconds(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? "never" : `${(ms / 1000).toFixed(2)} s`;
}

/** A command client: what strace saw (or the samples' free ports without it), and how the program ended. */
function commandVerdict(run: ReadRun, predicted: string): string {
  const zero = run.freePortsZeroAtMs;
  const outcome =
    run.errors === null
      ? `connect errors not observed; ${zero === null || zero === undefined ? "free ports never reached 0" : `free ports reached 0 at ${seconds(zero)}`}`
      : run.exhaustedAtMs === null
        ? "never ran out of ports (strace)"
        : `ran out of ports at ${seconds(run.exhaustedAtMs)} (strace)`;
  return `${outcome}${predicted}${run.program ? `; program ${programStatus(run.program)}` : ""}`;
}

/** One line a person reads first: did this run run out of ports, and did the model expect it. */
export function verdictOf(run: ReadRun): string {
  if (run.status === "unavailable") return `not run: ${run.unavailableReason ?? "not on this kernel"}`;
  const predicted = run.prediction ? ` (the model predicted ${seconds(run.prediction.exhaustedAtMs)})` : "";
  const partial = run.status === "interrupted" ? "interrupted; " : "";
  if (run.errors === null || run.requests === null) return `${partial}${commandVerdict(run, predicted)}`;
  const outcome =
    run.exhaustedAtMs === null
      ? "never ran out of ports"
      : `ran out of ports at ${seconds(run.exhaustedAtMs)}`;
  return `${partial}${outcome}${predicted}; ${run.okPerSec} ok/s, ${run.requests.failed} failed`;
}

function parameterRows(run: ReadRun): ParameterRow[] {
  const names = [...new Set([...Object.keys(run.sysctls ?? {}), ...Object.keys(run.serverSysctls ?? {})])];
  return names.map((name) => ({
    name,
    client: run.sysctls?.[name] ?? "-",
    server: run.serverSysctls?.[name] ?? "-",
  }));
}

function groupByRun(records: readonly SampleRecord[]): Map<number, SampleRecord[]> {
  const byRun = new Map<number, SampleRecord[]>();
  for (const record of records) {
    const list = byRun.get(record.run) ?? [];
    list.push(record);
    byRun.set(record.run, list);
  }
  return byRun;
}

/**
 * summary.json + samples.ndjson → everything the page shows, as plain data. Sample lines of a run the summary
 * does not list (one an interrupt cut short before it finished) are left out.
 */
export function buildReportModel(
  summary: ScenarioSummary & { readonly runs: readonly ReadRun[] },
  records: readonly SampleRecord[],
  skippedSamples = 0,
): ReportModel {
  const byRun = groupByRun(records.filter((record) => record.run < summary.runs.length));
  const runs: RunPanel[] = summary.runs.map((run, index) => ({
    index,
    profile: run.profile,
    client: clientLabel(run),
    explanation: run.explanation,
    status: run.status,
    verdict: verdictOf(run),
    predictionReason: run.prediction?.reason ?? null,
    charts: runCharts(index, run, byRun.get(index) ?? []),
    parameters: parameterRows(run),
  }));
  const allSeconds = [...byRun.values()].flatMap((list) => list.map((record) => record.t));
  const marks = summary.runs.flatMap((run) => [run.exhaustedAtMs, run.prediction?.exhaustedAtMs ?? null]);
  const markSeconds = marks.filter((ms): ms is number => ms !== null).map((ms) => ms / 1000);
  return {
    title: `portlab: ${summary.scenario}`,
    scenario: summary.scenario,
    kernel: summary.kernel,
    startedAt: summary.startedAt,
    finishedAt: summary.finishedAt,
    interrupted: summary.interrupted,
    portlab: summary.portlab,
    table: {
      columns: [...TABLE_COLUMNS, "explanation"],
      rows: summary.runs.map((run) => [...tableRow(run), run.explanation]),
    },
    overlay: overlayChart(summary.runs, byRun),
    runs,
    maxSeconds: Math.max(1, Math.ceil(Math.max(0, ...allSeconds, ...markSeconds))),
    skippedSamples,
  };
}
