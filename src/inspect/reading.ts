import { parseCounterSection } from "../sampler/counters.js";
import { groupSockets, type SocketSnapshot } from "./socket-groups.js";

/** A reading of one namespace: its sockets and Tcp ActiveOpens at one moment. */
export interface Reading {
  /** Date.now() when the tables were read. */
  readonly atMs: number;
  readonly sockets: SocketSnapshot;
  /** Tcp ActiveOpens of /proc/net/snmp (every connect() that sent a SYN); null when unreadable. */
  readonly activeOpens: number | null;
}

/** A reading from the files of /proc/<pid>/net: tcp, tcp6 (null without IPv6) and snmp. */
export function readingOf(
  tcp: string | Uint8Array,
  tcp6: string | Uint8Array | null,
  snmp: string,
  atMs: number,
): Reading {
  return {
    atMs,
    sockets: groupSockets(tcp6 === null ? [tcp] : [tcp, tcp6]),
    activeOpens: parseCounterSection(snmp, "Tcp").ActiveOpens ?? null,
  };
}
