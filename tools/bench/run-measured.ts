import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import type { WrappedCommand } from "../../src/hosts/netns/namespace-host.js";

export interface MeasuredRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | null;
  /** True when the time bound killed it. */
  readonly timedOut: boolean;
  /** Largest VmHWM (peak resident set, KiB) seen while it ran; null if it ended before the first look. */
  readonly peakRssKb: number | null;
}

const RSS_POLL_MS = 100;

async function highWaterMarkKb(pid: number): Promise<number | null> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
  return match ? Number(match[1]) : null;
}

/**
 * Runs a (wrapped) command to completion within `timeoutMs` (then SIGKILL) and follows its peak RSS.
 * `ip netns exec` execs the program in place, so the spawned pid is the measured program itself.
 */
export function runMeasured(
  command: WrappedCommand,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<MeasuredRun> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const child = spawn(command.file, command.args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let peakRssKb: number | null = null;
    let timedOut = false;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-8_000);
    });
    const poll = setInterval(() => {
      if (child.pid === undefined) return;
      void highWaterMarkKb(child.pid).then((kb) => {
        if (kb !== null) peakRssKb = Math.max(peakRssKb ?? 0, kb);
      });
    }, RSS_POLL_MS);
    const killer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    const onAbort = (): void => {
      child.kill("SIGKILL");
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    const finish = (): void => {
      clearInterval(poll);
      clearTimeout(killer);
      signal?.removeEventListener("abort", onAbort);
    };
    child.once("error", (error) => {
      finish();
      reject(error);
    });
    child.once("close", (exitCode) => {
      finish();
      if (signal?.aborted) reject(signal.reason);
      else resolve({ stdout, stderr, exitCode, timedOut, peakRssKb });
    });
  });
}
