import type { AgentProcess } from "../agent/agent-process.js";
import type { DoneMessage, StartMessage, TickMessage } from "../clients/worker/protocol.js";
import { exchangeWithAgent } from "./agent-exchange.js";

/** Grace after the load's own bound before the runner asks a silent agent to stop. */
const WATCHDOG_GRACE_MS = 15_000;

/** Runs the load in a client host's agent and resolves with its final report (see exchangeWithAgent). */
export function runLoadInAgent(
  agent: AgentProcess,
  start: StartMessage,
  boundMs: number,
  signal: AbortSignal,
  onTick: (tick: TickMessage) => void,
): Promise<DoneMessage> {
  return exchangeWithAgent<DoneMessage>(agent, {
    start,
    stopAfterMs: boundMs + WATCHDOG_GRACE_MS,
    signal,
    awaiting: "reporting",
    onMessage: (message) => {
      if (message.type === "tick") onTick(message);
      return message.type === "done" ? message : undefined;
    },
  });
}
