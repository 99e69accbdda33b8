import {
  measureAutocannon,
  measurePooledRate,
  measureShortRate,
  type RateMeasurement,
} from "./client-rates.js";

/**
 * Process entry the bench runs inside the client host (`ip netns exec … node client-rate-entry.js SPEC`):
 * one closed-loop rate measurement, printed as one JSON line with the process's own peak RSS.
 */
export type ClientRateSpec =
  | {
      readonly kind: "short";
      readonly host: string;
      readonly port: number;
      readonly durationMs: number;
      readonly warmupMs?: number;
      readonly concurrency: number;
    }
  | {
      readonly kind: "pooled" | "autocannon";
      readonly host: string;
      readonly port: number;
      readonly durationMs: number;
      readonly warmupMs?: number;
      readonly connections: number;
    };

export interface ClientRateReport {
  readonly measurement: RateMeasurement;
  /** process.resourceUsage().maxRSS: KiB. */
  readonly maxRssKb: number;
}

function measure(spec: ClientRateSpec): Promise<RateMeasurement> {
  if (spec.kind === "short") return measureShortRate(spec);
  if (spec.kind === "pooled") return measurePooledRate(spec);
  return measureAutocannon(spec);
}

const spec = JSON.parse(process.argv[2] ?? "null") as ClientRateSpec;
measure(spec).then(
  (measurement) => {
    const report: ClientRateReport = { measurement, maxRssKb: process.resourceUsage().maxRSS };
    process.stdout.write(`${JSON.stringify(report)}\n`);
    // Keep-alive sockets or autocannon timers must not hold the process open past its report.
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
