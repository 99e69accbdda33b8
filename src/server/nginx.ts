import { type ChildProcess, spawn } from "node:child_process";
import { open, readFile, rm, writeFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { environmentError } from "../core/errors.js";
import { CommandFailedError, runCommand } from "../core/exec-file.js";
import { type NginxConfigOptions, nginxPaths, readNginxTemplate, renderNginxConfig } from "./nginx-config.js";
import { portsListenedBy } from "./proc-sockets.js";
import { childPidsOf, commandLineOf, isAlive, stopNginxMaster, waitUntilGone } from "./process-control.js";

/** Rewrites a command so it runs inside a host (identity for host loopback, `ip netns exec NS …` for netns). */
export type CommandWrap = (
  file: string,
  args: readonly string[],
) => { readonly file: string; readonly args: readonly string[] };

export interface StartNginxOptions extends Omit<NginxConfigOptions, "prefix"> {
  /** The run's temp dir: nginx.conf, nginx.pid, error.log and nginx's temp paths go here. */
  readonly tempDir: string;
  readonly wrap: CommandWrap;
  /** nginx binary; resolved through PATH inside the wrapped command. */
  readonly nginxBinary?: string;
  readonly readyTimeoutMs?: number;
}

export interface NginxHandle {
  /** The master's pid: its /proc/<pid>/net is the server host's view. */
  readonly pid: number;
  readonly configPath: string;
  readonly errorLogPath: string;
  /** Exit code once the master has exited (null when a signal ended it); never rejects. */
  readonly exited: Promise<number | null>;
  /** SIGQUIT, then SIGTERM, then SIGKILL; resolves once the master has exited. Safe to call twice. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 5_000;
const POLL_MS = 25;
const TAIL_BYTES = 2_000;

/** Writes and checks the config, starts nginx as a child process and waits until it listens on every port. */
export async function startNginx(options: StartNginxOptions): Promise<NginxHandle> {
  const binary = options.nginxBinary ?? "nginx";
  const paths = nginxPaths(options.tempDir);
  const config = renderNginxConfig(readNginxTemplate(), { ...options, prefix: options.tempDir });
  await writeFile(paths.config, config);
  const nginxArgs = ["-p", options.tempDir, "-c", paths.config, "-e", paths.errorLog];
  await checkConfig(options.wrap(binary, ["-t", "-q", ...nginxArgs]));
  // `nginx -t` leaves an empty pid file; readiness waits for the one the master writes.
  await rm(paths.pidFile, { force: true });

  const command = options.wrap(binary, nginxArgs);
  // Own process group: a Ctrl-C on the terminal reaches the runner, whose teardown stops nginx in order.
  const child = spawn(command.file, [...command.args], {
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  const stderr = captureTail(child);
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.once("error", () => resolve(null));
  });
  const spawnError = new Promise<Error>((resolve) => child.once("error", resolve));
  const pid = child.pid;
  if (pid === undefined) {
    const error = await spawnError;
    throw environmentError(
      "NGINX_START",
      `cannot run ${command.file}: ${error.message}`,
      "portlab doctor --fix",
    );
  }

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= stopNginxMaster(pid, (withinMs) => exitedWithin(exited, withinMs));
    return stopping;
  };
  const failure = await waitUntilReady(pid, exited, options, paths.pidFile);
  if (failure !== null) {
    await stop();
    const where = options.ports.map((port) => `${options.listenAddress}:${port}`).join(", ");
    // nginx writes the same lines to its error log and to stderr; stderr alone is what precedes the log.
    const tail = ((await readTail(paths.errorLog)) || stderr()).trim();
    throw environmentError(
      "NGINX_START",
      `nginx did not start on ${where}: ${failure}${tail ? `\n${tail}` : ""}`,
      `see ${paths.errorLog}; a port in use may be a leftover run (portlab clean)`,
    );
  }
  return { pid, configPath: paths.config, errorLogPath: paths.errorLog, exited, stop };
}

async function checkConfig(command: {
  readonly file: string;
  readonly args: readonly string[];
}): Promise<void> {
  try {
    await runCommand(command.file, command.args);
  } catch (error) {
    if (!(error instanceof CommandFailedError)) throw error;
    throw environmentError(
      "NGINX_CONFIG",
      `nginx rejected its configuration: ${error.stderr.trim()}`,
      "this nginx build may lack a directive portlab uses; portlab doctor checks the nginx version",
      error,
    );
  }
}

/** Null once nginx is ready; otherwise why it is not. */
async function waitUntilReady(
  pid: number,
  exited: Promise<number | null>,
  options: StartNginxOptions,
  pidFile: string,
): Promise<string | null> {
  const deadline = Date.now() + (options.readyTimeoutMs ?? READY_TIMEOUT_MS);
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });
  while (Date.now() < deadline) {
    if (hasExited) return `nginx exited with code ${await exited}`;
    if (await isReady(pid, options, pidFile)) return null;
    await sleep(POLL_MS);
  }
  return `nginx was not listening after ${options.readyTimeoutMs ?? READY_TIMEOUT_MS} ms`;
}

/** The master wrote its pid (it does so only after binding), holds a LISTEN socket per port, and its workers run. */
async function isReady(pid: number, options: StartNginxOptions, pidFile: string): Promise<boolean> {
  const written = await readFile(pidFile, "utf8").catch(() => "");
  if (Number(written.trim()) !== pid) return false;
  const listening = await portsListenedBy(pid, options.listenAddress, options.ports).catch(
    () => new Set<number>(),
  );
  if (listening.size !== options.ports.length) return false;
  return (await childPidsOf(pid)).length >= options.workers;
}

/**
 * Stops the nginx whose pid file is in `tempDir`, for leftovers of a run that did not tear down.
 * Only a live process whose command line names `tempDir` is signalled. Resolves true if one was stopped.
 */
export async function stopNginxByPidFile(tempDir: string): Promise<boolean> {
  const text = await readFile(nginxPaths(tempDir).pidFile, "utf8").catch(() => "");
  const pid = Number(text.trim());
  if (!Number.isInteger(pid) || pid <= 1 || !(await isAlive(pid))) return false;
  const commandLine = await commandLineOf(pid);
  if (
    commandLine === null ||
    !commandLine.startsWith("nginx: master process") ||
    !commandLine.includes(tempDir)
  ) {
    return false;
  }
  await stopNginxMaster(pid, (withinMs) => waitUntilGone(pid, withinMs));
  return true;
}

async function exitedWithin(exited: Promise<number | null>, ms: number): Promise<boolean> {
  const timer = new AbortController();
  try {
    return await Promise.race([exited.then(() => true), sleep(ms, false, { signal: timer.signal })]);
  } finally {
    timer.abort();
  }
}

/** Keeps the last few KB nginx wrote to stderr (messages from before its error log opens). */
function captureTail(child: ChildProcess): () => string {
  let tail = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    tail = (tail + chunk).slice(-TAIL_BYTES);
  });
  return () => tail;
}

async function readTail(path: string): Promise<string> {
  const file = await open(path, "r").catch(() => null);
  if (file === null) return "";
  try {
    const { size } = await file.stat();
    const start = Math.max(0, size - TAIL_BYTES);
    const { buffer, bytesRead } = await file.read(Buffer.alloc(size - start), 0, size - start, start);
    return buffer.subarray(0, bytesRead).toString("utf8");
  } finally {
    await file.close();
  }
}
