import type { TickMessage } from "../clients/worker/protocol.js";
import type { HostSample } from "../core/sample.js";
import { mergeTicks } from "./merge-load-reports.js";

export interface MergedSecond {
  readonly t: number;
  /** The load of this second, summed over every client host that reported it. */
  readonly tick: TickMessage | null;
  /** Each client host's own tick, by host name (one entry when the load runs in one host). */
  readonly ticks: Readonly<Record<string, TickMessage>>;
  /** Every host's sample of this second that arrived, in host order. */
  readonly samples: readonly HostSample[];
  /** The first client host's and the server host's samples (what the progress line shows). */
  readonly client: HostSample | null;
  readonly server: HostSample | null;
}

interface Pending {
  readonly ticks: Map<string, TickMessage>;
  readonly samples: Map<string, HostSample>;
}

/**
 * The load's ticks (one per client host running load) and each host's sample for second t arrive separately
 * (from different agents); a second is emitted once every tick and every host's sample are in, and whatever is
 * left is flushed at the end, in order.
 */
export class SecondMerger {
  private readonly pending = new Map<number, Pending>();

  /**
   * `loadHosts`: the hosts whose ticks make up a second (by default one load, named by the first host); none when
   * the load sends no ticks (a command client): then the hosts' samples alone release a second.
   */
  constructor(
    private readonly hosts: readonly string[],
    private readonly emit: (second: MergedSecond) => void,
    private readonly loadHosts: readonly string[] = [hosts[0] ?? "client"],
  ) {}

  addTick(tick: TickMessage, host: string = this.loadHosts[0] ?? "client"): void {
    this.entry(tick.t).ticks.set(host, tick);
    this.release();
  }

  addSample(sample: HostSample): void {
    this.entry(sample.t).samples.set(sample.host, sample);
    this.release();
  }

  flush(): void {
    for (const t of [...this.pending.keys()].sort((a, b) => a - b)) this.emitSecond(t);
  }

  private entry(t: number): Pending {
    const entry = this.pending.get(t) ?? { ticks: new Map(), samples: new Map() };
    this.pending.set(t, entry);
    return entry;
  }

  private complete(entry: Pending): boolean {
    return (
      this.loadHosts.every((host) => entry.ticks.has(host)) &&
      this.hosts.every((host) => entry.samples.has(host))
    );
  }

  private release(): void {
    const ready = [...this.pending.entries()].filter(([, entry]) => this.complete(entry)).map(([t]) => t);
    if (ready.length === 0) return;
    const upTo = Math.max(...ready);
    for (const t of [...this.pending.keys()].sort((a, b) => a - b)) if (t <= upTo) this.emitSecond(t);
  }

  private emitSecond(t: number): void {
    const entry = this.pending.get(t);
    this.pending.delete(t);
    const samples = this.hosts.flatMap((host) => {
      const sample = entry?.samples.get(host);
      return sample ? [sample] : [];
    });
    const ticks = [...(entry?.ticks.values() ?? [])];
    this.emit({
      t,
      tick: ticks.length > 0 ? mergeTicks(ticks) : null,
      ticks: Object.fromEntries(entry?.ticks ?? []),
      samples,
      client: samples.find((sample) => sample.host.startsWith("client")) ?? null,
      server: samples.find((sample) => sample.host === "server") ?? null,
    });
  }
}
