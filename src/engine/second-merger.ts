import type { TickMessage } from "../clients/protocol.js";
import type { HostSample } from "../sampler/types.js";

export interface MergedSecond {
  readonly t: number;
  readonly tick: TickMessage | null;
  /** Every host's sample of this second that arrived, in host order. */
  readonly samples: readonly HostSample[];
  /** The first client host's and the server host's samples (what the progress line shows). */
  readonly client: HostSample | null;
  readonly server: HostSample | null;
}

/**
 * The load's tick and each host's sample for second t arrive separately (from different agents); a second is
 * emitted once the tick and every host's sample are in, and whatever is left is flushed at the end, in order.
 */
export class SecondMerger {
  private readonly pending = new Map<number, { tick?: TickMessage; samples: Map<string, HostSample> }>();

  constructor(
    private readonly hosts: readonly string[],
    private readonly emit: (second: MergedSecond) => void,
  ) {}

  addTick(tick: TickMessage): void {
    this.entry(tick.t).tick = tick;
    this.release();
  }

  addSample(sample: HostSample): void {
    this.entry(sample.t).samples.set(sample.host, sample);
    this.release();
  }

  flush(): void {
    for (const t of [...this.pending.keys()].sort((a, b) => a - b)) this.emitSecond(t);
  }

  private entry(t: number): { tick?: TickMessage; samples: Map<string, HostSample> } {
    const entry = this.pending.get(t) ?? { samples: new Map() };
    this.pending.set(t, entry);
    return entry;
  }

  private release(): void {
    const ready = [...this.pending.entries()]
      .filter(([, entry]) => entry.tick && this.hosts.every((host) => entry.samples.has(host)))
      .map(([t]) => t);
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
    this.emit({
      t,
      tick: entry?.tick ?? null,
      samples,
      client: samples.find((sample) => sample.host.startsWith("client")) ?? null,
      server: samples.find((sample) => sample.host === "server") ?? null,
    });
  }
}
