import type { DoneMessage, StartMessage, TickMessage } from "../clients/worker/protocol.js";
import { shareOfLoad } from "../core/load-share.js";
import type { HostMetricValue } from "../core/run-summary.js";
import type { HostRunSummary, HostSample } from "../core/sample.js";
import type { SampleLine } from "../core/sample-line.js";
import type { ClientSpec, Scenario } from "../core/scenario.js";
import { HostMetricTotals } from "../metrics/host-metric-totals.js";
import { throwIfFailed } from "./abort.js";
import type { EngineEmitter, RunLabel } from "./events.js";
import { startSampling, stopSampling } from "./host-sampling.js";
import { runLoadInAgent } from "./load-agent.js";
import { mergeDone } from "./merge-load-reports.js";
import type { RunAgents } from "./run-stages.js";
import { type MergedSecond, SecondMerger } from "./second-merger.js";

export interface SamplingOptions {
  readonly agents: RunAgents;
  readonly label: RunLabel;
  readonly events: EngineEmitter;
  /** An interrupt: the load stops early. */
  readonly signal: AbortSignal;
  /**
   * false: the load sends no ticks (a command client), so a second is out once every host's sample is in; true:
   * each load agent (one per client host) sends its own.
   */
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
  /** The first second in which a NAT router dropped a connection (conntrack drop or insert_failed), or null. */
  readonly natFirstDropSecond: number | null;
  /** Each host metric (src/metrics/) folded from the samples. */
  readonly metrics: Record<string, HostMetricValue>;
}

export interface Measurement {
  /** The whole load: every client host's report added up. */
  readonly done: DoneMessage;
  readonly hosts: Record<string, HostRunSummary>;
  readonly freePortsZeroAtMs: number | null;
  readonly natFirstDropSecond: number | null;
  readonly metrics: Record<string, HostMetricValue>;
}

function loadFields(tick: TickMessage): Pick<SampleLine, "ok" | "errors" | "latencyMs" | "connectMs"> {
  return { ok: tick.ok, errors: tick.errors, latencyMs: tick.latencyMs, connectMs: tick.connectMs ?? null };
}

/** samples.ndjson: one line per host per second; a client host's line carries that second's load figures. */
function sampleLines(run: number, second: MergedSecond): SampleLine[] {
  return second.samples.map((sample) => {
    const tick = second.ticks[sample.host];
    return { run, ...sample, ...(tick ? loadFields(tick) : {}) };
  });
}

function routerDropped(sample: HostSample): boolean {
  return (sample.counters.drop ?? 0) + (sample.counters.insert_failed ?? 0) > 0;
}

/**
 * Samples every host while `load` runs, merging its ticks and the samples into seconds (the `second` and `samples`
 * events). A listener that cannot keep up its part (the samples writer on a full disk) aborts the run's signal
 * with its error: the load stops early and, once sampling has stopped, that error is thrown, so the run tears
 * down and reports it instead of going on without its data.
 */
export async function sampleDuring<T>(
  options: SamplingOptions,
  load: (onTick: (tick: TickMessage, host: string) => void, stop: AbortSignal) => Promise<T>,
): Promise<Sampled<T>> {
  const { agents, label, events } = options;
  let freePortsZeroAtMs: number | null = null;
  let natFirstDropSecond: number | null = null;
  const hostNames = agents.samplers.map(({ agent }) => agent.host.name);
  const totals = new HostMetricTotals(hostNames);
  const merger = new SecondMerger(
    hostNames,
    (second) => {
      if (freePortsZeroAtMs === null && second.client?.freePorts === 0) freePortsZeroAtMs = second.t * 1000;
      events.emit("samples", label.index, sampleLines(label.index, second));
      events.emit("second", { run: label, ...second });
    },
    options.ticks ? agents.loads.map((agent) => agent.host.name) : [],
  );
  await startSampling(
    agents.samplers,
    Date.now(),
    (sample) => {
      if (natFirstDropSecond === null && sample.host === "router" && routerDropped(sample))
        natFirstDropSecond = sample.t;
      totals.observe(sample.host, sample);
      merger.addSample(sample);
    },
    (message) => events.emit("log", "warn", "sampler", { run: label.index, message }),
  );
  const result = await load((tick, host) => merger.addTick(tick, host), options.signal);
  const hosts = await stopSampling(agents.samplers);
  merger.flush();
  throwIfFailed(options.signal);
  return { result, hosts, freePortsZeroAtMs, natFirstDropSecond, metrics: totals.summary() };
}

/** Runs portlab's own client in every client host's load agent, each its share, while every host is sampled. */
export async function measureLoad(options: MeasureOptions): Promise<Measurement> {
  const { scenario, agents } = options;
  const bound = scenario.load.durationMs + scenario.load.requestTimeoutMs;
  const { result, ...sampled } = await sampleDuring({ ...options, ticks: true }, (onTick, stop) =>
    Promise.all(
      agents.loads.map((agent, index) => {
        const start: StartMessage = {
          type: "start",
          client: options.client,
          load: shareOfLoad(scenario.load, index, agents.loads.length),
          target: options.target,
          sourceAddresses: options.sourceAddresses,
        };
        return runLoadInAgent(agent, start, bound, stop, (tick) => onTick(tick, agent.host.name));
      }),
    ),
  );
  return { done: mergeDone(result), ...sampled };
}
