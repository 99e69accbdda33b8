import { isIP } from "node:net";
import { createNetTransport } from "./net-transport.js";
import { loadHandleTransport } from "./tcp-handle-transport.js";
import type { TcpTransport } from "./tcp-transport.js";

let handle: TcpTransport | null | undefined;
let net: TcpTransport | undefined;

/**
 * The transport for connections to `host`: Node's TCP handle where this Node exposes it and `host` is an IP
 * address (the handle does no DNS), else net.Socket. A client that binds its source addresses first gets
 * net.Socket too: libuv defers a bind's EADDRINUSE to the connect, and only net.Socket reports it as such
 * (on the bare handle it surfaced as ENOTCONN, hiding the exhaustion). Each is made once per process.
 */
export function transportFor(host: string, bindsSource = false): TcpTransport {
  if (handle === undefined) handle = loadHandleTransport();
  if (handle !== null && isIP(host) !== 0 && !bindsSource) return handle;
  net ??= createNetTransport();
  return net;
}
