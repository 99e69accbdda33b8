import type { AgentProcess } from "../agent/agent-process.js";
import type { HostRunSummary, HostSample, PortRange } from "../core/sample.js";

export interface SampledAgent {
  readonly agent: AgentProcess;
  readonly portRange: PortRange | null;
  readonly usablePorts: number | null;
  /** Sample the host's conntrack statistics too (the NAT router). */
  readonly conntrack?: boolean;
}

const STOP_REPLY_MS = 10_000;

function waitFor<T>(agent: AgentProcess, type: string, timeoutMs: number): Promise<T | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      remove();
      resolve(null);
    }, timeoutMs);
    const remove = agent.onMessage((message) => {
      if (message.type !== type) return;
      clearTimeout(timer);
      remove();
      resolve(message as T);
    });
    void agent.exited.then(() => {
      clearTimeout(timer);
      resolve(null);
    });
  });
}

/**
 * Each host's agent samples its own network namespace once a second on ticks aligned to `loadStartEpochMs`.
 * Resolves once every agent has taken its counter baseline, so the load starts after it.
 */
export async function startSampling(
  sampled: readonly SampledAgent[],
  loadStartEpochMs: number,
  onSample: (sample: HostSample) => void,
  onWarning: (message: string) => void,
): Promise<void> {
  for (const { agent } of sampled)
    agent.onMessage((message) => {
      if (message.type === "sample") onSample(message.sample);
      else if (message.type === "warning") onWarning(`${agent.host.name}: ${message.message}`);
    });
  await Promise.all(
    sampled.map(async ({ agent, portRange, usablePorts, conntrack }) => {
      const started = waitFor(agent, "sample-started", STOP_REPLY_MS);
      agent.send({
        type: "sample-start",
        host: agent.host.name,
        loadStartEpochMs,
        portRange,
        usablePorts,
        ...(conntrack ? { conntrack } : {}),
      });
      await started;
      throwIfFailed(agent);
    }),
  );
}

/** An agent the runner gave up on (it broke the protocol) fails the run: its samples cannot be trusted. */
function throwIfFailed(agent: AgentProcess): void {
  const failure = agent.failure();
  if (failure !== null) throw failure;
}

/** Stops every agent's sampling and collects each host's run summary (peaks, minimum free ports, counter deltas). */
export async function stopSampling(
  sampled: readonly SampledAgent[],
): Promise<Record<string, HostRunSummary>> {
  const replies = await Promise.all(
    sampled.map(async ({ agent }) => {
      const reply = waitFor<{ summary: HostRunSummary | null }>(agent, "sample-summary", STOP_REPLY_MS);
      agent.send({ type: "sample-stop" });
      return [agent.host.name, (await reply)?.summary ?? null] as const;
    }),
  );
  for (const { agent } of sampled) throwIfFailed(agent);
  const summaries: Record<string, HostRunSummary> = {};
  for (const [name, summary] of replies) if (summary !== null) summaries[name] = summary;
  return summaries;
}
