import { STOP_GRACE_MS, targetEnvironment } from "../clients/command/run-program.js";
import { clientKinds } from "../clients/registry.js";
import type { StartMessage } from "../clients/worker/protocol.js";
import type { Host, RunningServer, Topology } from "../core/host.js";
import type { Profile } from "../core/profile.js";
import { programUser } from "../core/program-user.js";
import type { RunSummary } from "../core/run-summary.js";
import type { ClientSpec, CommandClientSpec, Scenario, ScenarioClient } from "../core/scenario.js";
import { TeardownStack } from "../core/teardown-stack.js";
import type { Driver } from "../hosts/driver.js";
import { clientPortRange } from "../kernel/reported-sysctls.js";
import type { ClientPrediction } from "../scenario/client-kind.js";
import { buildProgramRunSummary } from "./build-program-summary.js";
import { buildRunSummary, type OutcomeBase } from "./build-run-summary.js";
import type { EngineEmitter, RunLabel } from "./events.js";
import { type EngineHooks, pausePoint } from "./fault-injection.js";
import { type Measurement, measureLoad } from "./measure-load.js";
import { type CaptureResult, startCaptures } from "./packet-capture.js";
import { measureImageProgram, measureProgram } from "./program-load.js";
import {
  applyParameters,
  type Parameters,
  type RunAgents,
  serverPorts,
  startRunAgents,
  topologySpec,
} from "./run-stages.js";
import { guardStage, STAGE_BOUNDS_MS } from "./stage-guard.js";

export interface RunContext {
  readonly scenario: Scenario;
  readonly profile: Profile;
  readonly client: ScenarioClient;
  readonly label: RunLabel;
  readonly driver: Driver;
  readonly events: EngineEmitter;
  readonly signal: AbortSignal;
  /** The run directory, where hosts bring their captures and logs. */
  readonly directory: string;
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
  // A stage starts only if the run is not aborted; one that hangs is given up on (stage-guard.ts) so teardown runs.
  // A stage given up on may still make its resource after teardown: then the run's record stays for `clean`.
  const stagesAtWork = new Set<Promise<unknown>>();
  const stage = <T>(name: string, start: () => Promise<T>, boundMs: number): Promise<T> => {
    throwIfAborted(signal);
    const work = start();
    stagesAtWork.add(work);
    const settled = () => stagesAtWork.delete(work);
    work.then(settled, settled);
    return guardStage(name, work, signal, boundMs);
  };
  try {
    const topology = await stage(
      "hosts",
      () => context.driver.create(topologySpec(scenario, profile, client), teardown),
      STAGE_BOUNDS_MS.hosts,
    );
    log("sandbox up", {
      id: topology.id,
      driver: context.driver.name,
      hosts: topology.hosts.map((h) => h.name),
    });
    teardown.push("teardown pause point", () => pausePoint(hooks, "teardown", events));
    await stage("pause", () => pausePoint(hooks, "sandbox", events), STAGE_BOUNDS_MS.pause);

    const parameters = await stage(
      "parameters",
      () => applyParameters(topology, profile),
      STAGE_BOUNDS_MS.parameters,
    );
    log("kernel parameters read back", {
      client: parameters.client,
      server: parameters.server,
      ...(parameters.router ? { router: parameters.router } : {}),
    });

    const serverBound = scenario.server.readyTimeoutMs + STAGE_BOUNDS_MS.server;
    const server = await stage("server", () => serverUp(topology, context, teardown), serverBound);
    log("server ready", { server: server.description, address: server.address, ports: server.ports });
    await stage("pause", () => pausePoint(hooks, "nginx", events), STAGE_BOUNDS_MS.pause);

    const kind = clientKindRun(client);
    const agents = await stage(
      "agents",
      () => startRunAgents(topology, parameters, teardown, events, kind.loadAgentArgs),
      STAGE_BOUNDS_MS.agents,
    );
    log("agents ready", { agents: agents.samplers.length + agents.loads.length });
    const capture = context.scenario.capture;
    const running = await stage(
      "capture",
      () => startCaptures(topology.hosts, capture, context.directory, label.index, teardown),
      STAGE_BOUNDS_MS.captures,
    );
    throwIfAborted(signal);

    const target = { host: server.address, ports: server.ports, path: "/" };
    const summary = await kind.measure(context, { topology, parameters, agents, target });
    const captures: CaptureResult[] = await Promise.all(running.map((one) => one.stop()));
    if (captures.length === 0) return summary;
    log("packets captured", { captures });
    return { ...summary, captures };
  } finally {
    if (stagesAtWork.size > 0) teardown.markUnsettled();
    const failures = await teardown.drain();
    for (const failure of failures) {
      events.emit("log", "error", `teardown step failed: ${failure.step}`, { error: String(failure.error) });
      events.emit("teardown-failed", failure.step, String(failure.error));
    }
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
  teardown.push("copy the server's logs", () => server.collectLogs(directory, label.index));
  return server;
}

/** What the run's earlier stages give the step that measures its client. */
interface MeasureStage {
  readonly topology: Topology;
  readonly parameters: Parameters;
  readonly agents: RunAgents;
  readonly target: StartMessage["target"];
}

/**
 * What differs by the form of the client host's load agent (each client kind names its form, see
 * clients/registry.ts): the step that runs the client while every host is sampled, ending in the run's summary with
 * the model's prediction from the parameters read back in its hosts.
 */
interface ClientKindRun<Client extends ScenarioClient> {
  measure(context: RunContext, client: Client, stage: MeasureStage): Promise<RunSummary>;
}

/** The part of every run's outcome that the earlier stages and the hosts' samples give. */
function outcomeBase<Client extends ScenarioClient>(
  context: RunContext,
  client: Client,
  parameters: Parameters,
  sampled: Pick<Measurement, "hosts" | "freePortsZeroAtMs" | "metrics">,
): OutcomeBase<Client> {
  return {
    scenario: context.scenario,
    profile: context.profile,
    client,
    sysctls: parameters.client,
    serverSysctls: parameters.server,
    ports: clientPortRange(parameters.client),
    hosts: sampled.hosts,
    freePortsZeroAtMs: sampled.freePortsZeroAtMs,
    metrics: sampled.metrics,
    interrupted: context.signal.aborted,
  };
}

/** The model's prediction for the run, from the parameters read back in its hosts. */
function predictionFor(
  context: RunContext,
  client: ScenarioClient,
  parameters: Parameters,
): ClientPrediction {
  return clientKinds.predict({
    sysctls: parameters.client,
    serverSysctls: parameters.server,
    routerSysctls: parameters.router,
    profile: context.profile,
    client,
    load: context.scenario.load,
  });
}

/** portlab's own client: a share of the load in every client host's agent (which loads the client worker). */
const ownClientRun: ClientKindRun<ClientSpec> = {
  async measure(context, client, { topology, parameters, agents, target }) {
    const { scenario, profile, label, events } = context;
    const clientAddresses = topology.clients[0]?.addresses ?? [];
    const measurement = await measureLoad({
      ...context,
      client,
      agents,
      target,
      sourceAddresses: clientAddresses.length > 1 ? clientAddresses : [],
    });
    events.emit("log", "info", "load finished", {
      run: label.index,
      sent: measurement.done.sent,
      ok: measurement.done.ok,
      errors: measurement.done.errors,
      transport: measurement.done.transport,
    });
    return buildRunSummary({
      ...outcomeBase(context, client, parameters, measurement),
      routerSysctls: parameters.router,
      natFirstDropSecond: measurement.natFirstDropSecond,
      done: measurement.done,
      prediction: predictionFor(context, client, parameters).prediction,
    });
  },
};

/** The user's own program, started by the client host's agent (which loads only what runs it). */
const commandClientRun: ClientKindRun<CommandClientSpec> = {
  async measure(context, client, { topology, parameters, agents, target }) {
    const { scenario, label, events, signal } = context;
    const measured =
      client.image === null
        ? await measureProgram({
            agents,
            label,
            events,
            signal,
            start: {
              type: "start-program",
              client,
              target,
              durationMs: scenario.load.durationMs,
              scratchDir: topology.hosts.find((host) => host.role === "client")?.scratchDir ?? null,
              runAs: programUser(client.user),
            },
          })
        : await measureImageProgram({
            agents,
            label,
            events,
            signal,
            host: topology.clients[0] as Host,
            program: {
              image: client.image,
              argv: client.argv,
              env: { ...client.env, ...targetEnvironment(target) },
              user: client.user,
              durationMs: scenario.load.durationMs,
              graceMs: STOP_GRACE_MS,
            },
          });
    const report = measured.result;
    events.emit("log", "info", "program finished", {
      run: label.index,
      exitCode: report.exitCode,
      signal: report.signal,
      stoppedBy: report.stoppedBy,
      stopSignal: report.stopSignal,
      errors: report.strace?.errors ?? "not observed",
    });
    return buildProgramRunSummary({
      ...outcomeBase(context, client, parameters, measured),
      report,
      log: measured.log,
      prediction: predictionFor(context, client, parameters),
    });
  },
};

/**
 * The measure step of each load-agent form (a kind names its form; the engine knows no kind): `--load`, portlab's
 * client worker runs the kind's run half in every client host; `--program`, the user's program in one.
 */
const measureByForm: {
  readonly "--load": ClientKindRun<ClientSpec>;
  readonly "--program": ClientKindRun<CommandClientSpec>;
} = { "--load": ownClientRun, "--program": commandClientRun };

/** The run's client kind as the engine uses it: its load agent's arguments and its measure step. */
function clientKindRun(client: ScenarioClient): {
  readonly loadAgentArgs: readonly string[];
  measure(context: RunContext, stage: MeasureStage): Promise<RunSummary>;
} {
  const form = clientKinds.of(client).agent;
  const measure = measureByForm[form] as ClientKindRun<ScenarioClient>;
  return {
    // `--load KIND`: the agent loads that kind's run half before it says ready, so the load starts on time.
    loadAgentArgs: form === "--load" ? [form, client.kind] : [form],
    measure: (context, stage) => measure.measure(context, client, stage),
  };
}
