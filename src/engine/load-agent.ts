import type { AgentProcess } from "../agent/agent-process.js";
import type { DoneMessage, StartMessage, TickMessage } from "../clients/protocol.js";
import { internalError } from "../errors.js";

/** Grace after the load's own bound before the runner asks a silent agent to stop, and then before it kills it. */
const WATCHDOG_GRACE_MS = 15_000;
const WATCHDOG_KILL_MS = 10_000;

/**
 * Runs the load in the client host's agent and resolves with its final report. An interrupt asks the agent to
 * stop early (it still reports); an agent that outlives its bound is asked to stop, then killed.
 */
export async function runLoadInAgent(
  agent: AgentProcess,
  start: StartMessage,
  boundMs: number,
  signal: AbortSignal,
  onTick: (tick: TickMessage) => void,
): Promise<DoneMessage> {
  const stop = () => agent.send({ type: "stop" });
  signal.addEventListener("abort", stop, { once: true });
  const stopTimer = setTimeout(stop, boundMs + WATCHDOG_GRACE_MS);
  const killTimer = setTimeout(() => void agent.kill(), boundMs + WATCHDOG_GRACE_MS + WATCHDOG_KILL_MS);
  let removeListener = () => undefined as unknown;
  try {
    return await new Promise<DoneMessage>((resolve, reject) => {
      removeListener = agent.onMessage((message) => {
        if (message.type === "tick") onTick(message);
        else if (message.type === "done") resolve(message);
        else if (message.type === "fatal")
          reject(internalError("WORKER_FAILED", message.message, "see run.log"));
      });
      void agent.exited.then((how) =>
        reject(
          internalError(
            "WORKER_EXITED",
            `the load agent in the ${agent.host.name} host exited (${how}) before reporting`,
            "see run.log",
          ),
        ),
      );
      agent.send(start);
      if (signal.aborted) stop(); // aborted before the load began: the listener above will not fire
    });
  } finally {
    removeListener();
    clearTimeout(stopTimer);
    clearTimeout(killTimer);
    signal.removeEventListener("abort", stop);
  }
}
