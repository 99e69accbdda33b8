import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { hasExited, readProcessStatSync } from "../../src/core/process-stat.js";
import { STATE_ROOT, stateDirOf } from "../../src/core/run-record.js";

/** Spawns the built CLI (`node dist/cli/main.js …`) and collects what it did; finds what a run left behind. */

export const repoRoot = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
export const cliPath = join(repoRoot, "dist", "cli", "main.js");

/**
 * Whether dist/ is built. Outside CI a missing build skips the CLI tests with a visible reason; under CI=true
 * `npm test` builds first, so a missing build is a failure.
 */
export function cliBuilt(): boolean {
  if (existsSync(cliPath)) return true;
  const reason = `${cliPath} is missing (run \`npx tsc -p .\` first)`;
  if (process.env.CI === "true") throw new Error(`CLI tests cannot run under CI: ${reason}`);
  console.warn(`skipping CLI tests: ${reason}`);
  return false;
}

export interface PortlabExit {
  readonly pid: number;
  /** Exit code, or null when a signal ended the process. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

export interface PortlabOptions {
  readonly cwd?: string;
  /** Added to (or, with a value of undefined, removed from) the test process's environment. */
  readonly env?: Record<string, string | undefined>;
  /** Prefix the command, e.g. ["setpriv", "--reuid=65534", …] to run it as another user. */
  readonly wrapper?: readonly string[];
  /** SIGKILL after this long (a test must never hang on a stuck run). Default 60 s. */
  readonly timeoutMs?: number;
  /** The engine's test hooks (pause or crash at a stage), preloaded from engine-hooks.mjs. */
  readonly hooks?: { readonly pauseAt?: string; readonly crashAt?: string };
}

export interface PortlabProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  /** Resolves once stderr contains `text` (e.g. "portlab-pause: nginx"); rejects on exit or after `timeoutMs`. */
  waitForStderr(text: string, timeoutMs?: number): Promise<void>;
  signal(signal: NodeJS.Signals): void;
  /** Polls `condition` until it holds; rejects if the process exits first or after `timeoutMs`. */
  waitFor(what: string, condition: () => boolean, timeoutMs?: number): Promise<void>;
  readonly exited: Promise<PortlabExit>;
}

export function startPortlab(args: readonly string[], options: PortlabOptions = {}): PortlabProcess {
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  for (const [key, value] of Object.entries(options.env ?? {})) if (value === undefined) delete env[key];
  const preload: string[] = [];
  if (options.hooks !== undefined) {
    env.PORTLAB_TEST_ENGINE_HOOKS = JSON.stringify(options.hooks);
    preload.push("--import", pathToFileURL(join(repoRoot, "test", "support", "engine-hooks.mjs")).href);
  }
  const wrapper = options.wrapper ?? [];
  const file = wrapper[0] ?? process.execPath;
  const fullArgs =
    wrapper.length > 0
      ? [...wrapper.slice(1), process.execPath, ...preload, cliPath, ...args]
      : [...preload, cliPath, ...args];
  const started = Date.now();
  const child = spawn(file, fullArgs, {
    cwd: options.cwd ?? repoRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const stderrListeners = new Set<() => void>();
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
    for (const listener of stderrListeners) listener();
  });
  const killer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
  let hasExited = false;
  const exited = new Promise<PortlabExit>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => {
      hasExited = true;
      clearTimeout(killer);
      for (const listener of stderrListeners) listener();
      resolve({ pid: child.pid as number, code, signal, stdout, stderr, durationMs: Date.now() - started });
    });
  });
  if (child.pid === undefined) throw new Error(`could not spawn ${file}`);
  return {
    child,
    pid: child.pid,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    signal: (signal) => {
      child.kill(signal);
    },
    waitFor(what, condition, timeoutMs = 20_000) {
      return waitUntil(
        what,
        () => {
          if (condition()) return true;
          if (hasExited) throw new Error(`exited before ${what}; stderr:\n${stderr}`);
          return false;
        },
        timeoutMs,
      );
    },
    waitForStderr(text, timeoutMs = 20_000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            finish(
              new Error(`no ${JSON.stringify(text)} on stderr after ${timeoutMs} ms; stderr:\n${stderr}`),
            ),
          timeoutMs,
        );
        const finish = (error?: Error) => {
          clearTimeout(timer);
          stderrListeners.delete(check);
          if (error) reject(error);
          else resolve();
        };
        const check = () => {
          if (stderr.includes(text)) finish();
          else if (hasExited)
            finish(new Error(`exited before ${JSON.stringify(text)} appeared on stderr:\n${stderr}`));
        };
        stderrListeners.add(check);
        check();
      });
    },
  };
}

export function runPortlab(args: readonly string[], options: PortlabOptions = {}): Promise<PortlabExit> {
  return startPortlab(args, options).exited;
}

/** Polls `condition` every 50 ms until it holds; throws after `timeoutMs`. */
export async function waitUntil(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

// --- What a run leaves behind -------------------------------------------------------------------------------

const SANDBOX_ID = /^[0-9a-f]{8}$/;

/** Sandbox ids a run logged ("sandbox up" lines of its run.log). */
export function sandboxIdsInRunLog(runDirectory: string): string[] {
  const path = join(runDirectory, "run.log");
  if (!existsSync(path)) return [];
  const ids: string[] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (!line.includes('"sandbox up"')) continue;
    const id = (JSON.parse(line) as { id?: unknown }).id;
    if (typeof id === "string" && SANDBOX_ID.test(id)) ids.push(id);
  }
  return ids;
}

function ipLines(args: readonly string[]): string[] {
  return execFileSync("ip", args, { encoding: "utf8" }).split("\n").filter(Boolean);
}

/** Every portlab network namespace on the machine (any owner). */
export function portlabNamespaces(): string[] {
  return ipLines(["netns", "list"])
    .map((line) => line.split(" ")[0] ?? "")
    .filter((name) => name.startsWith("portlab-"));
}

/** Command lines of live processes (zombies have an empty one). */
function processCommandLines(): Array<{ pid: number; commandLine: string }> {
  const processes: Array<{ pid: number; commandLine: string }> = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const commandLine = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ").trim();
      if (commandLine) processes.push({ pid: Number(entry), commandLine });
    } catch {}
  }
  return processes;
}

/** The nginx master of a sandbox: the process whose command line names the sandbox's directory. */
export function nginxMasterOf(sandboxId: string): number | null {
  const tempDir = stateDirOf(sandboxId);
  const master = processCommandLines().find(
    ({ commandLine }) => commandLine.startsWith("nginx: master process") && commandLine.includes(tempDir),
  );
  return master?.pid ?? null;
}

/** What still exists of the given sandboxes: namespaces, host-side veths, temp dirs, processes naming them. */
export function leftoversOf(sandboxIds: readonly string[]): string[] {
  const found: string[] = [];
  const namespaces = portlabNamespaces();
  const links = ipLines(["-o", "link"]);
  const processes = processCommandLines();
  for (const id of sandboxIds) {
    for (const netns of namespaces.filter((name) => name.startsWith(`portlab-${id}`)))
      found.push(`namespace ${netns}`);
    // Links and a capture's tcpdump (its interface) carry the id as pl<end><id>: c, s, r, b.
    const linkName = new RegExp(`pl[bcrs]${id}`);
    for (const link of links.filter((line) => linkName.test(line))) found.push(`link ${link}`);
    const tempDir = stateDirOf(id);
    if (existsSync(tempDir)) found.push(`directory ${tempDir}`);
    for (const { pid, commandLine } of processes) {
      if (
        commandLine.includes(tempDir) ||
        commandLine.includes(`portlab-${id}-`) ||
        linkName.test(commandLine)
      )
        found.push(`process ${pid}: ${commandLine}`);
    }
  }
  return found;
}

/** Sandbox ids whose record says `pid` created them (owner.json), i.e. what a given portlab process holds now. */
export function sandboxIdsOwnedBy(pid: number): string[] {
  const ids: string[] = [];
  const entries = existsSync(STATE_ROOT) ? readdirSync(STATE_ROOT) : [];
  for (const id of entries) {
    if (!SANDBOX_ID.test(id)) continue;
    try {
      const owner = JSON.parse(readFileSync(join(stateDirOf(id), "owner.json"), "utf8")) as {
        pid?: unknown;
      };
      if (owner.pid === pid) ids.push(id);
    } catch {}
  }
  return ids;
}

/**
 * Namespaces that appeared since `before` and may be this process's: a live sandbox always has a record with
 * owner.json (made before its namespaces, removed after them), so a new namespace owned by another pid belongs to
 * someone else's concurrent run and is not counted.
 */
export function newNamespacesOf(pid: number, before: readonly string[]): string[] {
  return portlabNamespaces().filter((name) => {
    if (before.includes(name)) return false;
    const id = /^portlab-([0-9a-f]{8})/.exec(name)?.[1];
    if (id === undefined) return true;
    try {
      const owner = JSON.parse(readFileSync(join(stateDirOf(id), "owner.json"), "utf8")) as {
        pid?: unknown;
      };
      return owner.pid === pid;
    } catch {
      return true;
    }
  });
}

/**
 * Pids inside a sandbox's namespaces now (all, or only the client `c` (every client host), server `s` or router
 * `r` host), to check later that none survived.
 */
export function pidsInSandbox(sandboxId: string, host: "c" | "s" | "r" | "" = ""): number[] {
  return portlabNamespaces()
    .filter((name) => name.startsWith(`portlab-${sandboxId}-${host}`))
    .flatMap((netns) => ipLines(["netns", "pids", netns]).map(Number));
}

export function livePids(pids: readonly number[]): number[] {
  return pids.filter((pid) => !hasExited(readProcessStatSync(pid)));
}

/** Test cleanup for sandboxes a test let leak on purpose (a SIGKILLed run): only those ids, never others'. */
export function removeSandboxes(sandboxIds: readonly string[]): void {
  for (const id of sandboxIds) {
    const master = nginxMasterOf(id);
    for (const pid of [...pidsInSandbox(id), ...(master === null ? [] : [master])]) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {}
    }
    for (const netns of portlabNamespaces().filter((name) => name.startsWith(`portlab-${id}-`))) {
      try {
        execFileSync("ip", ["netns", "del", netns]);
      } catch {}
    }
    rmSync(stateDirOf(id), { recursive: true, force: true });
  }
}

/** A small short-connection run (300 requests/s, client-first) for the reliability tests, plus any extra flags. */
export function shortRun(seconds: number, ...extra: string[]): string[] {
  return ["run", "--client", "short", "--rate", "300", "--duration", `${seconds}s`, ...extra];
}
