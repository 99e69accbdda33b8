import { type AgentProcess, startAgent } from "../agent/agent-process.js";
import { clientKinds } from "../clients/registry.js";
import type { Host, Topology, TopologySpec } from "../core/host.js";
import type { Profile } from "../core/profile.js";
import type { Scenario, ScenarioClient } from "../core/scenario.js";
import type { TeardownStack } from "../core/teardown-stack.js";
import { clientPortRange, REPORTED_SYSCTLS } from "../kernel/reported-sysctls.js";
import { routerReportedSysctls } from "../kernel/sysctl-facts.js";
import type { EngineEmitter } from "./events.js";
import type { SampledAgent } from "./host-sampling.js";

/** The hosts a run needs, for its driver to make. */
export function topologySpec(scenario: Scenario, profile: Profile, client: ScenarioClient): TopologySpec {
  const subnet = scenario.sandbox.subnet;
  const tracesClient = clientKinds.of(client).errors(client) === "traced";
  const clientSysctls = profile.client.sysctls;
  if (profile.topology === "nat") {
    // normalise.ts gives every nat profile its nat section.
    if (profile.nat === undefined)
      throw new Error(`profile ${profile.name} has topology nat but no nat section`);
    const router = profile.router?.sysctls ?? {};
    return {
      shape: "nat",
      subnet,
      nat: profile.nat,
      sysctls: { client: clientSysctls, server: profile.server.sysctls, router },
      tracesClient,
    };
  }
  return {
    shape: profile.topology,
    subnet,
    clientAddresses: profile.client.sourceAddresses,
    sysctls: { client: clientSysctls, server: profile.server.sysctls },
    tracesClient,
  };
}

/** Every port the server listens on: a profile may ask for several (the 4-tuple rule). */
export function serverPorts(scenario: Scenario, profile: Profile): number[] {
  return Array.from({ length: profile.server.listenPorts }, (_, index) => scenario.server.port + index);
}

export interface Parameters {
  /** Read back in the (first) client host and in the server host. */
  readonly client: Record<string, string>;
  readonly server: Record<string, string>;
  /** Read back in the NAT router host, when there is one. */
  readonly router?: Record<string, string>;
}

/** Puts each role's parameters in force in its hosts and reads them back there. */
export async function applyParameters(topology: Topology, profile: Profile): Promise<Parameters> {
  const [first] = topology.clients;
  if (!first) throw new Error("a topology has at least one client host");
  // Each host is its own namespace: they are set up side by side.
  const [client, server, router] = await Promise.all([
    first.applySysctls(profile.client.sysctls, REPORTED_SYSCTLS),
    topology.server.applySysctls(profile.server.sysctls, REPORTED_SYSCTLS),
    topology.router?.applySysctls(profile.router?.sysctls ?? {}, routerReportedSysctls),
    ...topology.clients.slice(1).map((other) => other.applySysctls(profile.client.sysctls, [])),
  ]);
  return router === undefined ? { client, server } : { client, server, router };
}

export interface RunAgents {
  /** One per client host: runs that host's share of the load (its own process, so sampling never stalls it). */
  readonly loads: readonly AgentProcess[];
  /** One per host: samples that host's network namespace. */
  readonly samplers: readonly SampledAgent[];
}

/**
 * Starts the agents; each one's stop is registered on `teardown` before it starts. A load agent is started
 * with `loadAgentArgs`, its form for the run's client kind (see agent/main.ts).
 */
export async function startRunAgents(
  topology: Topology,
  parameters: Parameters,
  teardown: TeardownStack,
  events: EngineEmitter,
  loadAgentArgs: readonly string[],
): Promise<RunAgents> {
  const start = async (host: Host, purpose: "load" | "sampling"): Promise<AgentProcess> => {
    let agent: AgentProcess | null = null;
    teardown.push(`stop the ${purpose} agent in ${host.name}`, () => agent?.close());
    agent = await startAgent(
      host,
      (line) => events.emit("log", "warn", "agent stderr", { host: host.name, line }),
      purpose === "load" ? loadAgentArgs : [],
    );
    return agent;
  };
  const ports = clientPortRange(parameters.client);
  const [loads, samplers] = await Promise.all([
    Promise.all(topology.clients.map((host) => start(host, "load"))),
    Promise.all(
      topology.hosts.map(async (host): Promise<SampledAgent> => {
        const agent = await start(host, "sampling");
        if (host.role === "client")
          return { agent, portRange: ports.range, usablePorts: ports.usable * host.addresses.length };
        return { agent, portRange: null, usablePorts: null, conntrack: host.role === "router" };
      }),
    ),
  ]);
  return { loads, samplers };
}
