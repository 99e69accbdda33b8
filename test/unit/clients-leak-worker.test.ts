import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import type { AgentToRunner } from "../../src/agent/protocol.js";
import type { ShortClientSpec } from "../../src/clients/short/spec.js";
import type { DoneMessage, StartMessage } from "../../src/clients/worker/protocol.js";
import { compiledScript } from "../../src/core/compiled-script.js";
import { useLocalHttpServer } from "../support/local-http-server.js";

const CLOSE_WAIT = "08";
const NOFILE = 128;

const local = useLocalHttpServer();

/** Client sockets toward the server in CLOSE_WAIT, from /proc/<pid>/net/tcp (loopback: this namespace). */
function clientCloseWaits(pid: number | "self"): number {
  let table: string;
  try {
    table = readFileSync(`/proc/${pid}/net/tcp`, "latin1");
  } catch {
    return 0;
  }
  const serverPort = local.port().toString(16).toUpperCase().padStart(4, "0");
  return table
    .split("\n")
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter(
      ([, local, remote, state]) =>
        state === CLOSE_WAIT && remote?.endsWith(`:${serverPort}`) && !local?.endsWith(`:${serverPort}`),
    ).length;
}

function openFileLimit(pid: number): string | null {
  try {
    return (
      /^Max open files\s+(\d+)\s+(\d+)/m
        .exec(readFileSync(`/proc/${pid}/limits`, "utf8"))
        ?.slice(1)
        .join(":") ?? null
    );
  } catch {
    return null;
  }
}

interface WorkerRun {
  readonly done: DoneMessage;
  readonly peakCloseWait: number;
  readonly limit: string | null;
}

const AGENT = compiledScript("agent/main.js");

/** The real load agent (the compiled entry the engine starts in the client host), driven over NDJSON on stdio. */
function runWorkerProcess(start: Omit<StartMessage, "type">): Promise<WorkerRun> {
  const child = spawn(process.execPath, [AGENT, "--load"], { stdio: ["pipe", "pipe", "pipe"] });
  let peakCloseWait = 0;
  let limit: string | null = null;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error("the worker did not report in 15 s"));
    }, 15_000);
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    createInterface({ input: child.stdout }).on("line", (line) => {
      const message = JSON.parse(line) as AgentToRunner;
      if (message.type === "ready") child.stdin.write(`${JSON.stringify({ type: "start", ...start })}\n`);
      else if (message.type === "tick") {
        peakCloseWait = Math.max(peakCloseWait, clientCloseWaits(child.pid!));
        limit ??= openFileLimit(child.pid!);
      } else if (message.type === "done") {
        clearTimeout(timer);
        child.stdin.end(); // the agent then exits
        resolve({ done: message, peakCloseWait, limit });
      } else if (message.type === "fatal") {
        clearTimeout(timer);
        reject(new Error(message.message));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the worker exited (${code}) before done: ${stderr}`));
    });
  });
}

describe.skipIf(!existsSync(AGENT))("client worker with close: leak and nofile", () => {
  it("leaks every connection into CLOSE_WAIT until EMFILE at its open-file limit, and closes them all at the end", async () => {
    const { done, peakCloseWait, limit } = await runWorkerProcess({
      client: { kind: "short", close: "leak", nofile: NOFILE } as ShortClientSpec,
      load: {
        mode: "rate",
        rate: 300,
        rampFromRate: null,
        rampMs: 0,
        durationMs: 1_500,
        maxRequests: 1_000,
        requestTimeoutMs: 1_000,
        maxInFlight: 100,
      },
      target: { host: "127.0.0.1", ports: [local.port()], path: "/" },
      sourceAddresses: [],
    });
    expect(limit).toBe(`${NOFILE}:${NOFILE}`);
    // The worker holds ~20 descriptors of its own; every other one is a leaked socket.
    expect(done.ok).toBeGreaterThan(NOFILE - 40);
    expect(done.ok).toBeLessThan(NOFILE - 5);
    expect(done.errors.EMFILE).toBe(done.sent - done.ok);
    expect(peakCloseWait).toBeGreaterThanOrEqual(done.ok - 5);
    expect(peakCloseWait).toBeLessThanOrEqual(done.ok);
    expect(done.connectMs).not.toBeNull();
    // The load's end closed what it leaked: nothing of it is left in CLOSE_WAIT.
    await expect.poll(() => clientCloseWaits("self"), { timeout: 3_000 }).toBe(0);
  });
});
