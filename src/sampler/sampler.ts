import { internalError, type PortlabError } from "../core/errors.js";
import type { HostName, HostRunSummary, HostSample, TcpSockets } from "../core/sample.js";
import { HostTracker, type SampledHost } from "./host-tracker.js";
import { readProcNetSnapshot, readTcpTables, readTrackedCounters } from "./proc-reader.js";
import type { SockDiag } from "./sock-diag.js";

export type { SampledHost } from "./host-tracker.js";

export interface SamplerOptions {
  readonly hosts: readonly SampledHost[];
  /** Tick length; ticks fall on loadStart + k * intervalMs. Default 1000. */
  readonly intervalMs?: number;
  /** Wall clock in epoch ms (tests may inject one). */
  readonly now?: () => number;
  /** Called once per tick with one sample per host that could be read (hosts whose process exited are left out). */
  readonly onSample?: (samples: HostSample[]) => void;
  /** Failures other than "the process exited" (and throws from onSample); the sampler keeps going. */
  readonly onError?: (error: unknown) => void;
  /** Where procfs is mounted; tests point it at recorded fixtures. Default "/proc". */
  readonly procRoot?: string;
  /**
   * Lists sockets through sock_diag instead of /proc/<pid>/net/tcp. It sees this process's own network
   * namespace, so every host must be this process (the agent sampling its host). On a failed dump the
   * sampler reports it once and reads /proc from then on.
   */
  readonly sockDiag?: SockDiag | null;
}

export interface Sampler {
  /** Takes the counter baseline, then ticks at loadStartEpochMs + k * intervalMs (k = 1, 2, …). */
  start(loadStartEpochMs: number): Promise<void>;
  /** Takes no more ticks; a tick never runs across it (ticks are synchronous), so nothing is emitted after it. */
  stop(): Promise<void>;
  /** Per host: peaks, minimum free ports and counter deltas over the run so far. */
  summary(): Partial<Record<HostName, HostRunSummary>>;
}

function samplerMisuse(message: string): PortlabError {
  return internalError("SAMPLER_MISUSE", message, "this is a bug in the caller of createSampler");
}

export function createSampler(options: SamplerOptions): Sampler {
  const intervalMs = options.intervalMs ?? 1000;
  if (!Number.isFinite(intervalMs) || intervalMs <= 0)
    throw samplerMisuse(`intervalMs must be > 0, got ${intervalMs}`);
  const names = options.hosts.map((host) => host.host);
  if (new Set(names).size !== names.length)
    throw samplerMisuse(`each host may be sampled once, got ${names.join(", ")}`);

  let sockDiag = options.sockDiag ?? null;
  if (sockDiag !== null && options.hosts.some((host) => host.pid !== process.pid))
    throw samplerMisuse("sock_diag sees this process's network namespace only: sample process.pid alone");

  const now = options.now ?? Date.now;
  const procRoot = options.procRoot ?? "/proc";
  const trackers = options.hosts.map((host) => new HostTracker(host, intervalMs));
  const sizeHints = new Map<string, number>();
  let phase: "idle" | "running" | "stopped" = "idle";
  let loadStart = 0;
  let lastTick = 0;
  let timer: NodeJS.Timeout | null = null;

  const report = (error: unknown): void => {
    try {
      options.onError?.(error);
    } catch {
      // An error handler that throws must not stop the sampling loop.
    }
  };

  function readSockets(pid: number): TcpSockets | null {
    if (sockDiag !== null) {
      try {
        return { records: sockDiag.dumpTcp() };
      } catch (error) {
        sockDiag = null;
        report(new Error(`${(error as Error).message}; reading /proc/net/tcp from now on`));
      }
    }
    return readTcpTables(procRoot, pid, sizeHints);
  }

  function sampleHost(tracker: HostTracker, t: number): HostSample | null {
    try {
      const sockets = readSockets(tracker.spec.pid);
      const snapshot =
        sockets === null
          ? null
          : readProcNetSnapshot(procRoot, tracker.spec.pid, sockets, tracker.spec.conntrack);
      return snapshot === null ? null : tracker.observe(t, snapshot);
    } catch (error) {
      report(error);
      return null;
    }
  }

  // Reads are synchronous (see proc-file.ts), so a tick runs start to end inside its timer callback.
  function tick(t: number): void {
    const samples = trackers.map((tracker) => sampleHost(tracker, t)).filter((sample) => sample !== null);
    try {
      options.onSample?.(samples);
    } catch (error) {
      report(error);
    }
  }

  // Self-correcting: each tick is scheduled from the wall clock after the previous one finished, so
  // ticks never overlap and a slow one skips tick numbers instead of drifting.
  function scheduleNext(): void {
    if (phase !== "running") return;
    const current = now();
    const next = Math.max(lastTick + 1, Math.ceil((current - loadStart) / intervalMs));
    timer = setTimeout(
      () => {
        timer = null;
        // A late timer (busy event loop) is labelled with the tick the wall clock has reached.
        const t = Math.max(next, Math.floor((now() - loadStart) / intervalMs));
        lastTick = t;
        tick(t);
        scheduleNext();
      },
      Math.max(0, loadStart + next * intervalMs - current),
    );
  }

  function takeBaseline(): void {
    for (const tracker of trackers) {
      try {
        const counters = readTrackedCounters(procRoot, tracker.spec.pid, tracker.spec.conntrack);
        if (counters !== null) tracker.setBaseline(counters);
      } catch (error) {
        report(error);
      }
    }
  }

  return {
    async start(loadStartEpochMs: number): Promise<void> {
      if (phase !== "idle") throw samplerMisuse("a sampler can be started once");
      phase = "running";
      loadStart = loadStartEpochMs;
      takeBaseline();
      scheduleNext();
    },

    async stop(): Promise<void> {
      phase = "stopped";
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },

    summary(): Partial<Record<HostName, HostRunSummary>> {
      return Object.fromEntries(trackers.map((tracker) => [tracker.spec.host, tracker.summary()]));
    },
  };
}
