import { createNetTransport } from "./net-transport.js";
import { loadHandleTransport } from "./tcp-handle-transport.js";
import type { TcpTransport } from "./tcp-transport.js";

let chosen: TcpTransport | undefined;

/** Node's TCP handle where this Node exposes it, else net.Socket; chosen once per process. */
export function defaultTransport(): TcpTransport {
  chosen ??= loadHandleTransport() ?? createNetTransport();
  return chosen;
}
