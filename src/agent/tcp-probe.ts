import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

const RETRY_MS = 100;

/**
 * Readiness of any server: a TCP connect from inside the client host succeeds within `timeoutMs`.
 * Resolves null when it did, or the last connect error.
 */
export async function probeTcp(host: string, port: number, timeoutMs: number): Promise<string | null> {
  const deadline = Date.now() + timeoutMs;
  let last = "no attempt";
  while (Date.now() < deadline) {
    last = await new Promise<string>((resolve) => {
      const socket = connect({ host, port, timeout: Math.max(100, deadline - Date.now()) });
      // RST, not FIN: the probe must leave no TIME_WAIT to hold a port of the run it prepares.
      socket.once("connect", () => {
        socket.resetAndDestroy();
        resolve("");
      });
      socket.once("timeout", () => {
        socket.destroy();
        resolve("connect timed out");
      });
      socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });
    if (last === "") return null;
    await sleep(RETRY_MS);
  }
  return `no TCP connect to ${host}:${port} within ${timeoutMs} ms (last: ${last})`;
}
