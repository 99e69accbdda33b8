import type { Driver, RunningServer, Topology } from "../hosts/types.js";
import { predictRun } from "../profiles/model.js";
import type { Profile } from "../profiles/types.js";
import type { RunDirectory } from "../results/run-directory.js";
import type { RunSummary } from "../results/summary-types.js";
import { TeardownStack } from "../sandbox/teardown-stack.js";
import type { ClientSpec, Scenario } from "../scenario/types.js";
import { buildRunSummary } from "./build-run-summary.js";
import type { EngineEmitter, RunLabel } from "./events.js";
import { type EngineHooks, pausePoint } from "./fault-injection.js";
import { type Measurement, measureLoad } from "./measure-load.js";
import { type CaptureResult, capturedHosts, type RunningCapture, startCapture } from "./packet-capture.js";
import { clientPortRange } from "./reported-sysctls.js";
import { applyParameters, type Parameters, serverPorts, startRunAgents, topologySpec } from "./run-stages.js";

export interface RunContext {
  readonly scenario: Scenario;
  readonly profile: Profile;
  readonly client: ClientSpec;
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
  const { scenario, profile, label, events, signal, hooks } = context;
  const log = (message: string, fields?: Record<string, unknown>) =>
    events.emit("log", "info", message, { run: label.index, ...fields });
  const teardown = new TeardownStack();
  try {
    const topology = await context.driver.create(topologySpec(scenario, profile), teardown);
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
    const running = await startCaptures(topology, context, teardown);
    throwIfAborted(signal);
    const clientAddresses = topology.clients[0]?.addresses ?? [];
    const measurement = await measureLoad({
      ...context,
      agents,
      target: { host: server.address, ports: server.ports, path: "/" },
      sourceAddresses: clientAddresses.length > 1 ? clientAddresses : [],
    });
    log("load finished", {
      sent: measurement.done.sent,
      ok: measurement.done.ok,
      errors: measurement.done.errors,
    });
    const captures = await Promise.all(running.map((capture) => capture.stop()));
    if (captures.length > 0) log("packets captured", { captures });
    return summarise(context, parameters, measurement, captures);
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

/** tcpdump in the hosts the scenario's `capture:` selects, for the load; each stop is on `teardown`. */
function startCaptures(
  topology: Topology,
  context: RunContext,
  teardown: TeardownStack,
): Promise<RunningCapture[]> {
  const { capture } = context.scenario;
  if (capture === null) return Promise.resolve([]);
  return Promise.all(
    capturedHosts(topology.hosts, capture).map((host) =>
      startCapture(host, context.directory.path, context.label.index, capture, teardown),
    ),
  );
}

/** The run's summary, with the model's prediction from the parameters read back in its hosts. */
function summarise(
  context: RunContext,
  parameters: Parameters,
  measurement: Measurement,
  captures: readonly CaptureResult[],
): RunSummary {
  const { scenario, profile, client, signal } = context;
  return buildRunSummary({
    scenario,
    profile,
    client,
    sysctls: parameters.client,
    serverSysctls: parameters.server,
    routerSysctls: parameters.router,
    natFirstDropSecond: measurement.natFirstDropSecond,
    captures,
    ports: clientPortRange(parameters.client),
    done: measurement.done,
    hosts: measurement.hosts,
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
