import { createInterface } from "node:readline";
import { runAgentSession } from "./agent-session.js";
import { type CaptureRequest, runCapture } from "./capture-mode.js";
import type { AgentToRunner, RunnerToAgent } from "./messages.js";
import { handleSysctlRequest, type SysctlRequest } from "./sysctl-request.js";
import { probeTcp } from "./tcp-probe.js";

/**
 * Entry point of the agent, started by the runner inside a host (`ip netns exec NS node agent/main.js`,
 * `docker exec -i C node /app/dist/agent/main.js`). Without arguments it serves a session: NDJSON, one
 * message per line on stdin and stdout. Two one-shot forms answer and exit:
 *   `sysctl REQUEST` sets/reads kernel parameters of the host (JSON reply on stdout);
 *   `probe HOST PORT TIMEOUT_MS` exits 0 once a TCP connect succeeds, else 1 with the reason on stderr;
 *   `capture REQUEST` runs tcpdump in the host until stdin closes (NDJSON reports on stdout).
 * Diagnostics go to stderr; a failure is reported as `fatal` and exit code 1.
 */
let lastWrite: Promise<void> = Promise.resolve();

function send(message: AgentToRunner): void {
  const line = `${JSON.stringify(message)}\n`;
  lastWrite = new Promise((resolve) => {
    process.stdout.write(line, () => resolve());
  });
}

let failing = false;

function fail(error: unknown): void {
  if (failing) return;
  failing = true;
  process.exitCode = 1;
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  send({ type: "fatal", message });
  process.stderr.write(`portlab agent: ${message}\n`);
  const flushed = new Promise((resolve) => setTimeout(resolve, 500).unref());
  void Promise.race([lastWrite, flushed]).then(() => process.exit(1));
}

process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);
// The runner may go away without closing stdin cleanly: a broken pipe ends the agent, not an exception loop.
process.stdout.on("error", () => process.exit(0));

async function oneShot(mode: string, args: string[]): Promise<number> {
  if (mode === "sysctl") {
    const request = JSON.parse(args[0] ?? "{}") as SysctlRequest;
    process.stdout.write(
      JSON.stringify(handleSysctlRequest({ set: request.set ?? [], read: request.read ?? [] })),
    );
    return 0;
  }
  if (mode === "probe") {
    const problem = await probeTcp(args[0] ?? "", Number(args[1]), Number(args[2]));
    if (problem !== null) process.stderr.write(`${problem}\n`);
    return problem === null ? 0 : 1;
  }
  if (mode === "capture") {
    const request = JSON.parse(args[0] ?? "{}") as CaptureRequest;
    return runCapture(request, (report) => process.stdout.write(`${JSON.stringify(report)}\n`));
  }
  process.stderr.write(`portlab agent: unknown mode ${mode}\n`);
  return 2;
}

const [mode, ...modeArgs] = process.argv.slice(2);
if (mode !== undefined) {
  oneShot(mode, modeArgs).then((code) => {
    process.exitCode = code;
  }, fail);
} else {
  serve();
}

function serve(): void {
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  runAgentSession({
    send,
    onMessage: (listener) =>
      lines.on("line", (line) => {
        if (line.trim()) listener(JSON.parse(line) as RunnerToAgent);
      }),
    onClose: (listener) => lines.once("close", listener),
  }).then(async () => {
    await lastWrite;
    // Nothing should keep the process alive now; if something does, do not hang the runner.
    setTimeout(() => process.exit(0), 2_000).unref();
  }, fail);
}
