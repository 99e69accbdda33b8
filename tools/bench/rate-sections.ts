import type { BenchSandbox } from "./bench-sandbox.js";
import { median } from "./median.js";
import { type PeerResult, runAb, runWrk } from "./peer-tools.js";
import { measureInHost } from "./portlab-rate.js";

/** One tool's rate as the median of its rounds, every round's rate, and the largest peak RSS over its rounds. */
export interface ToolRate {
  readonly ratePerSec: number | null;
  /** Each round's rate, in the order they ran (null: that round gave none). */
  readonly rounds: readonly (number | null)[];
  /** Errors of the rounds added up. */
  readonly errors: number;
  readonly peakRssKb: number | null;
  /** Why there is no rate. */
  readonly note: string | null;
}

export interface SectionOptions {
  readonly roundS: number;
  /** Node-based tools first run this long unmeasured in the same process (JIT, connections); wrk and ab need none. */
  readonly warmupMs: number;
  /** Each tool runs this many rounds, interleaved with its peer's; the median counts (a shared 2-core machine skews single rounds). */
  readonly rounds: number;
  readonly signal: AbortSignal;
}

/** One round of one tool. */
interface RoundResult {
  readonly ratePerSec: number | null;
  readonly errors: number;
  readonly peakRssKb: number | null;
  readonly note: string | null;
}

type Round = () => Promise<RoundResult>;

function fromPeer(result: PeerResult): RoundResult {
  return result.ok
    ? { ratePerSec: result.ratePerSec, errors: result.errors, peakRssKb: result.peakRssKb, note: null }
    : { ratePerSec: null, errors: 0, peakRssKb: null, note: result.reason };
}

/** A tool's rounds as one figure: the median rate of the rounds that gave one. */
export function summariseRounds(results: readonly RoundResult[]): ToolRate {
  const rates = results.flatMap((result) => (result.ratePerSec === null ? [] : [result.ratePerSec]));
  const peakRssKb = Math.max(0, ...results.map((result) => result.peakRssKb ?? 0)) || null;
  const rate = median(rates);
  return {
    ratePerSec: rate === null ? null : Math.round(rate),
    rounds: results.map((result) => result.ratePerSec),
    errors: results.reduce((sum, result) => sum + result.errors, 0),
    peakRssKb,
    note:
      rate === null ? (results.find((result) => result.note !== null)?.note ?? "no round gave a rate") : null,
  };
}

/** Runs the tools' rounds interleaved (a, b, a, b, …); a tool whose first round has no rate is not retried. */
async function interleaved(tools: readonly Round[], rounds: number): Promise<ToolRate[]> {
  const results: RoundResult[][] = tools.map(() => []);
  for (let round = 0; round < rounds; round += 1) {
    for (const [index, tool] of tools.entries()) {
      const previous = results[index]!;
      if (previous.length > 0 && previous[0]!.ratePerSec === null) continue;
      previous.push(await tool());
    }
  }
  return results.map(summariseRounds);
}

/** A round of a Node-based tool (portlab's clients, autocannon) run through the bench's client entry. */
function inEntry(run: () => ReturnType<typeof measureInHost>): Round {
  return async () => {
    const { measurement, peakRssKb } = await run();
    return { ratePerSec: measurement.ratePerSec, errors: measurement.errors, peakRssKb, note: null };
  };
}

export interface ShortSection {
  readonly concurrency: number;
  readonly portlab: ToolRate;
  readonly wrk: ToolRate;
  readonly ab: ToolRate;
}

/** a) New connections per second, server closes first: portlab short vs `wrk -H 'Connection: close'` vs `ab` (no -k). */
export async function measureShortSection(
  bench: BenchSandbox,
  concurrency: number,
  options: SectionOptions,
): Promise<ShortSection> {
  const host = bench.sandbox.client;
  const { signal } = options;
  const durationMs = options.roundS * 1000;
  const [portlabRate, wrk] = await interleaved(
    [
      inEntry(() =>
        measureInHost(
          host,
          {
            kind: "short",
            host: bench.host,
            port: bench.port,
            durationMs,
            warmupMs: options.warmupMs,
            concurrency,
          },
          signal,
        ),
      ),
      async () =>
        fromPeer(
          await runWrk(
            host,
            { url: bench.url, connections: concurrency, durationS: options.roundS, connectionClose: true },
            signal,
          ),
        ),
    ],
    options.rounds,
  );
  // ab is bounded by a request count: enough for one round at wrk's rate, and by -t in any case.
  const requests = Math.min(
    1_000_000,
    Math.max(10_000, Math.round((wrk!.ratePerSec ?? 40_000) * options.roundS * 1.5)),
  );
  const ab = summariseRounds([
    fromPeer(
      await runAb(host, { url: bench.url, concurrency, requests, timeLimitS: options.roundS }, signal),
    ),
  ]);
  return { concurrency, portlab: portlabRate!, wrk: wrk!, ab };
}

export interface KeepAliveSection {
  readonly connections: number;
  readonly portlab: ToolRate;
  readonly autocannon: ToolRate;
  readonly wrk: ToolRate;
}

/** b) Requests per second over N keep-alive connections: portlab pooled vs autocannon (same N) vs `wrk -t1 -cN`. */
export async function measureKeepAliveSection(
  bench: BenchSandbox,
  connections: number,
  options: SectionOptions,
): Promise<KeepAliveSection> {
  const host = bench.sandbox.client;
  const { signal } = options;
  const target = {
    host: bench.host,
    port: bench.port,
    durationMs: options.roundS * 1000,
    warmupMs: options.warmupMs,
    connections,
  };
  const [portlabRate, autocannon] = await interleaved(
    [
      inEntry(() => measureInHost(host, { kind: "pooled", ...target }, signal)),
      inEntry(() => measureInHost(host, { kind: "autocannon", ...target }, signal)),
    ],
    options.rounds,
  );
  const wrk = summariseRounds([
    fromPeer(
      await runWrk(
        host,
        { url: bench.url, connections, durationS: options.roundS, connectionClose: false },
        signal,
      ),
    ),
  ]);
  return { connections, portlab: portlabRate!, autocannon: autocannon!, wrk };
}
