import type { TickMessage } from "../clients/protocol.js";
import type { HostSample } from "../sampler/types.js";

export interface MergedSecond {
  readonly t: number;
  readonly tick: TickMessage | null;
  readonly client: HostSample | null;
  readonly server: HostSample | null;
}

/**
 * The worker's tick and the sampler's samples for second t arrive separately; a second is emitted once both
 * are in, and whatever is left is flushed at the end of the run, in order.
 */
export class SecondMerger {
  private readonly pending = new Map<number, { tick?: TickMessage; samples?: HostSample[] }>();

  constructor(private readonly emit: (second: MergedSecond) => void) {}

  addTick(tick: TickMessage): void {
    this.entry(tick.t).tick = tick;
    this.release();
  }

  addSamples(samples: HostSample[]): void {
    const t = samples[0]?.t;
    if (t === undefined) return;
    this.entry(t).samples = samples;
    this.release();
  }

  flush(): void {
    for (const t of [...this.pending.keys()].sort((a, b) => a - b)) this.emitSecond(t);
  }

  private entry(t: number): { tick?: TickMessage; samples?: HostSample[] } {
    const entry = this.pending.get(t) ?? {};
    this.pending.set(t, entry);
    return entry;
  }

  private release(): void {
    const ready = [...this.pending.entries()]
      .filter(([, entry]) => entry.tick && entry.samples)
      .map(([t]) => t);
    if (ready.length === 0) return;
    const upTo = Math.max(...ready);
    for (const t of [...this.pending.keys()].sort((a, b) => a - b)) if (t <= upTo) this.emitSecond(t);
  }

  private emitSecond(t: number): void {
    const entry = this.pending.get(t);
    this.pending.delete(t);
    const samples = entry?.samples ?? [];
    this.emit({
      t,
      tick: entry?.tick ?? null,
      client: samples.find((sample) => sample.host === "client") ?? null,
      server: samples.find((sample) => sample.host === "server") ?? null,
    });
  }
}
