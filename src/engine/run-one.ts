import { predictClient } from "../clients/command/command-prediction.js";
import type { Driver } from "../hosts/types.js";
import { predictRun } from "../profiles/model.js";
import type { Profile } from "../profiles/types.js";
import type { RunDirectory } from "../results/run-directory.js";
import type { RunSummary } from "../results/summary-types.js";
import { TeardownStack } from "../sandbox/teardown-stack.js";
import type { CommandClientSpec, Scenario, ScenarioClient } from "../scenario/types.js";
import { buildProgramRunSummary } from "./build-program-summary.js";
import { buildRunSummary } from "./build-run-summary.js";
import type { EngineEmitter, RunLabel } from "./events.js";
import { type EngineHooks, pausePoint } from "./fault-injection.js";
import { measureLoad } from "./measure-load.js";
import { measureProgram } from "./program-load.js";
import { clientPortRange } from "./reported-sysctls.js";
import {
  applyParameters,
  type Parameters,
  type RunAgents,
  serverPorts,
  startRunAgents,
  topologySpec,
} from "./run-stages.js";

export interface RunContext {
  readonly scenario: Scenario;
  readonly profile: Profile;
  readonly client: ScenarioClient;
  readonly label: RunLabel;
  readonly driver: Driver;
  readonly events: EngineEmitter;
  readonly signal: AbortSignal;
  readonly directory: RunDirectory;
  readonly hooks: EngineHooks;
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason;
}

interface LoadStage {
  readonly context: RunContext;
  readonly agents: RunAgents;
  readonly parameters: Parameters;
  readonly target: { readonly host: string; readonly ports: readonly number[]; readonly path: string };
  readonly sourceAddresses: readonly string[];
  readonly log: (message: string, fields?: Record<string, unknown>) => void;
}

/** portlab's own client: the worker in the load agent. */
async function runOwnClient(stage: LoadStage, client: Exclude<ScenarioClient, CommandClientSpec>) {
  const { scenario, profile, label, events, directory, signal } = stage.context;
  const { parameters } = stage;
  const { done, hosts, freePortsZeroAtMs } = await measureLoad({
    scenario,
    client,
    agents: stage.agents,
    target: stage.target,
    sourceAddresses: stage.sourceAddresses,
    label,
    events,
    directory,
    signal,
  });
  stage.log("load finished", { sent: done.sent, ok: done.ok, errors: done.errors });
  return buildRunSummary({
    scenario,
    profile,
    client,
    sysctls: parameters.client,
    serverSysctls: parameters.server,
    ports: clientPortRange(parameters.client),
    done,
    hosts,
    freePortsZeroAtMs,
    interrupted: signal.aborted,
    prediction: predictRun({
      sysctls: parameters.client,
      serverSysctls: parameters.server,
      profile,
      client,
      load: scenario.load,
    }),
  });
}

/** The user's own program, started by the load agent inside the client host. */
async function runCommandClient(stage: LoadStage, client: CommandClientSpec) {
  const { scenario, profile, label, events, directory, signal } = stage.context;
  const { parameters } = stage;
  const start = {
    type: "start-program",
    client,
    target: stage.target,
    durationMs: scenario.load.durationMs,
  } as const;
  const measured = await measureProgram({ agents: stage.agents, label, events, directory, signal, start });
  const report = measured.result;
  stage.log("program finished", {
    exitCode: report.exitCode,
    signal: report.signal,
    stoppedBy: report.stoppedBy,
    stopSignal: report.stopSignal,
    errors: report.strace?.errors ?? "not observed",
  });
  return buildProgramRunSummary({
    scenario,
    profile,
    client,
    sysctls: parameters.client,
    serverSysctls: parameters.server,
    ports: clientPortRange(parameters.client),
    report,
    log: measured.log,
    hosts: measured.hosts,
    freePortsZeroAtMs: measured.freePortsZeroAtMs,
    interrupted: signal.aborted,
    prediction: predictClient({
      sysctls: parameters.client,
      serverSysctls: parameters.server,
      profile,
      client,
      load: scenario.load,
    }),
  });
}

/** One (profile × client) run in fresh hosts, torn down before it returns or throws. */
export async function runOne(context: RunContext): Promise<RunSummary> {
  const { scenario, profile, client, label, events, signal, directory, hooks } = context;
  const log = (message: string, fields?: Record<string, unknown>) =>
    events.emit("log", "info", message, { run: label.index, ...fields });
  const teardown = new TeardownStack();
  try {
    const topology = await context.driver.create(topologySpec(scenario, profile, client), teardown);
    log("sandbox up", {
      id: topology.id,
      driver: context.driver.name,
      hosts: topology.hosts.map((h) => h.name),
    });
    teardown.push("teardown pause point", () => pausePoint(hooks, "teardown"));
    await pausePoint(hooks, "sandbox");
    throwIfAborted(signal);

    const parameters = await applyParameters(topology, profile);
    log("kernel parameters read back", { client: parameters.client, server: parameters.server });
    throwIfAborted(signal);

    const launch = {
      spec: scenario.server,
      ports: serverPorts(scenario, profile),
      nginxBinary: hooks.nginxBinary,
    };
    const server = await topology.startServer(launch, teardown);
    teardown.push("copy the server's logs", () => server.collectLogs(directory.path, label.index));
    log("server ready", { server: server.description, address: server.address, ports: server.ports });
    await pausePoint(hooks, "nginx");
    throwIfAborted(signal);

    const agents = await startRunAgents(topology, parameters, teardown, events);
    throwIfAborted(signal);
    const clientAddresses = topology.clients[0]?.addresses ?? [];
    const stage: LoadStage = {
      context,
      agents,
      parameters,
      target: { host: server.address, ports: server.ports, path: "/" },
      sourceAddresses: clientAddresses.length > 1 ? clientAddresses : [],
      log,
    };
    return client.kind === "command"
      ? await runCommandClient(stage, client)
      : await runOwnClient(stage, client);
  } finally {
    const failures = await teardown.drain();
    for (const failure of failures)
      events.emit("log", "error", `teardown step failed: ${failure.step}`, { error: String(failure.error) });
  }
}
