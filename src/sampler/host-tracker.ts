import {
  type HostName,
  type HostRunSummary,
  type HostSample,
  type PortRange,
  TCP_STATES,
  type TcpState,
} from "../core/sample.js";
import { counterDeltas, counterRates } from "./counters.js";
import { type ProcNetSnapshot, snapshotCounters } from "./proc-reader.js";
import { parseSockstat } from "./sockstat.js";
import { summarizeTcpSockets } from "./tcp-table.js";

export interface SampledHost {
  readonly host: HostName;
  /** A process inside the host's network namespace. */
  readonly pid: number;
  /** Ephemeral range whose ports count as portsInUse; null counts every local port. */
  readonly portRange: PortRange | null;
  /** Usable ephemeral ports (range minus reserved); null means freePorts is not reported. */
  readonly usablePorts: number | null;
  /** Also read the conntrack statistics (a NAT router). */
  readonly conntrack?: boolean;
}

function zeroStates(): Record<TcpState, number> {
  return Object.fromEntries(TCP_STATES.map((state) => [state, 0])) as Record<TcpState, number>;
}

/** Turns one host's snapshots into samples and keeps the run's peaks and counter baseline. */
export class HostTracker {
  private baseline: Record<string, number> | null = null;
  private previous: { readonly t: number; readonly counters: Record<string, number> } | null = null;
  private samples = 0;
  private readonly peakStates = zeroStates();
  private peakPortsInUse = 0;
  private peakTw = 0;
  private minFreePorts: number | null = null;
  private peakConntrackEntries: number | null = null;

  constructor(
    readonly spec: SampledHost,
    private readonly intervalMs: number,
  ) {}

  setBaseline(counters: Record<string, number>): void {
    this.baseline = counters;
    this.previous = { t: 0, counters };
  }

  observe(t: number, snapshot: ProcNetSnapshot): HostSample {
    const { states, portsInUse } = summarizeTcpSockets(snapshot.sockets, this.spec.portRange);
    const { tw } = parseSockstat(snapshot.sockstat);
    const counters = snapshotCounters(snapshot);
    const entries = snapshot.conntrack?.entries;
    const usable = this.spec.usablePorts;
    const freePorts = usable === null ? null : Math.max(0, usable - portsInUse);

    // A host whose baseline read failed starts its deltas at its first snapshot.
    if (this.baseline === null) this.baseline = counters;
    const rates =
      this.previous === null
        ? {}
        : counterRates(this.previous.counters, counters, ((t - this.previous.t) * this.intervalMs) / 1000);
    this.previous = { t, counters };

    this.samples++;
    for (const state of TCP_STATES)
      this.peakStates[state] = Math.max(this.peakStates[state], states[state] ?? 0);
    this.peakPortsInUse = Math.max(this.peakPortsInUse, portsInUse);
    this.peakTw = Math.max(this.peakTw, tw);
    if (freePorts !== null)
      this.minFreePorts = this.minFreePorts === null ? freePorts : Math.min(this.minFreePorts, freePorts);
    if (entries !== undefined) this.peakConntrackEntries = Math.max(this.peakConntrackEntries ?? 0, entries);

    const sample = { t, host: this.spec.host, states, portsInUse, freePorts, tw, counters: rates };
    return entries === undefined ? sample : { ...sample, conntrackEntries: entries };
  }

  summary(): HostRunSummary {
    const last = this.previous?.counters ?? null;
    return {
      host: this.spec.host,
      samples: this.samples,
      peakStates: { ...this.peakStates },
      peakPortsInUse: this.peakPortsInUse,
      peakTw: this.peakTw,
      minFreePorts: this.minFreePorts,
      ...(this.peakConntrackEntries === null ? {} : { peakConntrackEntries: this.peakConntrackEntries }),
      counters: this.baseline !== null && last !== null ? counterDeltas(this.baseline, last) : {},
    };
  }
}
