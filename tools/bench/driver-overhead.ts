import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EngineEmitter } from "../../src/engine/events.js";
import { scenarios } from "../../src/engine/scenarios.js";
import { recordScenario } from "../../src/results/record-scenario.js";

/** One run's cost outside its load, by stage, and the short client's rate through this driver's hosts. */
export interface DriverOverhead {
  readonly driver: string;
  readonly hostsUpMs: number;
  readonly parametersMs: number;
  readonly serverReadyMs: number;
  readonly agentsReadyMs: number;
  readonly teardownMs: number;
  /** Everything but the load itself. */
  readonly totalMs: number;
  /** Short connections closed with RST (no TIME_WAIT to run out of), 64 in flight. */
  readonly shortRatePerSec: number;
}

const STAGES = ["sandbox up", "kernel parameters read back", "server ready", "agents ready"] as const;

/**
 * Runs one short run through the real engine with `driver` and reads its stage times from the engine's log
 * events: hosts up, parameters read back, server ready, agents ready, and teardown after the load.
 */
export async function measureDriverOverhead(
  driver: string,
  loadSeconds: number,
  signal: AbortSignal,
): Promise<DriverOverhead> {
  const scenario = scenarios.applyFlags(
    null,
    {
      driver,
      client: "short",
      close: "reset",
      concurrency: 64,
      duration: `${loadSeconds}s`,
      profile: ["linux-default"],
    },
    { unbounded: false, unboundedFlag: "--unbounded" },
  );
  const events = new EngineEmitter();
  const at = new Map<string, number>();
  events.on("run-start", () => at.set("start", performance.now()));
  events.on("log", (_level, message) => {
    if (!at.has(message)) at.set(message, performance.now());
  });
  const outDir = await mkdtemp(join(tmpdir(), "portlab-bench-"));
  try {
    const { summary } = await recordScenario(scenario, {
      outDir: outDir,
      events,
      signal,
    });
    const run = summary.runs[0];
    const time = (stage: string) => at.get(stage) ?? Number.NaN;
    const [hosts, parameters, server, agents] = STAGES.map(time) as [number, number, number, number];
    const start = time("start");
    const teardownMs = time("teardown done") - time("load finished");
    return {
      driver,
      hostsUpMs: hosts - start,
      parametersMs: parameters - hosts,
      serverReadyMs: server - parameters,
      agentsReadyMs: agents - server,
      teardownMs,
      totalMs: agents - start + teardownMs,
      shortRatePerSec: run?.okPerSec ?? 0,
    };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
