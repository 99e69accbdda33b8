import { type ChildProcess, spawn } from "node:child_process";
import type { Readable } from "node:stream";
import { environmentError, internalError, type PortlabError } from "../core/errors.js";
import type { Host } from "../core/host.js";
import { splitLines } from "./line-splitter.js";
import {
  AGENT_PROTOCOL,
  type AgentToRunner,
  agentToRunnerSchema,
  decodeLine,
  MAX_LINE_BYTES,
  type RunnerToAgent,
} from "./protocol.js";

export interface AgentProcess {
  readonly host: Host;
  /** The agent's pid as the host sees it. */
  readonly pid: number;
  send(message: RunnerToAgent): void;
  /** Every message after `ready`; returns a function that removes the listener. */
  onMessage(listener: (message: AgentToRunner) => void): () => void;
  /** Resolves with the agent's exit (code or signal) once it has exited; never rejects. */
  readonly exited: Promise<string>;
  /**
   * Why the runner gave up on this agent, or null: a line that broke the protocol (or a listener that threw on
   * one). The agent is killed then; whoever waits on it reports this instead of a bare exit.
   */
  failure(): PortlabError | null;
  /** Closes stdin (the agent finishes and exits), then kills it if it is still there after `graceMs`. */
  close(graceMs?: number): Promise<void>;
  /** Kills the local end at once and waits for it (a container's agent dies with its container). */
  kill(): Promise<void>;
}

const READY_TIMEOUT_MS = 15_000;

/**
 * Starts the agent inside a host (`--load KIND`: one that will run portlab's load, `--program`: the user's
 * program) and waits for its `ready`, refusing an agent that speaks another protocol version.
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
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  };
  let failure: PortlabError | null = null;
  const fail = (problem: string, cause?: unknown) => {
    if (failure !== null) return;
    failure = internalError(
      "AGENT_PROTOCOL",
      `the agent in the ${host.name} host broke the protocol: ${problem}`,
      "see run.log; the run was torn down",
      cause,
    );
    void kill();
  };
  const listeners = new Set<(message: AgentToRunner) => void>();
  splitLines(
    child.stdout as Readable,
    MAX_LINE_BYTES,
    (line) => {
      if (failure !== null) return;
      const decoded = decodeLine(agentToRunnerSchema, line);
      if (!decoded.ok) return fail(decoded.problem);
      for (const listener of [...listeners]) {
        try {
          listener(decoded.message);
        } catch (error) {
          return fail(`a ${decoded.message.type} message could not be handled (${String(error)})`, error);
        }
      }
    },
    (bytes) => fail(`a line of more than ${bytes} bytes (at most ${MAX_LINE_BYTES})`),
  );
  const pid = await waitReady(host, child, listeners, exited, () => failure);
  return {
    host,
    pid,
    exited,
    failure: () => failure,
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
  failure: () => PortlabError | null,
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
      if (message.type !== "ready") {
        child.kill("SIGKILL");
        return reject(
          internalError("AGENT_PROTOCOL", `unexpected first message ${message.type}`, "see run.log"),
        );
      }
      if (message.protocol !== AGENT_PROTOCOL) {
        child.kill("SIGKILL");
        return reject(
          environmentError(
            "AGENT_VERSION",
            `the agent in the ${host.name} host speaks protocol ${message.protocol}, this portlab speaks ${AGENT_PROTOCOL}`,
            "the host runs an agent from another portlab (an image built from another checkout): rebuild the images (bash docker/build-images.sh) or use the portlab that built them",
          ),
        );
      }
      resolve(message.pid);
    };
    listeners.add(first);
    void exited.then((how) => {
      clearTimeout(timer);
      reject(
        failure() ??
          environmentError(
            "AGENT_START",
            `the agent in the ${host.name} host exited (${how}) before it was ready`,
            "run portlab doctor",
          ),
      );
    });
  });
}
