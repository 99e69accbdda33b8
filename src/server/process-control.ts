import { readdir, readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { hasExited, readProcessStat } from "../core/process-stat.js";

/** How long each stop step may take before the next, harsher signal. */
export const STOP_STEPS_MS = { graceful: 5_000, terminate: 2_000, kill: 2_000 } as const;
const POLL_MS = 50;

/** True while the process exists and is not a zombie waiting to be reaped. */
export async function isAlive(pid: number): Promise<boolean> {
  return !hasExited(await readProcessStat(pid));
}

export async function commandNameOf(pid: number): Promise<string | null> {
  return readFile(`/proc/${pid}/comm`, "utf8").then(
    (text) => text.trim(),
    () => null,
  );
}

export async function commandLineOf(pid: number): Promise<string | null> {
  return readFile(`/proc/${pid}/cmdline`, "utf8").then(
    (text) => text.replaceAll("\0", " ").trim(),
    () => null,
  );
}

/** Direct children of `pid` (this kernel may lack /proc/<pid>/task/<pid>/children, so scan /proc). */
export async function childPidsOf(pid: number): Promise<number[]> {
  const entries = await readdir("/proc").catch(() => [] as string[]);
  const children: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readProcessStat(Number(entry));
    if (stat?.ppid === pid) children.push(Number(entry));
  }
  return children;
}

export async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (await isAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(POLL_MS);
  }
  return true;
}

export function sendSignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

/**
 * Stops an nginx master: SIGQUIT (finish requests), then SIGTERM, then SIGKILL. A killed master
 * cannot take its workers down, so workers seen before the stop that still run are killed too.
 * `gone(ms)` resolves true once the master has exited (within ms).
 */
export async function stopNginxMaster(
  pid: number,
  gone: (withinMs: number) => Promise<boolean>,
): Promise<void> {
  const workers = await childPidsOf(pid);
  sendSignal(pid, "SIGQUIT");
  if (!(await gone(STOP_STEPS_MS.graceful))) {
    sendSignal(pid, "SIGTERM");
    if (!(await gone(STOP_STEPS_MS.terminate))) {
      sendSignal(pid, "SIGKILL");
      await gone(STOP_STEPS_MS.kill);
    }
  }
  for (const worker of workers) {
    if ((await commandNameOf(worker)) !== "nginx") continue;
    sendSignal(worker, "SIGKILL");
    await waitUntilGone(worker, STOP_STEPS_MS.kill);
  }
}
