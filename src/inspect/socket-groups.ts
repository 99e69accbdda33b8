import type { StateCounts, TcpState } from "../core/sample.js";
import { endpointText } from "../sampler/proc-address.js";
import { forEachTcpRow } from "../sampler/tcp-rows.js";

/** What is known of the connection on one local port toward one destination. */
export interface ConnectionMark {
  readonly state: TcpState | null;
  /** 0 for TIME_WAIT and closed-but-not-gone sockets. */
  readonly inode: number;
  /** Remaining time of the socket's timer (TIME_WAIT: until it ends), ms. */
  readonly timerMs: number;
}

/** Outgoing sockets of one local address toward one destination ip:port. */
export interface DestinationGroup {
  /** Local address. */
  readonly local: string;
  /** Destination "ip:port" ("[ip6]:port"). */
  readonly remote: string;
  /** Whether the destination is a loopback address (tcp_tw_reuse=2 reuses only there). */
  readonly loopback: boolean;
  readonly states: StateCounts;
  /** Local port → its connection (one per port: a 4-tuple is unique). */
  readonly connections: Map<number, ConnectionMark>;
}

/** Accepted sockets of one listening ip:port (a server's side). */
export interface InboundGroup {
  readonly local: string;
  readonly states: StateCounts;
  /** Remote endpoint → state. */
  readonly peers: Map<string, TcpState | null>;
}

/** One reading of a namespace's sockets, grouped. */
export interface SocketSnapshot {
  /** Key `${local} ${remote}`. */
  readonly destinations: Map<string, DestinationGroup>;
  readonly inbound: Map<string, InboundGroup>;
  /** Local ports held by listeners and bound, unconnected sockets: connect() never picks them. */
  readonly boundPorts: Set<number>;
}

function isLoopback(address: string): boolean {
  return address.startsWith("127.") || address === "::1";
}

function countStates(states: StateCounts, all: Iterable<TcpState | null>): void {
  for (const state of all) if (state !== null) states[state] = (states[state] ?? 0) + 1;
}

/** A map of maps: (local address, remote address, remote port) → group, without a string key per socket. */
class GroupIndex<T> {
  private readonly byLocal = new Map<string, Map<string, Map<number, T>>>();

  getOrAdd(local: string, remote: string, port: number, make: () => T): T {
    let byRemote = this.byLocal.get(local);
    if (byRemote === undefined) {
      byRemote = new Map();
      this.byLocal.set(local, byRemote);
    }
    let byPort = byRemote.get(remote);
    if (byPort === undefined) {
      byPort = new Map();
      byRemote.set(remote, byPort);
    }
    let group = byPort.get(port);
    if (group === undefined) {
      group = make();
      byPort.set(port, group);
    }
    return group;
  }
}

/**
 * Groups the sockets of tcp and tcp6. A socket whose local port is a listening port is inbound (accepted by a
 * server here); every other connected socket is outgoing, grouped by (local address, destination). Two passes
 * over the tables (listeners first), so no socket is copied.
 */
export function groupSockets(tables: ReadonlyArray<string | Uint8Array>): SocketSnapshot {
  const listeningPorts = new Set<number>();
  const boundPorts = new Set<number>();
  for (const table of tables) {
    forEachTcpRow(table, (row) => {
      if (row.state === "LISTEN") listeningPorts.add(row.localPort);
      if (row.remotePort === 0) boundPorts.add(row.localPort);
    });
  }
  const destinations = new Map<string, DestinationGroup>();
  const inbound = new Map<string, InboundGroup>();
  const outgoingIndex = new GroupIndex<DestinationGroup>();
  const inboundIndex = new GroupIndex<InboundGroup>();
  for (const table of tables) {
    forEachTcpRow(table, (row) => {
      if (row.remotePort === 0) return;
      const mark = { state: row.state, inode: row.inode, timerMs: row.timerMs };
      if (listeningPorts.has(row.localPort)) {
        const group = inboundIndex.getOrAdd(row.localAddress, "", row.localPort, () => {
          const created = {
            local: endpointText(row.localAddress, row.localPort),
            states: {},
            peers: new Map(),
          };
          inbound.set(created.local, created);
          return created;
        });
        group.peers.set(endpointText(row.remoteAddress, row.remotePort), mark.state);
        return;
      }
      const group = outgoingIndex.getOrAdd(row.localAddress, row.remoteAddress, row.remotePort, () => {
        const remote = endpointText(row.remoteAddress, row.remotePort);
        const loopback = isLoopback(row.remoteAddress);
        const created = { local: row.localAddress, remote, loopback, states: {}, connections: new Map() };
        destinations.set(`${row.localAddress} ${remote}`, created);
        return created;
      });
      group.connections.set(row.localPort, mark);
    });
  }
  // States are counted per 4-tuple, not per row: a table read while it changes can list a socket twice (the
  // kernel resumes each read(2) by position), and a socket is only ever one connection.
  for (const group of destinations.values())
    countStates(
      group.states,
      [...group.connections.values()].map((mark) => mark.state),
    );
  for (const group of inbound.values()) countStates(group.states, group.peers.values());
  return { destinations, inbound, boundPorts };
}
