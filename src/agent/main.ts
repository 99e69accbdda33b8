import { splitLines } from "./line-splitter.js";
import { type AgentToRunner, decodeLine, MAX_LINE_BYTES, runnerToAgentSchema } from "./protocol.js";

/**
 * Entry point of the agent, started by the runner inside a host (`ip netns exec NS node agent/main.js`,
 * `docker exec -i C node /opt/portlab/dist/agent/main.js`). Without arguments it serves a session: NDJSON, one
 * message per line on stdin and stdout; `--load KIND` also loads the client worker and that kind's run half
 * (clients/KIND/run.ts) before it says `ready`, so the load starts on time, and `--program` (a command client's host) only what runs the user's program. Each form
 * imports only what it needs (the clients weigh about a second of start-up).
 * One-shot forms:
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
    const { handleSysctlRequest } = await import("./sysctl-mode.js");
    const { sysctlRequestSchema } = await import("../kernel/sysctl-request.js");
    const request = sysctlRequestSchema.parse(JSON.parse(args[0] ?? "{}"));
    process.stdout.write(JSON.stringify(handleSysctlRequest(request)));
    return 0;
  }
  if (mode === "probe") {
    const { probeTcp } = await import("./tcp-probe.js");
    const problem = await probeTcp(args[0] ?? "", Number(args[1]), Number(args[2]));
    if (problem !== null) process.stderr.write(`${problem}\n`);
    return problem === null ? 0 : 1;
  }
  if (mode === "capture") {
    const { captureRequestSchema, runCapture } = await import("./capture-mode.js");
    const request = captureRequestSchema.parse(JSON.parse(args[0] ?? "{}"));
    return runCapture(request, (report) => process.stdout.write(`${JSON.stringify(report)}\n`));
  }
  process.stderr.write(`portlab agent: unknown mode ${mode}\n`);
  return 2;
}

const [mode, ...modeArgs] = process.argv.slice(2);
if (mode === undefined || mode === "--load" || mode === "--program") {
  serve(mode, modeArgs[0]).catch(fail);
} else {
  oneShot(mode, modeArgs).then((code) => {
    process.exitCode = code;
  }, fail);
}

async function serve(form: "--load" | "--program" | undefined, kind: string | undefined): Promise<void> {
  const { runAgentSession } = await import("./agent-session.js");
  const worker = form === "--load" ? (await import("../clients/worker/run-worker.js")).runWorker : null;
  // The kind's run half, loaded now so the load starts on time (the worker asks for it again on `start`).
  if (form === "--load" && kind !== undefined)
    await (await import("../clients/worker/client-run.js")).loadClientRun(kind);
  // The session imports it again on `start-program`: loaded now, the program starts on time.
  if (form === "--program") await import("../clients/command/run-program.js");
  // Every line from the runner is checked; one that is not a message of the protocol ends the agent (fatal).
  const listeners: Array<(message: import("./protocol.js").RunnerToAgent) => void> = [];
  const closed: Array<() => void> = [];
  splitLines(
    process.stdin,
    MAX_LINE_BYTES,
    (line) => {
      const decoded = decodeLine(runnerToAgentSchema, line);
      if (!decoded.ok) return fail(new Error(`the runner broke the protocol: ${decoded.problem}`));
      for (const listener of listeners) listener(decoded.message);
    },
    (bytes) => fail(new Error(`the runner sent a line of more than ${bytes} bytes`)),
  );
  process.stdin.once("end", () => {
    for (const listener of closed) listener();
  });
  await runAgentSession(
    {
      send,
      onMessage: (listener) => listeners.push(listener),
      onClose: (listener) => closed.push(listener),
    },
    worker,
  );
  await lastWrite;
  // Nothing should keep the process alive now; if something does, do not hang the runner.
  setTimeout(() => process.exit(0), 2_000).unref();
}
