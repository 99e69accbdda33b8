import { isIP } from "node:net";
import { createNetTransport } from "./net-transport.js";
import { loadHandleTransport } from "./tcp-handle-transport.js";
import type { TcpTransport } from "./tcp-transport.js";

/** The handle transport, or why this Node does not offer it. */
let handle: TcpTransport | string | undefined;
let net: TcpTransport | undefined;

function loadedHandle(): TcpTransport | string {
  handle ??= loadHandleTransport();
  return handle;
}

/**
 * The transport for connections to `host`: Node's TCP handle where this Node exposes it and `host` is an IP
 * address (the handle does no DNS), else net.Socket. A client that binds its source addresses first gets
 * net.Socket too: libuv defers a bind's EADDRINUSE to the connect, and only net.Socket reports it as such
 * (on the bare handle it surfaced as ENOTCONN, hiding the exhaustion). Each is made once per process.
 */
export function transportFor(host: string, bindsSource = false): TcpTransport {
  const loaded = loadedHandle();
  if (typeof loaded !== "string" && isIP(host) !== 0 && !bindsSource) return loaded;
  net ??= createNetTransport();
  return net;
}

/** Which transport transportFor picks, and why, for the run's log: the handle is not a public API. */
export function describeTransport(host: string, bindsSource = false): string {
  const loaded = loadedHandle();
  if (typeof loaded === "string") return `net.Socket (${loaded})`;
  if (isIP(host) === 0) return "net.Socket (the target is a name, and the handle does no DNS)";
  if (bindsSource) return "net.Socket (source addresses are bound: only net.Socket reports EADDRINUSE)";
  return "Node's TCP handle (process.binding tcp_wrap)";
}
