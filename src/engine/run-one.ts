import type { Driver } from "../hosts/types.js";
import { predictRun } from "../profiles/model.js";
import type { Profile } from "../profiles/types.js";
import type { RunDirectory } from "../results/run-directory.js";
import type { RunSummary } from "../results/summary-types.js";
import { TeardownStack } from "../sandbox/teardown-stack.js";
import type { ClientSpec, Scenario } from "../scenario/types.js";
import { buildRunSummary } from "./build-run-summary.js";
import type { EngineEmitter, RunLabel } from "./events.js";
import { type EngineHooks, pausePoint } from "./fault-injection.js";
import { measureLoad } from "./measure-load.js";
import { capturedHosts, startCapture } from "./packet-capture.js";
import { clientPortRange } from "./reported-sysctls.js";
import { applyParameters, serverPorts, startRunAgents, topologySpec } from "./run-stages.js";

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
  const { scenario, profile, client, label, events, signal, directory, hooks } = context;
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
    const capture = scenario.capture;
    const running =
      capture === null
        ? []
        : await Promise.all(
            capturedHosts(topology.hosts, capture).map((host) =>
              startCapture(host, directory.path, label.index, capture, teardown),
            ),
          );
    throwIfAborted(signal);
    const clientAddresses = topology.clients[0]?.addresses ?? [];
    const { done, hosts, natFirstDropSecond } = await measureLoad({
      scenario,
      client,
      agents,
      target: { host: server.address, ports: server.ports, path: "/" },
      sourceAddresses: clientAddresses.length > 1 ? clientAddresses : [],
      label,
      events,
      directory,
      signal,
    });
    log("load finished", { sent: done.sent, ok: done.ok, errors: done.errors });
    const captures = await Promise.all(running.map((capture) => capture.stop()));
    if (captures.length > 0) log("packets captured", { captures });

    return buildRunSummary({
      scenario,
      profile,
      client,
      sysctls: parameters.client,
      serverSysctls: parameters.server,
      routerSysctls: parameters.router,
      natFirstDropSecond,
      captures,
      ports: clientPortRange(parameters.client),
      done,
      hosts,
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
  } finally {
    const failures = await teardown.drain();
    for (const failure of failures)
      events.emit("log", "error", `teardown step failed: ${failure.step}`, { error: String(failure.error) });
  }
}
