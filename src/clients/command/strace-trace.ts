import { execFile } from "node:child_process";
import { constants, createReadStream, type ReadStream } from "node:fs";
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { findTool } from "../../core/find-tool.js";
import { type StraceConnectFailures, StraceConnectParser } from "./strace-connects.js";

const execFileAsync = promisify(execFile);

/**
 * How portlab runs a program under strace: follow every process and thread (-f); record connect() calls that
 * failed (-e status=failed), with wall-clock times (-ttt); stop only at connect() (--seccomp-bpf: other syscalls
 * run at full speed); no notes on exits and signals (-qq, -e signal=none). -DD makes strace the program's
 * grandchild in a process group of its own: the program stays the agent's child (its exit status is the
 * program's), and the stop signals sent to the program's group do not end the trace before the program ends.
 */
export function straceArgv(strace: string, outputPath: string, argv: readonly string[]): string[] {
  return [
    strace,
    "-f",
    "-qq",
    "-DD",
    "--seccomp-bpf",
    "-e",
    "trace=connect",
    "-e",
    "status=failed",
    "-e",
    "signal=none",
    "-ttt",
    "-o",
    outputPath,
    "--",
    ...argv,
  ];
}

export interface StraceTrace {
  /** The argv that runs `argv` under strace, writing into this trace. */
  readonly argv: readonly string[];
  /** Resolves once strace has closed its output (it exits after the last traced process), or after `timeoutMs`. */
  finish(timeoutMs: number): Promise<StraceConnectFailures & { readonly problem: string | null }>;
  /** Removes the FIFO and its directory. */
  remove(): Promise<void>;
}

/**
 * strace writes into a FIFO the agent reads as it goes, so the trace never fills a disk on a long run and its
 * end (strace closing the FIFO) says that every line is in. Null when this host has no strace.
 */
export async function openStraceTrace(
  argv: readonly string[],
  startEpochMs: number,
  scratchDir: string | null,
): Promise<StraceTrace | null> {
  const strace = findTool("strace");
  if (strace === null) return null;
  // In the sandbox's own directory when there is one, so a killed run's FIFO goes with the sandbox.
  const directory = await mkdtemp(join(scratchDir ?? tmpdir(), "strace-"));
  const fifo = join(directory, "connects");
  await execFileAsync("mkfifo", ["-m", "600", fifo]);
  const parser = new StraceConnectParser(startEpochMs);
  // Opening a FIFO for reading waits for its writer: that wait runs on libuv's thread pool, not the event loop.
  const stream: ReadStream = createReadStream(fifo, { encoding: "utf8" });
  const ended = new Promise<string | null>((resolve) => {
    stream.on("data", (chunk) => parser.push(String(chunk)));
    stream.once("end", () => resolve(null));
    stream.once("error", (error) => resolve(`reading strace's output failed: ${error.message}`));
  });
  return {
    argv: straceArgv(strace, fifo, argv),
    async finish(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<string>((resolve) => {
        timer = setTimeout(
          () => resolve(`strace did not close its output within ${timeoutMs} ms of the program's exit`),
          timeoutMs,
        );
      });
      const problem = await Promise.race([ended, timedOut]);
      clearTimeout(timer);
      if (problem !== null) {
        await unblockReader(fifo);
        stream.destroy();
      }
      return { ...parser.result(), problem };
    },
    remove: () => rm(directory, { recursive: true, force: true }),
  };
}

/** A reader still waiting in open() (strace never opened the FIFO) returns once a writer comes and goes. */
async function unblockReader(fifo: string): Promise<void> {
  const writer = await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK).catch(() => null);
  await writer?.close();
}
