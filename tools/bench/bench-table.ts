/** A ratio target: portlab/peer at least, at most, or within a fraction of 1. */
export type Target =
  | { readonly kind: "at-least"; readonly ratio: number }
  | { readonly kind: "at-most"; readonly ratio: number }
  | { readonly kind: "within"; readonly fraction: number }
  | { readonly kind: "none" };

export type Verdict = "pass" | "MISS" | "info" | "n/a";

export interface BenchRow {
  readonly metric: string;
  /** Measured numbers (null where there is none), and how the table shows them. */
  readonly portlab: number | null;
  readonly peer: number | null;
  readonly unit: string;
  readonly peerLabel: string;
  /** portlab / peer. */
  readonly ratio: number | null;
  readonly target: Target;
  readonly verdict: Verdict;
  /** Why there is no number (peer not installed, a step failed). */
  readonly note: string | null;
}

export function describeTarget(target: Target): string {
  if (target.kind === "at-least") return `>= ${target.ratio}x`;
  if (target.kind === "at-most") return `<= ${target.ratio}x`;
  if (target.kind === "within") return `1.0x ±${Math.round(target.fraction * 100)}%`;
  return "-";
}

function verdictOf(ratio: number | null, target: Target): Verdict {
  if (target.kind === "none") return ratio === null ? "n/a" : "info";
  if (ratio === null) return "n/a";
  if (target.kind === "at-least") return ratio >= target.ratio ? "pass" : "MISS";
  if (target.kind === "at-most") return ratio <= target.ratio ? "pass" : "MISS";
  return Math.abs(ratio - 1) <= target.fraction ? "pass" : "MISS";
}

export interface RowInput {
  readonly metric: string;
  readonly portlab: number | null;
  readonly peer: number | null;
  readonly unit: string;
  readonly peerLabel: string;
  readonly target: Target;
  readonly note?: string | null;
}

export function benchRow(input: RowInput): BenchRow {
  const ratio =
    input.portlab !== null && input.peer !== null && input.peer > 0 ? input.portlab / input.peer : null;
  return { ...input, ratio, verdict: verdictOf(ratio, input.target), note: input.note ?? null };
}

function formatNumber(value: number | null, unit: string): string {
  if (value === null) return "-";
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 })} ${unit}`;
}

function peerCell(row: BenchRow): string {
  if (row.peer === null) return row.note ?? "-";
  const value = `${formatNumber(row.peer, row.unit)} (${row.peerLabel})`;
  return row.note === null ? value : `${value}; ${row.note}`;
}

/** The table: metric, portlab, peer, ratio, target, verdict; a note replaces the peer cell. */
export function renderBenchTable(rows: readonly BenchRow[]): string {
  const header = ["metric", "portlab", "peer", "ratio", "target", "result"];
  const cells = rows.map((row) => [
    row.metric,
    formatNumber(row.portlab, row.unit),
    peerCell(row),
    row.ratio === null ? "-" : `${row.ratio.toFixed(2)}x`,
    describeTarget(row.target),
    row.verdict,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => line[column]!.length)),
  );
  const line = (values: readonly string[]) =>
    values
      .map((value, column) => value.padEnd(widths[column]!))
      .join("  ")
      .trimEnd();
  const targeted = rows.filter((row) => row.target.kind !== "none");
  const missed = targeted.filter((row) => row.verdict === "MISS").map((row) => row.metric);
  const met = targeted.filter((row) => row.verdict === "pass").length;
  const unmeasured = targeted.filter((row) => row.verdict === "n/a").length;
  const footer = [
    `targets: ${met} met`,
    missed.length === 0 ? "none missed" : `MISSED ${missed.length}: ${missed.join("; ")}`,
    ...(unmeasured > 0 ? [`${unmeasured} not measured`] : []),
  ].join(", ");
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...cells.map(line), "", footer].join(
    "\n",
  );
}

/** One figure as `npm run bench -- --json` keeps it: what was measured, against what, and whether it met its target. */
export interface BenchFigure {
  readonly name: string;
  readonly value: number | null;
  readonly unit: string;
  readonly peer: number | null;
  readonly peerLabel: string;
  readonly ratio: number | null;
  /** The target as text (`>= 0.85x`) and as data; null when the row only informs. */
  readonly target: { readonly text: string; readonly spec: Target } | null;
  /** null: no target, or nothing measured. */
  readonly pass: boolean | null;
  readonly note: string | null;
}

export function benchFigure(row: BenchRow): BenchFigure {
  return {
    name: row.metric,
    value: row.portlab,
    unit: row.unit.trim(),
    peer: row.peer,
    peerLabel: row.peerLabel,
    ratio: row.ratio,
    target: row.target.kind === "none" ? null : { text: describeTarget(row.target), spec: row.target },
    pass: row.verdict === "pass" ? true : row.verdict === "MISS" ? false : null,
    note: row.note,
  };
}
