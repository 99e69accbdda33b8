import { type ChildProcess, spawn } from "node:child_process";
import type {
  DoneMessage,
  RunnerToWorker,
  StartMessage,
  TickMessage,
  WorkerToRunner,
} from "../clients/protocol.js";
import { compiledScript } from "../compiled-script.js";
import { environmentError, PortlabError } from "../errors.js";
import type { SandboxHost } from "../sandbox/sandbox.js";

export interface WorkerProcess {
  readonly pid: number;
  /** Starts the load; resolves with the worker's final report. */
  run(start: StartMessage, onTick: (tick: TickMessage) => void): Promise<DoneMessage>;
  /** Asks for an early end: the worker stops issuing requests and still reports. */
  stop(): void;
  /** Kills the process if it still runs and waits for it to exit. */
  kill(): Promise<void>;
}

const READY_TIMEOUT_MS = 10_000;

/** Starts the client worker inside the client host and waits until it is ready. */
export async function startWorker(
  host: SandboxHost,
  onStderr: (line: string) => void,
): Promise<WorkerProcess> {
  const command = host.wrap(process.execPath, [compiledScript("clients/worker.js")]);
  // Its own process group: a Ctrl-C reaches the runner only, which stops the worker in order and keeps its report.
  const child = spawn(command.file, command.args, {
    stdio: ["ignore", "ignore", "pipe", "ipc"],
    detached: true,
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    for (const line of chunk.split("\n")) if (line.trim()) onStderr(line);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const pid = await waitReady(child);
  const send = (message: RunnerToWorker) => {
    if (child.connected) child.send(message);
  };
  return {
    pid,
    run: (start, onTick) =>
      new Promise<DoneMessage>((resolve, reject) => {
        child.on("message", (message: WorkerToRunner) => {
          if (message.type === "tick") onTick(message);
          else if (message.type === "done") resolve(message);
          else if (message.type === "fatal")
            reject(new PortlabError("internal", "WORKER_FAILED", message.message, "see run.log"));
        });
        child.once("exit", (code, signal) =>
          reject(
            new PortlabError(
              "internal",
              "WORKER_EXITED",
              `client worker exited (${signal ?? code}) before reporting`,
              "see run.log",
            ),
          ),
        );
        send(start);
      }),
    stop: () => send({ type: "stop" }),
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

function waitReady(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        environmentError("WORKER_START", "the client worker did not start in 10 s", "run portlab doctor"),
      );
    }, READY_TIMEOUT_MS);
    child.once("message", (message: WorkerToRunner) => {
      clearTimeout(timer);
      if (message.type === "ready") resolve(message.pid);
      else
        reject(
          new PortlabError(
            "internal",
            "WORKER_START",
            `unexpected first message ${message.type}`,
            "see run.log",
          ),
        );
    });
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(
        environmentError(
          "WORKER_START",
          `cannot start the client worker: ${error.message}`,
          "run portlab doctor",
        ),
      );
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(
        environmentError(
          "WORKER_START",
          `the client worker exited (${code}) before it was ready`,
          "run portlab doctor",
        ),
      );
    });
  });
}
