import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { environmentError, internalError } from "../core/errors.js";
import type { Host } from "../core/host.js";
import type { AgentToRunner, RunnerToAgent } from "./messages.js";

export interface AgentProcess {
  readonly host: Host;
  /** The agent's pid as the host sees it. */
  readonly pid: number;
  send(message: RunnerToAgent): void;
  /** Every message after `ready`; returns a function that removes the listener. */
  onMessage(listener: (message: AgentToRunner) => void): () => void;
  /** Resolves with the agent's exit (code or signal) once it has exited; never rejects. */
  readonly exited: Promise<string>;
  /** Closes stdin (the agent finishes and exits), then kills it if it is still there after `graceMs`. */
  close(graceMs?: number): Promise<void>;
  /** Kills the local end at once and waits for it (a container's agent dies with its container). */
  kill(): Promise<void>;
}

const READY_TIMEOUT_MS = 15_000;

/**
 * Starts the agent inside a host (`--load`: one that will run portlab's load, `--program`: the user's program)
 * and waits for its `ready`.
 */
export async function startAgent(
  host: Host,
  onStderr: (line: string) => void,
  args: readonly string[] = [],
): Promise<AgentProcess> {
  const command = host.agentCommand(args);
  // Its own process group: a Ctrl-C reaches the runner only, which stops the agent in order and keeps its report.
  const child = spawn(command.file, [...command.args], {
    stdio: ["pipe", "pipe", "pipe"],
    detached: true,
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    for (const line of chunk.split("\n")) if (line.trim()) onStderr(line);
  });
  child.stdin?.on("error", () => undefined); // an agent that died is reported by `exited`
  const exited = new Promise<string>((resolve) => {
    child.once("exit", (code, signal) => resolve(String(signal ?? code)));
    child.once("error", (error) => resolve(error.message));
  });
  const listeners = new Set<(message: AgentToRunner) => void>();
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  lines.on("line", (line) => {
    if (!line.trim()) return;
    let message: AgentToRunner;
    try {
      message = JSON.parse(line) as AgentToRunner;
    } catch {
      onStderr(`agent said: ${line}`);
      return;
    }
    for (const listener of listeners) listener(message);
  });
  const pid = await waitReady(host, child, listeners, exited);
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  };
  return {
    host,
    pid,
    exited,
    send(message) {
      if (child.stdin?.writable) child.stdin.write(`${JSON.stringify(message)}\n`);
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close(graceMs = 5_000) {
      child.stdin?.end();
      const timer = setTimeout(() => void kill(), graceMs);
      await exited;
      clearTimeout(timer);
    },
    kill,
  };
}

function waitReady(
  host: Host,
  child: ChildProcess,
  listeners: Set<(message: AgentToRunner) => void>,
  exited: Promise<string>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        environmentError(
          "AGENT_START",
          `the agent in the ${host.name} host did not start in ${READY_TIMEOUT_MS / 1000} s`,
          "run portlab doctor",
        ),
      );
    }, READY_TIMEOUT_MS);
    const first = (message: AgentToRunner) => {
      listeners.delete(first);
      clearTimeout(timer);
      if (message.type === "ready") resolve(message.pid);
      else reject(internalError("AGENT_PROTOCOL", `unexpected first message ${message.type}`, "see run.log"));
    };
    listeners.add(first);
    void exited.then((how) => {
      clearTimeout(timer);
      reject(
        environmentError(
          "AGENT_START",
          `the agent in the ${host.name} host exited (${how}) before it was ready`,
          "run portlab doctor",
        ),
      );
    });
  });
}
