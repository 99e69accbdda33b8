import { environmentError } from "../core/errors.js";
import { CommandFailedError, runCommand } from "../core/exec-file.js";
import type { Host } from "../core/host.js";

/**
 * Any server is ready when a TCP connect from inside the client host succeeds, on every port, within the
 * timeout. A server that never gets ready is exit 3 with the tail of its log.
 */
export async function waitForServer(
  client: Host,
  address: string,
  ports: readonly number[],
  timeoutMs: number,
  describe: string,
  logTail: () => Promise<string>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const port of ports) {
    const left = Math.max(1, deadline - Date.now());
    const command = client.agentCommand(["probe", address, String(port), String(left)]);
    try {
      await runCommand(command.file, command.args, left + 15_000);
    } catch (error) {
      if (!(error instanceof CommandFailedError)) throw error;
      const tail = (await logTail().catch(() => "")).trim();
      throw environmentError(
        "SERVER_NOT_READY",
        `the server (${describe}) did not get ready: ${error.stderr.trim()}${tail ? `\nits log ends:\n${tail}` : ""}`,
        "check that it listens on the scenario's server.port on all addresses (0.0.0.0), or raise server.readyTimeout",
      );
    }
  }
}
