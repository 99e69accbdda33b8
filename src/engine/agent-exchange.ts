import type { AgentProcess } from "../agent/agent-process.js";
import type { AgentToRunner, RunnerToAgent } from "../agent/protocol.js";
import { internalError } from "../core/errors.js";

/** Past a job's own bound, before the runner asks a silent agent to stop, and then before it kills it. */
const WATCHDOG_KILL_MS = 10_000;

export interface ExchangeOptions<T> {
  /** The message that starts the job (a load, the user's program). */
  readonly start: RunnerToAgent;
  /** When the runner asks a job that has not reported to stop; it is killed WATCHDOG_KILL_MS later. */
  readonly stopAfterMs: number;
  readonly signal: AbortSignal;
  /** What the report is, for the message when the agent dies first. */
  readonly awaiting: string;
  /** Sees every message; returns the report to end the exchange with, or undefined to go on. */
  readonly onMessage: (message: AgentToRunner) => T | undefined;
}

/**
 * One job in an agent, bounded: an interrupt asks it to stop early (it still reports), a job that outlives
 * its bound is asked to stop, then killed. Rejects when the agent fails or exits before its report.
 */
export async function exchangeWithAgent<T>(agent: AgentProcess, options: ExchangeOptions<T>): Promise<T> {
  const stop = () => agent.send({ type: "stop" });
  options.signal.addEventListener("abort", stop, { once: true });
  const stopTimer = setTimeout(stop, options.stopAfterMs);
  const killTimer = setTimeout(() => void agent.kill(), options.stopAfterMs + WATCHDOG_KILL_MS);
  let removeListener = () => undefined as unknown;
  try {
    return await new Promise<T>((resolve, reject) => {
      removeListener = agent.onMessage((message) => {
        if (message.type === "fatal")
          return reject(internalError("WORKER_FAILED", message.message, "see run.log"));
        const report = options.onMessage(message);
        if (report !== undefined) resolve(report);
      });
      void agent.exited.then((how) =>
        reject(
          agent.failure() ??
            internalError(
              "WORKER_EXITED",
              `the load agent in the ${agent.host.name} host exited (${how}) before ${options.awaiting}`,
              "see run.log",
            ),
        ),
      );
      agent.send(options.start);
      if (options.signal.aborted) stop(); // aborted before the job began: the listener above will not fire
    });
  } finally {
    removeListener();
    clearTimeout(stopTimer);
    clearTimeout(killTimer);
    options.signal.removeEventListener("abort", stop);
  }
}
