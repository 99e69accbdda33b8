import type { PortRange } from "../core/sample.js";
import { parseReservedPorts } from "../kernel/port-range.js";

/**
 * The ports connect() may pick for any one (source address, destination ip:port) pair.
 *
 * How the kernel picks (__inet_hash_connect): it walks ip_local_port_range, skips ip_local_reserved_ports, skips
 * a port some socket holds with an explicit bind() (a listener, a bound but unconnected socket), and otherwise
 * takes the port if no socket has the same 4-tuple (source address, port, destination address, port). So every
 * (source address, destination) pair has this whole space to itself, minus the ports it already uses; a port
 * in use toward another destination or from another source address stays free for this pair. That is why
 * portsLeft is counted per pair: usable − ports of this pair's sockets inside the usable set.
 * A client that binds before connect (Node's localAddress) holds its ports for every destination, which the
 * tables cannot show; for such a client add the ports of all its destinations.
 */
export interface PortSpace {
  readonly range: PortRange;
  /** Reserved ports inside the range. */
  readonly reserved: number;
  /** Ports inside the range (and not reserved) held by listeners or bound, unconnected sockets. */
  readonly bound: number;
  /** Ports connect() may pick: range − reserved − bound. */
  readonly usable: number;
  isUsable(port: number): boolean;
}

export function portSpaceOf(range: PortRange, reservedText: string, boundPorts: Iterable<number>): PortSpace {
  const blocked = new Uint8Array(65536);
  let reserved = 0;
  for (const { low, high } of parseReservedPorts(reservedText)) {
    for (let port = Math.max(low, range.low); port <= Math.min(high, range.high); port++) {
      if (blocked[port] === 0) reserved++;
      blocked[port] = 1;
    }
  }
  let bound = 0;
  for (const port of boundPorts) {
    if (port < range.low || port > range.high || blocked[port] !== 0) continue;
    blocked[port] = 1;
    bound++;
  }
  const size = range.high - range.low + 1;
  return {
    range,
    reserved,
    bound,
    usable: size - reserved - bound,
    isUsable: (port) => port >= range.low && port <= range.high && blocked[port] === 0,
  };
}
