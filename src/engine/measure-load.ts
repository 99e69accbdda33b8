import type { DoneMessage, StartMessage, TickMessage } from "../clients/protocol.js";
import type { RunDirectory } from "../results/run-directory.js";
import type { HostRunSummary } from "../sampler/types.js";
import type { ClientSpec, Scenario } from "../scenario/types.js";
import type { EngineEmitter, RunLabel } from "./events.js";
import { startSampling, stopSampling } from "./host-sampling.js";
import { runLoadInAgent } from "./load-agent.js";
import type { RunAgents } from "./run-stages.js";
import { type MergedSecond, SecondMerger } from "./second-merger.js";

export interface SamplingOptions {
  readonly agents: RunAgents;
  readonly label: RunLabel;
  readonly events: EngineEmitter;
  readonly directory: RunDirectory;
  /** An interrupt: the load stops early. */
  readonly signal: AbortSignal;
  /** false: the load sends no ticks (a command client), so a second is out once every host's sample is in. */
  readonly ticks: boolean;
}

export interface MeasureOptions extends Omit<SamplingOptions, "ticks"> {
  readonly scenario: Scenario;
  readonly client: ClientSpec;
  readonly target: StartMessage["target"];
  readonly sourceAddresses: readonly string[];
}

export interface Sampled<T> {
  readonly result: T;
  readonly hosts: Record<string, HostRunSummary>;
  /** When the (first) client host's samples first showed no free port, ms since the load started. */
  readonly freePortsZeroAtMs: number | null;
}

export interface Measurement {
  readonly done: DoneMessage;
  readonly hosts: Record<string, HostRunSummary>;
  readonly freePortsZeroAtMs: number | null;
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

/**
 * Samples every host while `load` runs, merging its ticks and the samples into seconds (events and
 * samples.ndjson). A sample line that cannot be written (a full disk) stops the load early (`stop`) and, once
 * sampling has stopped, is thrown (RUN_DIRECTORY_WRITE), so the run tears down and reports it instead of going
 * on without its data.
 */
export async function sampleDuring<T>(
  options: SamplingOptions,
  load: (onTick: (tick: TickMessage) => void, stop: AbortSignal) => Promise<T>,
): Promise<Sampled<T>> {
  const { agents, label, events, directory } = options;
  const writeFailed = new AbortController();
  const onWriteFailure = (error: unknown) => {
    if (writeFailed.signal.aborted) return;
    events.emit("log", "error", "samples not written: stopping the run", {
      run: label.index,
      error: String(error),
    });
    writeFailed.abort(error);
  };
  let freePortsZeroAtMs: number | null = null;
  const merger = new SecondMerger(
    agents.samplers.map(({ agent }) => agent.host.name),
    (second) => {
      if (freePortsZeroAtMs === null && second.client?.freePorts === 0) freePortsZeroAtMs = second.t * 1000;
      if (!writeFailed.signal.aborted)
        directory.appendSamples(sampleLines(label.index, second)).catch(onWriteFailure);
      events.emit("second", { run: label, ...second });
    },
    options.ticks,
  );
  await startSampling(
    agents.samplers,
    Date.now(),
    (sample) => merger.addSample(sample),
    (message) => events.emit("log", "warn", "sampler", { run: label.index, message }),
  );
  const stop = AbortSignal.any([options.signal, writeFailed.signal]);
  const result = await load((tick) => merger.addTick(tick), stop);
  const hosts = await stopSampling(agents.samplers);
  merger.flush();
  await directory.appendSamples([]).catch(onWriteFailure); // waits for the queued sample writes
  if (writeFailed.signal.aborted) throw writeFailed.signal.reason;
  return { result, hosts, freePortsZeroAtMs };
}

/** Runs portlab's own client in the load agent while every host is sampled. */
export async function measureLoad(options: MeasureOptions): Promise<Measurement> {
  const { scenario } = options;
  const start: StartMessage = {
    type: "start",
    client: options.client,
    load: scenario.load,
    target: options.target,
    sourceAddresses: options.sourceAddresses,
  };
  const bound = scenario.load.durationMs + scenario.load.requestTimeoutMs;
  const { result, hosts, freePortsZeroAtMs } = await sampleDuring(
    { ...options, ticks: true },
    (onTick, stop) => runLoadInAgent(options.agents.load, start, bound, stop, onTick),
  );
  return { done: result, hosts, freePortsZeroAtMs };
}
