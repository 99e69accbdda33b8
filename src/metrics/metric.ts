import type { HostRole } from "../core/host.js";
import type { HostMetricValue, RunSummary } from "../core/run-summary.js";

/**
 * A metric, declared once (one file here and a line in registry.ts): samples.ndjson's readers, summary.json's
 * `metrics`, the comparison table, the report's charts and `portlab compare` iterate the registry.
 */
interface MetricBase {
  /** Its name in summary.json's `metrics` and in a scenario's `compare:` section. */
  readonly name: string;
  /** What it is, with its unit: "lowest free ephemeral ports". */
  readonly description: string;
  readonly unit: string;
  /** Which way is better; the other one, past the tolerance, is a regression in `portlab compare`. */
  readonly better: "higher" | "lower";
  /** When it counts as a regression, for the scenario reference: "fewer is a regression". */
  readonly regression: string;
  /** How a regression reads in `portlab compare`: "fewer free ports at the lowest point". */
  readonly worse: string;
  /** Its column in the comparison table, when it has one. */
  readonly column?: string;
}

/** A figure of the whole run, read from the summary fields the client's report gives (ok/s, p99 latency). */
export interface RunFigure extends MetricBase {
  readonly source: "run";
  /** null: not recorded for this run (not compared). */
  value(run: RunSummary): number | null;
  /** Its table cell. */
  cell?(run: RunSummary): string;
}

/** One sampled host in one second: a line of samples.ndjson as a metric reads it. */
export interface HostSecond {
  readonly states: Readonly<Partial<Record<string, number>>>;
  readonly portsInUse: number | null;
  readonly freePorts: number | null;
  readonly tw: number | null;
  readonly counters?: Readonly<Partial<Record<string, number>>>;
}

/** Read on each sampled host of its roles every second, and folded over the run. */
export interface HostMetric extends MetricBase {
  readonly source: "hosts";
  readonly roles: readonly HostRole[];
  /** The second's reading; null where the host does not have it (no port range of interest). */
  read(second: HostSecond): number | null;
  /** How one host's seconds fold into its run value. */
  readonly over: "peak" | "min";
  /** How the hosts' values give the run's: the highest of them, or the first client host's. */
  readonly across: "max" | "first";
  /** A report chart of it, one series per host: its title, id and series label ("TIME_WAIT client"). */
  readonly chart?: { readonly id: string; readonly title: string; readonly label: string };
  /** Its table cell from the run's value. */
  cell?(value: HostMetricValue | null): string;
  /** summary.json files from before `metrics`: the value from their older fields, when they have it. */
  legacy?(run: RunSummary): HostMetricValue | null;
}

export type Metric = RunFigure | HostMetric;
