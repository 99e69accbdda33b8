import { fileURLToPath } from "node:url";
import type { SandboxHost } from "../../src/hosts/netns/namespace-host.js";
import type { ClientRateReport, ClientRateSpec } from "./client-rate-entry.js";
import type { RateMeasurement } from "./client-rates.js";
import { internalErrorOf } from "./internal-error.js";
import { runMeasured } from "./run-measured.js";

export interface PortlabRate {
  readonly measurement: RateMeasurement;
  /** The larger of the process's own maxRSS and the VmHWM seen from outside (KiB). */
  readonly peakRssKb: number;
}

/** Runs one measurement in its own Node process inside `host` (compiled entry: build first). */
export async function measureInHost(
  host: SandboxHost,
  spec: ClientRateSpec,
  signal?: AbortSignal,
): Promise<PortlabRate> {
  // The bench runs from its own build (build/tools/bench/), its entry points beside it.
  const entry = fileURLToPath(new URL("./client-rate-entry.js", import.meta.url));
  const run = await runMeasured(
    host.wrap(process.execPath, [entry, JSON.stringify(spec)]),
    spec.durationMs + 15_000,
    signal,
  );
  const line = run.stdout.trim().split("\n").pop() ?? "";
  let report: ClientRateReport;
  try {
    report = JSON.parse(line) as ClientRateReport;
  } catch (error) {
    const why = run.timedOut ? "timed out" : `exit ${run.exitCode}: ${run.stderr.trim().slice(-300)}`;
    throw internalErrorOf(`the ${spec.kind} rate measurement gave no report (${why})`, error);
  }
  return { measurement: report.measurement, peakRssKb: Math.max(report.maxRssKb, run.peakRssKb ?? 0) };
}
