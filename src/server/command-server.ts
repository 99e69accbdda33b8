import { spawn } from "node:child_process";
import { open, readFile } from "node:fs/promises";
import { join } from "node:path";
import { environmentError } from "../core/errors.js";
import { copyFresh } from "../core/fresh-file.js";
import type { Host } from "../core/host.js";
import { asProgramUser, programEnvironment, programUser } from "../core/program-user.js";
import { isAlive, STOP_STEPS_MS, sendSignal, waitUntilGone } from "./process-control.js";

export interface CommandServer {
  readonly pid: number;
  readonly logPath: string;
  logTail(): Promise<string>;
  collectLogs(directory: string, run: number): Promise<void>;
  /** SIGTERM to its process group, then SIGKILL; resolves once it has exited. */
  stop(): Promise<void>;
}

const TAIL_BYTES = 2_000;

/**
 * The user's own server program, started inside the server host (`server: { command: [...] }`). Its
 * environment gets PORTLAB_LISTEN_HOST and PORTLAB_LISTEN_PORT; its output goes to server.log in the run's
 * temp dir. It runs in its own process group so its stop reaches every process it started.
 */
export async function startCommandServer(
  host: Host,
  program: {
    readonly argv: readonly string[];
    readonly env: Readonly<Record<string, string>>;
    readonly user: "root" | null;
  },
  port: number,
  tempDir: string,
): Promise<CommandServer> {
  const { argv } = program;
  const logPath = join(tempDir, "server.log");
  const log = await open(logPath, "a");
  // Not portlab's code: it runs as the sudo user (else nobody) with a clean environment, unless `user: root`.
  const user = programUser(program.user);
  const command = host.command(asProgramUser(user, argv));
  const child = spawn(command.file, [...command.args], {
    stdio: ["ignore", log.fd, log.fd],
    detached: true,
    env: programEnvironment(process.env, user, {
      ...program.env,
      PORTLAB_LISTEN_HOST: host.addresses[0] ?? "0.0.0.0",
      PORTLAB_LISTEN_PORT: String(port),
    }),
  });
  const spawned = new Promise<Error | null>((resolve) => {
    child.once("error", resolve);
    child.once("spawn", () => resolve(null));
  });
  await log.close();
  const spawnError = await spawned;
  if (spawnError !== null || child.pid === undefined)
    throw environmentError(
      "SERVER_START",
      `cannot start the server command ${argv.join(" ")}: ${spawnError?.message}`,
      "check server.command",
    );
  const pid = child.pid;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.unref();
  const logTail = async () => (await readFile(logPath, "utf8").catch(() => "")).slice(-TAIL_BYTES);
  return {
    pid,
    logPath,
    logTail,
    collectLogs: (directory, run) =>
      copyFresh(logPath, join(directory, `server-${run}.log`)).then(
        () => undefined,
        () => undefined,
      ),
    async stop() {
      if (!(await isAlive(pid))) return;
      sendSignal(-pid, "SIGTERM");
      const gone = await Promise.race([exited.then(() => true), waitUntilGone(pid, STOP_STEPS_MS.graceful)]);
      if (!gone) {
        sendSignal(-pid, "SIGKILL");
        await waitUntilGone(pid, STOP_STEPS_MS.kill);
      }
    },
  };
}
