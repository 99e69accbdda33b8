import { describe, expect, it } from "vitest";
import type { AgentProcess } from "../../src/agent/agent-process.js";
import type { AgentToRunner, RunnerToAgent } from "../../src/agent/protocol.js";
import { isPortlabError } from "../../src/core/errors.js";
import type { Host } from "../../src/core/host.js";
import type { ClientSpec } from "../../src/core/scenario.js";
import { EngineEmitter } from "../../src/engine/events.js";
import { measureLoad } from "../../src/engine/measure-load.js";
import type { RunAgents } from "../../src/engine/run-stages.js";
import { scenarios } from "../../src/engine/scenarios.js";
import { type RunDirectory, runDirectoryWriteError } from "../../src/results/run-directory.js";
import { attachRunWriters } from "../../src/results/run-writers.js";

/** An agent that answers the runner's messages the way the real one does; what the runner sent is kept. */
interface FakeAgent extends AgentProcess {
  readonly received: RunnerToAgent[];
  say(message: AgentToRunner): void;
}

function fakeAgent(
  name: string,
  role: Host["role"],
  onMessage: (agent: FakeAgent, m: RunnerToAgent) => void,
) {
  const listeners = new Set<(message: AgentToRunner) => void>();
  const agent: FakeAgent = {
    host: { name, role, addresses: [] } as unknown as Host,
    pid: 1,
    received: [],
    send(message) {
      agent.received.push(message);
      onMessage(agent, message);
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    say(message) {
      for (const listener of [...listeners]) listener(message);
    },
    exited: new Promise<string>(() => undefined),
    failure: () => null,
    close: async () => undefined,
    kill: async () => undefined,
  };
  return agent;
}

/** What a sampler sees in an idle host. */
const idleHost = { states: {}, portsInUse: 0, freePorts: null, tw: 0, counters: {} };

/** A load agent that ticks every 5 ms until it is told to stop (or 2,000 ticks), and samplers that follow it. */
function fakeLab(): { agents: RunAgents; load: FakeAgent; samplers: FakeAgent[]; ticks: () => number } {
  let t = 0;
  const samplers = ["client", "server"].map((name) =>
    fakeAgent(name, name === "client" ? "client" : "server", (agent, message) => {
      if (message.type === "sample-start") setImmediate(() => agent.say({ type: "sample-started" }));
      if (message.type === "sample-stop")
        setImmediate(() => agent.say({ type: "sample-summary", summary: null }));
    }),
  );
  let timer: NodeJS.Timeout | undefined;
  const finish = (agent: FakeAgent) => {
    clearInterval(timer);
    const done = { durationMs: t * 5, sent: t, ok: t, failed: 0, late: 0, dropped: 0, opened: t };
    agent.say({ type: "done", ...done, errors: {}, firstErrorMs: {}, latencyMs: null });
  };
  const load = fakeAgent("client", "client", (agent, message) => {
    if (message.type === "start")
      timer = setInterval(() => {
        t += 1;
        const counts = { sent: 1, ok: 1, late: 0, dropped: 0, opened: 1 };
        agent.say({ type: "tick", t, ...counts, errors: {}, latencyMs: null });
        for (const sampler of samplers)
          sampler.say({ type: "sample", sample: { ...idleHost, t, host: sampler.host.name } });
        if (t >= 2000) finish(agent);
      }, 5);
    if (message.type === "stop") setImmediate(() => finish(agent));
  });
  const sampled = samplers.map((agent) => ({ agent, portRange: null, usablePorts: null }));
  return { agents: { loads: [load], samplers: sampled }, load, samplers, ticks: () => t };
}

function diskFullAfter(lines: number): RunDirectory & { calls: number } {
  let written = 0;
  const directory = {
    path: "/nowhere",
    logPath: "/nowhere/run.log",
    calls: 0,
    writeSummary: async () => undefined,
    appendFile: async () => undefined,
    close: async () => undefined,
    appendSamples: async (batch: readonly unknown[]) => {
      directory.calls += 1;
      if (batch.length === 0) return;
      if (written + batch.length > lines) {
        const error = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
        throw runDirectoryWriteError("/nowhere/samples.ndjson", error);
      }
      written += batch.length;
    },
  };
  return directory;
}

describe("measureLoad", () => {
  it("stops the load and throws RUN_DIRECTORY_WRITE when the samples writer cannot write a line", async () => {
    const lab = fakeLab();
    const directory = diskFullAfter(4); // two seconds of two hosts, then the disk is full
    const events = new EngineEmitter();
    const logged: string[] = [];
    events.on("log", (level, message) => logged.push(`${level}: ${message}`));
    // The writer listens to the engine's events; a failed write aborts the run's signal with its error.
    const writeFailure = new AbortController();
    const writers = attachRunWriters(events, directory, writeFailure);
    const scenario = scenarios.defaults();
    const failure = await measureLoad({
      scenario,
      client: scenario.clients[0] as ClientSpec,
      agents: lab.agents,
      target: { host: "198.18.0.1", ports: [80], path: "/" },
      sourceAddresses: [],
      label: { index: 0, total: 1, profile: "narrow-range", client: "short" },
      events,
      signal: AbortSignal.any([new AbortController().signal, writeFailure.signal]),
    }).then(
      () => null,
      (error: unknown) => error,
    );

    expect(isPortlabError(failure) && [failure.code, failure.exitCode]).toEqual(["RUN_DIRECTORY_WRITE", 3]);
    expect(lab.load.received.map((message) => message.type)).toEqual(["start", "stop"]);
    for (const sampler of lab.samplers)
      expect(sampler.received.map((message) => message.type)).toEqual(["sample-start", "sample-stop"]);
    expect(lab.ticks()).toBeLessThan(2000); // stopped early, not at the end of the load
    await writers.settled();
    // Seconds 1 and 2 were written, second 3 failed; nothing was tried after that.
    expect(directory.calls).toBe(3);
    expect(logged).toContain("error: samples not written: stopping the run");
  });
});
