import type { DoneMessage, StartMessage, TickMessage } from "../clients/protocol.js";
import { shareOfLoad } from "../load/load-share.js";
import type { RunDirectory } from "../results/run-directory.js";
import type { HostRunSummary, HostSample } from "../sampler/types.js";
import type { ClientSpec, Scenario } from "../scenario/types.js";
import type { EngineEmitter, RunLabel } from "./events.js";
import { startSampling, stopSampling } from "./host-sampling.js";
import { runLoadInAgent } from "./load-agent.js";
import { mergeDone } from "./merge-load-reports.js";
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
  /** The whole load: every client host's report added up. */
  readonly done: DoneMessage;
  readonly hosts: Record<string, HostRunSummary>;
  /** The first second in which the NAT router dropped a connection (conntrack drop or insert_failed), or null. */
  readonly natFirstDropSecond: number | null;
}

function loadFields(tick: TickMessage): Record<string, unknown> {
  return { ok: tick.ok, errors: tick.errors, latencyMs: tick.latencyMs, connectMs: tick.connectMs ?? null };
}

/** samples.ndjson: one line per host per second; a client host's line carries that second's load figures. */
function sampleLines(run: number, second: MergedSecond): unknown[] {
  return second.samples.map((sample) => {
    const tick = second.ticks[sample.host];
    return { run, ...sample, ...(tick ? loadFields(tick) : {}) };
  });
}

function routerDropped(sample: HostSample): boolean {
  return (sample.counters.drop ?? 0) + (sample.counters.insert_failed ?? 0) > 0;
}

/**
 * Samples every host while the load runs in every client host (each its share), merging ticks and samples into
 * seconds (events and samples.ndjson). A sample line that cannot be written (a full disk) stops the load early
 * and, once sampling has stopped, is thrown (RUN_DIRECTORY_WRITE), so the run tears down and reports it instead
 * of going on without its data.
 */
export async function measureLoad(options: MeasureOptions): Promise<Measurement> {
  const { scenario, agents, label, events, directory } = options;
  let natFirstDropSecond: number | null = null;
  const writeFailed = new AbortController();
  const onWriteFailure = (error: unknown) => {
    if (writeFailed.signal.aborted) return;
    events.emit("log", "error", "samples not written: stopping the run", {
      run: label.index,
      error: String(error),
    });
    writeFailed.abort(error);
  };
  const merger = new SecondMerger(
    agents.samplers.map(({ agent }) => agent.host.name),
    (second) => {
      if (!writeFailed.signal.aborted)
        directory.appendSamples(sampleLines(label.index, second)).catch(onWriteFailure);
      events.emit("second", { run: label, ...second });
    },
    agents.loads.map((agent) => agent.host.name),
  );
  await startSampling(
    agents.samplers,
    Date.now(),
    (sample) => {
      if (natFirstDropSecond === null && sample.host === "router" && routerDropped(sample))
        natFirstDropSecond = sample.t;
      merger.addSample(sample);
    },
    (message) => events.emit("log", "warn", "sampler", { run: label.index, message }),
  );
  const bound = scenario.load.durationMs + scenario.load.requestTimeoutMs;
  const stop = AbortSignal.any([options.signal, writeFailed.signal]);
  const reports = await Promise.all(
    agents.loads.map((agent, index) => {
      const start: StartMessage = {
        type: "start",
        client: options.client,
        load: shareOfLoad(scenario.load, index, agents.loads.length),
        target: options.target,
        sourceAddresses: options.sourceAddresses,
      };
      return runLoadInAgent(agent, start, bound, stop, (tick) => merger.addTick(tick, agent.host.name));
    }),
  );
  const hosts = await stopSampling(agents.samplers);
  merger.flush();
  await directory.appendSamples([]).catch(onWriteFailure); // waits for the queued sample writes
  if (writeFailed.signal.aborted) throw writeFailed.signal.reason;
  return { done: mergeDone(reports), hosts, natFirstDropSecond };
}
