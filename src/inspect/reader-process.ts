import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { compiledScript } from "../core/compiled-script.js";
import { environmentError } from "../core/errors.js";
import type { KernelParamValues } from "./kernel-params.js";

/** The namespace reader (namespace-reader.ts) running inside another network namespace. */
export interface ReaderProcess {
  /** Its pid: /proc/<pid>/net shows the namespace it runs in. */
  readonly pid: number;
  /** The kernel parameters of its namespace, read now. */
  kernelParams(): Promise<KernelParamValues>;
  close(): Promise<void>;
}

/**
 * Starts the reader behind `prefix` (`ip netns exec NAME` or `nsenter --net=…`, both exec the program, so the
 * pid is the reader's) and waits for its first answer.
 */
export async function startReader(prefix: readonly string[], what: string): Promise<ReaderProcess> {
  const [file, ...args] = prefix as [string, ...string[]];
  const child: ChildProcessWithoutNullStreams = spawn(
    file,
    [...args, process.execPath, compiledScript("inspect/namespace-reader.js")],
    { stdio: "pipe" },
  );
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const waiting: Array<{ resolve: (line: string) => void; reject: (error: Error) => void }> = [];
  let ended: Error | null = null;
  const failure = (reason: string) =>
    environmentError(
      "INSPECT_READER",
      `could not read the kernel parameters of ${what}: ${reason}`,
      "inspecting another network namespace needs root (sudo); check that it still exists",
    );
  createInterface({ input: child.stdout }).on("line", (line) => waiting.shift()?.resolve(line));
  const onEnd = (reason: string) => {
    ended ??= failure(reason);
    for (const waiter of waiting.splice(0)) waiter.reject(ended);
  };
  child.once("error", (error) => onEnd(error.message));
  child.once("close", (code) => onEnd(stderr.trim() || `the reader exited (${code})`));
  const next = () =>
    new Promise<KernelParamValues>((resolve, reject) => {
      if (ended) return reject(ended);
      const parse = (line: string) => {
        try {
          resolve(JSON.parse(line) as KernelParamValues);
        } catch {
          reject(failure(`unexpected answer ${JSON.stringify(line.slice(0, 200))}`));
        }
      };
      waiting.push({ resolve: parse, reject });
    });
  const first = next();
  await first;
  return {
    pid: child.pid as number,
    async kernelParams() {
      const answer = next();
      child.stdin.write("\n");
      return answer;
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const closed = new Promise((resolve) => child.once("close", resolve));
      child.stdin.end();
      const killer = setTimeout(() => child.kill("SIGKILL"), 2000);
      await closed;
      clearTimeout(killer);
    },
  };
}
