import { performance } from "node:perf_hooks";
import { HostTracker } from "../sampler/host-tracker.js";
import { readProcNetSnapshot } from "../sampler/proc-reader.js";
import { buildSyntheticTcpTable } from "../sampler/synthetic-tcp-table.js";
import { summarizeTcpTable } from "../sampler/tcp-table.js";
import { median } from "./median.js";

const SOCKETS = 60_000;
const ITERATIONS = 15;
const RANGE = { low: 32768, high: 60999 };

export interface SamplerTickCost {
  /** Sockets in the measured table. */
  readonly sockets: number;
  /** Median cost of one tick. */
  readonly tickMs: number;
  /** `real`: a full tick (all five /proc files read and parsed) of a live host; `synthetic`: parsing only. */
  readonly kind: "real" | "synthetic";
}

/** Parsing a generated 60,000-socket tcp table: the sampler's heaviest step, without the kernel's part. */
export function measureSyntheticParse(): SamplerTickCost {
  const table = buildSyntheticTcpTable(SOCKETS, RANGE);
  summarizeTcpTable(table.text, RANGE); // warm-up: let the JIT compile the scanner
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const started = performance.now();
    summarizeTcpTable(table.text, RANGE);
    times.push(performance.now() - started);
  }
  return { sockets: table.sockets, tickMs: median(times) ?? 0, kind: "synthetic" };
}

/**
 * A full sampler tick of a live host (read tcp, tcp6, sockstat, netstat, snmp of `pid`, summarise), as the
 * run loop does it, median of several; the socket count is what that host held.
 */
export function measureRealTick(pid: number): SamplerTickCost | null {
  const tracker = new HostTracker({ host: "server", pid, portRange: null, usablePorts: null }, 1000);
  const times: number[] = [];
  let sockets = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    const started = performance.now();
    const snapshot = readProcNetSnapshot("/proc", pid);
    if (snapshot === null) return null;
    const sample = tracker.observe(i + 1, snapshot);
    times.push(performance.now() - started);
    sockets = Object.values(sample.states).reduce((sum, count) => sum + (count ?? 0), 0);
  }
  return { sockets, tickMs: median(times) ?? 0, kind: "real" };
}
