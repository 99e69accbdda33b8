import { isIP } from "node:net";
import { createNetTransport } from "./net-transport.js";
import { loadHandleTransport } from "./tcp-handle-transport.js";
import type { TcpTransport } from "./tcp-transport.js";

let handle: TcpTransport | null | undefined;
let net: TcpTransport | undefined;

/**
 * The transport for connections to `host`: Node's TCP handle where this Node exposes it and `host` is an IP
 * address (the handle does no DNS), else net.Socket. Each is made once per process.
 */
export function transportFor(host: string): TcpTransport {
  if (handle === undefined) handle = loadHandleTransport();
  if (handle !== null && isIP(host) !== 0) return handle;
  net ??= createNetTransport();
  return net;
}
