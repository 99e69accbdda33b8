import { spawn } from "node:child_process";
import { closeSync, openSync, writeSync } from "node:fs";
import { appendFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { BoundedOutput, truncationNote } from "../core/bounded-output.js";
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
 * environment gets PORTLAB_LISTEN_HOST and PORTLAB_LISTEN_PORT; the first 1 MiB of its output goes to server.log
 * in the run's temp dir (the rest is counted, so a chatty server cannot fill /tmp). It runs in its own process
 * group so its stop reaches every process it started.
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
  const log = openSync(logPath, "a", 0o600);
  // Not portlab's code: it runs as the sudo user (else nobody) with a clean environment, unless `user: root`.
  const user = programUser(program.user);
  const command = host.command(asProgramUser(user, argv));
  const child = spawn(command.file, [...command.args], {
    stdio: ["ignore", "pipe", "pipe"],
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
  let noted = false; // once the note is in server.log itself
  const note = () =>
    !noted && output.totalBytes > output.keptBytes ? truncationNote(output.totalBytes, output.keptBytes) : "";
  const logTail = async () =>
    `${await readFile(logPath, "utf8").catch(() => "")}${note()}`.slice(-TAIL_BYTES);
  return {
    pid,
    logPath,
    logTail,
    async collectLogs(directory, run) {
      // The note goes into the sandbox's own copy first: the run directory only ever gets a fresh file.
      const cut = note();
      if (cut) {
        noted = true;
        await appendFile(logPath, cut).catch(() => undefined);
      }
      await copyFresh(logPath, join(directory, `server-${run}.log`)).catch(() => undefined);
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
