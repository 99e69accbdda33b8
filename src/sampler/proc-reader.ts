import { join } from "node:path";
import type { TcpSockets } from "../core/sample.js";
import { type ConntrackStats, parseConntrackStats, selectConntrackCounters } from "./conntrack.js";
import { selectTrackedCounters } from "./counters.js";
import { readProcFile } from "./proc-file.js";

/** Raw /proc/<pid>/net files of one process (they show that process's network namespace), and its sockets. */
export interface ProcNetSnapshot {
  readonly sockets: TcpSockets;
  readonly sockstat: string;
  readonly netstat: string;
  readonly snmp: string;
  /** stat/nf_conntrack, when asked for and present (a NAT router's table). */
  readonly conntrack?: ConntrackStats | null;
}

/** Last length per path, so a large table is read into one right-sized buffer. */
export type SizeHints = Map<string, number>;

function isGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === "ENOENT" || code === "ESRCH";
}

function readOptional(path: string, sizeHints?: SizeHints): Buffer | null {
  try {
    const content = readProcFile(path, sizeHints?.get(path));
    sizeHints?.set(path, content.length);
    return content;
  } catch (error) {
    if (isGone(error)) return null;
    throw error;
  }
}

/** /proc/<pid>/net/tcp and tcp6 (the latter absent in a namespace without IPv6); null when the process has exited. */
export function readTcpTables(procRoot: string, pid: number, sizeHints?: SizeHints): TcpSockets | null {
  const dir = join(procRoot, String(pid), "net");
  const tcp = readOptional(join(dir, "tcp"), sizeHints);
  if (tcp === null) return null;
  const tcp6 = readOptional(join(dir, "tcp6"), sizeHints);
  return { tables: tcp6 === null ? [tcp] : [tcp, tcp6] };
}

/** Reads the counter files to go with `sockets`; null when the process has exited (its /proc entry is gone). */
export function readProcNetSnapshot(
  procRoot: string,
  pid: number,
  sockets: TcpSockets,
  withConntrack = false,
): ProcNetSnapshot | null {
  const dir = join(procRoot, String(pid), "net");
  const sockstat = readOptional(join(dir, "sockstat"));
  const netstat = readOptional(join(dir, "netstat"));
  const snmp = readOptional(join(dir, "snmp"));
  if (sockstat === null || netstat === null || snmp === null) return null;
  return {
    sockets,
    sockstat: sockstat.toString("latin1"),
    netstat: netstat.toString("latin1"),
    snmp: snmp.toString("latin1"),
    ...(withConntrack ? { conntrack: readConntrack(dir) } : {}),
  };
}

function readConntrack(netDir: string): ConntrackStats | null {
  const text = readOptional(join(netDir, "stat", "nf_conntrack"));
  return text === null ? null : parseConntrackStats(text.toString("latin1"));
}

/** TcpExt and Tcp counters, plus the conntrack counters when the snapshot has them. */
export function snapshotCounters(snapshot: ProcNetSnapshot): Record<string, number> {
  const counters = selectTrackedCounters(snapshot.netstat, snapshot.snmp);
  return snapshot.conntrack ? { ...counters, ...selectConntrackCounters(snapshot.conntrack) } : counters;
}

/** The tracked counters only (the baseline taken when the load starts); null when the process has exited. */
export function readTrackedCounters(
  procRoot: string,
  pid: number,
  withConntrack = false,
): Record<string, number> | null {
  const dir = join(procRoot, String(pid), "net");
  const netstat = readOptional(join(dir, "netstat"));
  const snmp = readOptional(join(dir, "snmp"));
  if (netstat === null || snmp === null) return null;
  const counters = selectTrackedCounters(netstat.toString("latin1"), snmp.toString("latin1"));
  const conntrack = withConntrack ? readConntrack(dir) : null;
  return conntrack ? { ...counters, ...selectConntrackCounters(conntrack) } : counters;
}
