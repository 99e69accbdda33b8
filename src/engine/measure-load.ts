import type { DoneMessage, StartMessage } from "../clients/protocol.js";
import type { RunDirectory } from "../results/run-directory.js";
import type { HostRunSummary } from "../sampler/types.js";
import type { ClientSpec, Scenario } from "../scenario/types.js";
import type { EngineEmitter, RunLabel } from "./events.js";
import { startSampling, stopSampling } from "./host-sampling.js";
import { runLoadInAgent } from "./load-agent.js";
import type { RunAgents } from "./run-stages.js";
import { type MergedSecond, SecondMerger } from "./second-merger.js";

export interface MeasureOptions {
  readonly scenario: Scenario;
  readonly client: ClientSpec;
  readonly agents: RunAgents;
  readonly target: StartMessage["target"];
  readonly sourceAddresses: readonly string[];
  readonly label: RunLabel;
  readonly events: EngineEmitter;
  readonly directory: RunDirectory;
  readonly signal: AbortSignal;
}

export interface Measurement {
  readonly done: DoneMessage;
  readonly hosts: Record<string, HostRunSummary>;
}

/** samples.ndjson: one line per host per second; a client host's line carries that second's load figures. */
function sampleLines(run: number, second: MergedSecond): unknown[] {
  return second.samples.map((sample) => {
    const tick = second.tick;
    const load =
      sample === second.client && tick
        ? { ok: tick.ok, errors: tick.errors, latencyMs: tick.latencyMs, connectMs: tick.connectMs ?? null }
        : {};
    return { run, ...sample, ...load };
  });
}

/** Samples every host while the load runs, merging both into seconds (events and samples.ndjson). */
export async function measureLoad(options: MeasureOptions): Promise<Measurement> {
  const { scenario, agents, label, events, directory } = options;
  const merger = new SecondMerger(
    agents.samplers.map(({ agent }) => agent.host.name),
    (second) => {
      void directory.appendSamples(sampleLines(label.index, second));
      events.emit("second", { run: label, ...second });
    },
  );
  await startSampling(
    agents.samplers,
    Date.now(),
    (sample) => merger.addSample(sample),
    (message) => events.emit("log", "warn", "sampler", { run: label.index, message }),
  );
  const start: StartMessage = {
    type: "start",
    client: options.client,
    load: scenario.load,
    target: options.target,
    sourceAddresses: options.sourceAddresses,
  };
  const bound = scenario.load.durationMs + scenario.load.requestTimeoutMs;
  const done = await runLoadInAgent(agents.load, start, bound, options.signal, (tick) =>
    merger.addTick(tick),
  );
  const hosts = await stopSampling(agents.samplers);
  merger.flush();
  await directory.appendSamples([]); // waits for the queued sample writes
  return { done, hosts };
}
