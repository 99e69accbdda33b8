import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { join } from "node:path";
import { BoundedOutput } from "../../core/bounded-output.js";
import { asProgramUser, programEnvironment } from "../../core/program-user.js";
import { targetUrl } from "../http/target-url.js";
import type { WorkerTarget } from "../worker/protocol.js";
import type { ProgramReport, ProgramToRunner, StartProgramMessage } from "./program-protocol.js";
import { openStraceTrace, type StraceTrace } from "./strace-trace.js";

/** After SIGTERM, how long the program may take to exit before its process group gets SIGKILL. */
export const STOP_GRACE_MS = 5_000;
/** After the program's exit, how long strace may take to write its last lines. */
const STRACE_FINISH_MS = 5_000;
/** After the program's exit, how long its output pipes may stay open (a child it left holding them). */
const OUTPUT_DRAIN_MS = 1_000;

/** The target as the program's environment sees it: a URL and its parts. */
export function targetEnvironment(target: WorkerTarget): Record<string, string> {
  const port = target.ports[0] ?? 80;
  return {
    PORTLAB_TARGET_URL: targetUrl(target.host, port, target.path),
    PORTLAB_TARGET_HOST: target.host,
    PORTLAB_TARGET_PORT: String(port),
    PORTLAB_TARGET_PORTS: target.ports.join(","),
  };
}

/** Whether `program` names something this host can run: a path as given, else a file on the PATH it will have. */
export function programExists(program: string, path: string | undefined): boolean {
  const candidates = program.includes("/")
    ? [program]
    : (path ?? "")
        .split(":")
        .filter(Boolean)
        .map((directory) => join(directory, program));
  return candidates.some((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}

function spawned(child: ChildProcess): Promise<Error | null> {
  return new Promise((resolve) => {
    child.once("spawn", () => resolve(null));
    child.once("error", resolve);
  });
}

function notStarted(startError: string, strace: boolean): ProgramReport {
  return {
    startError,
    exitCode: null,
    signal: null,
    exitedAtMs: 0,
    stoppedBy: null,
    stopSignal: null,
    logBytes: 0,
    logKeptBytes: 0,
    strace: strace ? { errors: {}, firstErrorMs: {}, unreadLines: 0, problem: startError } : null,
  };
}

/**
 * Runs the user's client program inside this host (the load agent's): in a process group of its own, with the
 * target in its environment, its output passed on (bounded), under strace when asked. The run's duration
 * bounds it: SIGTERM to its group at the end, SIGKILL after STOP_GRACE_MS; `stop` (an interrupt) does the same
 * at once. It may exit earlier on its own. Whatever it leaves in its group is killed when it exits.
 */
export async function runProgram(
  start: StartProgramMessage,
  send: (message: ProgramToRunner) => void,
  stop: AbortSignal,
): Promise<void> {
  const { client } = start;
  const env = programEnvironment(process.env, start.runAs, {
    ...client.env,
    ...targetEnvironment(start.target),
  });
  const program = client.argv[0] ?? "";
  if (!programExists(program, env.PATH)) {
    const missing = `no program ${program} in the client host (not a path to an executable, nor on its PATH)`;
    return send({ type: "program-done", report: notStarted(missing, client.errors === "strace") });
  }
  if (start.runAs !== null && !programExists("setpriv", env.PATH)) {
    const missing = `no setpriv (util-linux) in the client host to run the program as uid ${start.runAs.uid} (or give the client user: root)`;
    return send({ type: "program-done", report: notStarted(missing, client.errors === "strace") });
  }
  const startEpochMs = Date.now();
  let trace: StraceTrace | null = null;
  if (client.errors === "strace") {
    // strace stays root (to trace, and to write its FIFO); the program itself drops to its user under it.
    trace = await openStraceTrace(asProgramUser(start.runAs, client.argv), startEpochMs, start.scratchDir);
    if (trace === null) {
      const missing = "strace is not installed in the client host (apt-get install strace)";
      return send({ type: "program-done", report: notStarted(missing, true) });
    }
  }
  try {
    await runSpawned(start, env, trace, send, stop, startEpochMs);
  } finally {
    await trace?.remove();
  }
}

async function runSpawned(
  start: StartProgramMessage,
  env: NodeJS.ProcessEnv,
  trace: StraceTrace | null,
  send: (message: ProgramToRunner) => void,
  stop: AbortSignal,
  startEpochMs: number,
): Promise<void> {
  const argv = trace?.argv ?? asProgramUser(start.runAs, start.client.argv);
  const child = spawn(argv[0] as string, argv.slice(1), {
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const spawnError = await spawned(child);
  if (spawnError !== null || child.pid === undefined) {
    const reason = `cannot start ${start.client.argv[0]}: ${spawnError?.message ?? "no pid"}`;
    const report = notStarted(reason, trace !== null);
    if (trace !== null) await trace.finish(0);
    return send({ type: "program-done", report });
  }
  const pid = child.pid;
  const output = new BoundedOutput((bytes) =>
    send({ type: "program-output", data: bytes.toString("base64") }),
  );
  const drained = Promise.all(
    [child.stdout, child.stderr].map(
      (stream) =>
        new Promise<void>((resolve) => {
          stream?.on("data", (chunk: Buffer) => output.write(chunk));
          stream?.once("close", () => resolve());
        }),
    ),
  );

  let stoppedBy: ProgramReport["stoppedBy"] = null;
  let stopSignal: ProgramReport["stopSignal"] = null;
  let killTimer: NodeJS.Timeout | undefined;
  let gone = false;
  const end = (why: "bound" | "interrupt") => {
    if (gone || stoppedBy !== null) return;
    stoppedBy = why;
    stopSignal = "SIGTERM";
    signalGroup(pid, "SIGTERM");
    killTimer = setTimeout(() => {
      if (gone) return;
      stopSignal = "SIGKILL";
      signalGroup(pid, "SIGKILL");
    }, STOP_GRACE_MS);
  };
  const boundTimer = setTimeout(() => end("bound"), start.durationMs);
  const onStop = () => end("interrupt");
  if (stop.aborted) onStop();
  else stop.addEventListener("abort", onStop, { once: true });

  const exit = await exited;
  gone = true;
  const exitedAtMs = Date.now() - startEpochMs;
  clearTimeout(boundTimer);
  clearTimeout(killTimer);
  stop.removeEventListener("abort", onStop);
  signalGroup(pid, "SIGKILL"); // what it started and left behind in its group ends with it
  const drainTimer = new Promise<void>((resolve) => setTimeout(resolve, OUTPUT_DRAIN_MS).unref());
  await Promise.race([drained, drainTimer]);
  child.stdout?.destroy();
  child.stderr?.destroy();
  const strace = trace === null ? null : await trace.finish(STRACE_FINISH_MS);
  send({
    type: "program-done",
    report: {
      startError: null,
      exitCode: exit.code,
      signal: exit.signal,
      exitedAtMs,
      stoppedBy,
      stopSignal,
      logBytes: output.totalBytes,
      logKeptBytes: output.keptBytes,
      strace,
    },
  });
}
