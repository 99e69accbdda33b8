import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ShortClientSpec } from "../../src/clients/short/spec.js";
import type { ClientSpec } from "../../src/core/scenario.js";
import { EngineEmitter } from "../../src/engine/events.js";
import { scenarios } from "../../src/engine/scenarios.js";
import { namespaceName } from "../../src/hosts/netns/names.js";
import { predictRun } from "../../src/kernel/model.js";
import { recordScenario } from "../../src/results/record-scenario.js";
import { internalErrorOf } from "./internal-error.js";
import { analyseSteadyState, type SteadyState } from "./steady-state.js";

export interface ExhaustionOptions {
  /** Offered rate, new connections per second; far above P / (L + T). */
  readonly rate: number;
  readonly durationS: number;
  /** Client port range "LOW-HIGH". */
  readonly portRange: string;
  readonly signal: AbortSignal;
  /** Told the sandbox's namespace names as soon as they exist (to check teardown afterwards). */
  readonly onSandbox?: (namespaces: readonly string[]) => void;
}

export interface ExhaustionResult {
  readonly steady: SteadyState;
  /** The model's P / (L + T) for the sysctls read back in the run, L = the run's p50 latency. */
  readonly predictedRate: number | null;
  readonly usablePorts: number | null;
  readonly errors: Readonly<Record<string, number>>;
  readonly sysctls: Readonly<Record<string, string>>;
}

/** Seconds after which ports first come back: TIME_WAIT (60 s) plus the model's 1 s of slack. */
export const STEADY_WINDOW_START_S = 61;

/**
 * A short client-first run through the real engine (fresh sandbox, narrow range, default tcp_tw_reuse=2,
 * which never reuses over a veth) long enough to see the first fill of the range come back.
 */
export async function runExhaustion(options: ExhaustionOptions): Promise<ExhaustionResult> {
  const scenario = scenarios.applyFlags(null, {
    client: "short",
    close: "client-first",
    rate: options.rate,
    duration: `${options.durationS}s`,
    portRange: options.portRange,
    profile: ["linux-default"],
  });
  const events = new EngineEmitter();
  const okPerSecond: number[] = [];
  events.on("log", (_level, message, fields) => {
    if (message === "sandbox up" && typeof fields?.id === "string")
      options.onSandbox?.([namespaceName(fields.id, "client"), namespaceName(fields.id, "server")]);
  });
  events.on("second", (second) => {
    if (second.tick !== null) okPerSecond[second.tick.t - 1] = second.tick.ok;
  });
  const outDir = await mkdtemp(join(tmpdir(), "portlab-bench-"));
  try {
    const { summary } = await recordScenario(scenario, {
      outDir: outDir,
      events,
      signal: options.signal,
    });
    const run = summary.runs[0];
    if (run === undefined || run.status !== "ran")
      throw internalErrorOf(`the exhaustion run did not run: ${run?.unavailableReason ?? "interrupted"}`);
    const profile = scenario.profiles[0]!;
    const client = scenario.clients[0] as ShortClientSpec; // --client short
    const prediction = predictRun({
      sysctls: run.sysctls,
      serverSysctls: run.serverSysctls,
      profile,
      client,
      load: scenario.load,
      ...(run.latencyMs !== null && run.latencyMs.p50 > 0 ? { connectionLifetimeMs: run.latencyMs.p50 } : {}),
    });
    const filled = Array.from({ length: okPerSecond.length }, (_, index) => okPerSecond[index] ?? 0);
    return {
      steady: analyseSteadyState(filled, STEADY_WINDOW_START_S),
      predictedRate: prediction.sustainableRate,
      usablePorts: run.ports?.usable ?? null,
      errors: run.errors ?? {},
      sysctls: run.sysctls,
    };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
