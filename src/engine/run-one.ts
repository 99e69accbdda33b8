import { predictClient } from "../clients/command/command-prediction.js";
import type { Driver, RunningServer, Topology } from "../hosts/types.js";
import { predictRun } from "../profiles/model.js";
import type { Profile } from "../profiles/types.js";
import type { RunDirectory } from "../results/run-directory.js";
import type { RunSummary } from "../results/summary-types.js";
import { TeardownStack } from "../sandbox/teardown-stack.js";
import type { ClientSpec, CommandClientSpec, Scenario, ScenarioClient } from "../scenario/types.js";
import { buildProgramRunSummary } from "./build-program-summary.js";
import { buildRunSummary } from "./build-run-summary.js";
import type { EngineEmitter, RunLabel } from "./events.js";
import { type EngineHooks, pausePoint } from "./fault-injection.js";
import { type Measurement, measureLoad } from "./measure-load.js";
import { type CaptureResult, startCaptures } from "./packet-capture.js";
import { measureProgram, type ProgramMeasurement } from "./program-load.js";
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

/** One (profile × client) run in fresh hosts, torn down before it returns or throws. */
export async function runOne(context: RunContext): Promise<RunSummary> {
  const { scenario, profile, client, label, events, signal, hooks } = context;
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
    log("kernel parameters read back", {
      client: parameters.client,
      server: parameters.server,
      ...(parameters.router ? { router: parameters.router } : {}),
    });
    throwIfAborted(signal);

    const server = await serverUp(topology, context, teardown);
    log("server ready", { server: server.description, address: server.address, ports: server.ports });
    await pausePoint(hooks, "nginx");
    throwIfAborted(signal);

    const agents = await startRunAgents(topology, parameters, teardown, events);
    log("agents ready", { agents: agents.samplers.length + agents.loads.length });
    throwIfAborted(signal);
    const capture = context.scenario.capture;
    const running = await startCaptures(
      topology.hosts,
      capture,
      context.directory.path,
      label.index,
      teardown,
    );
    throwIfAborted(signal);
    const stopCaptures = async (): Promise<Pick<RunSummary, "captures">> => {
      const captures: CaptureResult[] = await Promise.all(running.map((one) => one.stop()));
      if (captures.length > 0) log("packets captured", { captures });
      return captures.length > 0 ? { captures } : {};
    };
    const target = { host: server.address, ports: server.ports, path: "/" };
    if (client.kind === "command") {
      const summary = await runCommandClient(context, client, parameters, agents, target);
      return { ...summary, ...(await stopCaptures()) };
    }
    const clientAddresses = topology.clients[0]?.addresses ?? [];
    const measurement = await measureLoad({
      ...context,
      client,
      agents,
      target,
      sourceAddresses: clientAddresses.length > 1 ? clientAddresses : [],
    });
    log("load finished", {
      sent: measurement.done.sent,
      ok: measurement.done.ok,
      errors: measurement.done.errors,
    });
    return { ...summarise(context, client, parameters, measurement), ...(await stopCaptures()) };
  } finally {
    const failures = await teardown.drain();
    for (const failure of failures)
      events.emit("log", "error", `teardown step failed: ${failure.step}`, { error: String(failure.error) });
    log("teardown done");
  }
}

/** Starts the scenario's server in the server host; its logs are copied into the run directory at teardown. */
async function serverUp(
  topology: Topology,
  context: RunContext,
  teardown: TeardownStack,
): Promise<RunningServer> {
  const { scenario, profile, hooks, directory, label } = context;
  const launch = {
    spec: scenario.server,
    ports: serverPorts(scenario, profile),
    nginxBinary: hooks.nginxBinary,
  };
  const server = await topology.startServer(launch, teardown);
  teardown.push("copy the server's logs", () => server.collectLogs(directory.path, label.index));
  return server;
}

/** The run's summary, with the model's prediction from the parameters read back in its hosts. */
function summarise(
  context: RunContext,
  client: ClientSpec,
  parameters: Parameters,
  measurement: Measurement,
): RunSummary {
  const { scenario, profile, signal } = context;
  return buildRunSummary({
    scenario,
    profile,
    client,
    sysctls: parameters.client,
    serverSysctls: parameters.server,
    routerSysctls: parameters.router,
    natFirstDropSecond: measurement.natFirstDropSecond,
    ports: clientPortRange(parameters.client),
    done: measurement.done,
    hosts: measurement.hosts,
    freePortsZeroAtMs: measurement.freePortsZeroAtMs,
    interrupted: signal.aborted,
    prediction: predictRun({
      sysctls: parameters.client,
      serverSysctls: parameters.server,
      routerSysctls: parameters.router,
      profile,
      client,
      load: scenario.load,
    }),
  });
}

/** The user's own program, started by the load agent inside the client host, while every host is sampled. */
async function runCommandClient(
  context: RunContext,
  client: CommandClientSpec,
  parameters: Parameters,
  agents: RunAgents,
  target: { readonly host: string; readonly ports: readonly number[]; readonly path: string },
): Promise<RunSummary> {
  const { scenario, label, events, directory, signal } = context;
  const start = {
    type: "start-program",
    client,
    target,
    durationMs: scenario.load.durationMs,
  } as const;
  const measured = await measureProgram({ agents, label, events, directory, signal, start });
  const report = measured.result;
  events.emit("log", "info", "program finished", {
    run: label.index,
    exitCode: report.exitCode,
    signal: report.signal,
    stoppedBy: report.stoppedBy,
    stopSignal: report.stopSignal,
    errors: report.strace?.errors ?? "not observed",
  });
  return summariseProgram(context, client, parameters, measured);
}

function summariseProgram(
  context: RunContext,
  client: CommandClientSpec,
  parameters: Parameters,
  measured: ProgramMeasurement,
): RunSummary {
  const { scenario, profile, signal } = context;
  return buildProgramRunSummary({
    scenario,
    profile,
    client,
    sysctls: parameters.client,
    serverSysctls: parameters.server,
    ports: clientPortRange(parameters.client),
    report: measured.result,
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
