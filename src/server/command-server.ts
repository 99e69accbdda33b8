import { spawn } from "node:child_process";
import { closeSync, openSync, writeSync } from "node:fs";
import { appendFile, copyFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { BoundedOutput, truncationNote } from "../core/bounded-output.js";
import { environmentError } from "../core/errors.js";
import type { Host } from "../core/host.js";
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
 * environment gets PORTLAB_LISTEN_HOST and PORTLAB_LISTEN_PORT; the first 1 MiB of its output goes to server.log
 * in the run's temp dir (the rest is counted, so a chatty server cannot fill /tmp). It runs in its own process
 * group so its stop reaches every process it started.
 */
export async function startCommandServer(
  host: Host,
  argv: readonly string[],
  env: Readonly<Record<string, string>>,
  port: number,
  tempDir: string,
): Promise<CommandServer> {
  const logPath = join(tempDir, "server.log");
  const log = openSync(logPath, "a", 0o600);
  const command = host.command(argv);
  const child = spawn(command.file, [...command.args], {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
    env: {
      ...process.env,
      ...env,
      PORTLAB_LISTEN_HOST: host.addresses[0] ?? "0.0.0.0",
      PORTLAB_LISTEN_PORT: String(port),
    },
  });
  const spawned = new Promise<Error | null>((resolve) => {
    child.once("error", resolve);
    child.once("spawn", () => resolve(null));
  });
  const spawnError = await spawned;
  if (spawnError !== null || child.pid === undefined) {
    child.stdout.destroy();
    child.stderr.destroy();
    closeSync(log);
    throw environmentError(
      "SERVER_START",
      `cannot start the server command ${argv.join(" ")}: ${spawnError?.message}`,
      "check server.command",
    );
  }
  const pid = child.pid;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.unref();
  // Written synchronously as it comes (in order, never behind a copy); a failed write (disk full) only shortens it.
  const output = new BoundedOutput((bytes) => {
    try {
      writeSync(log, bytes);
    } catch {}
  });
  let openStreams = 2;
  for (const stream of [child.stdout, child.stderr]) {
    stream.on("data", (chunk: Buffer) => output.write(chunk));
    stream.once("close", () => {
      openStreams -= 1;
      if (openStreams === 0) closeSync(log);
    });
  }
  const note = () =>
    output.totalBytes > output.keptBytes ? truncationNote(output.totalBytes, output.keptBytes) : "";
  const logTail = async () =>
    `${await readFile(logPath, "utf8").catch(() => "")}${note()}`.slice(-TAIL_BYTES);
  return {
    pid,
    logPath,
    logTail,
    async collectLogs(directory, run) {
      const copy = join(directory, `server-${run}.log`);
      const cut = note();
      await copyFile(logPath, copy)
        .then(() => (cut ? appendFile(copy, cut) : undefined))
        .catch(() => undefined);
    },
    async stop() {
      if (await isAlive(pid)) {
        sendSignal(-pid, "SIGTERM");
        const gone = await Promise.race([
          exited.then(() => true),
          waitUntilGone(pid, STOP_STEPS_MS.graceful),
        ]);
        if (!gone) {
          sendSignal(-pid, "SIGKILL");
          await waitUntilGone(pid, STOP_STEPS_MS.kill);
        }
      }
      // A process that left the group may still hold the pipes: they close here, not with it.
      child.stdout.destroy();
      child.stderr.destroy();
    },
  };
}
