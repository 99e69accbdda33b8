import { clientKinds } from "../clients/registry.js";
import type { DoneMessage } from "../clients/worker/protocol.js";
import { roleOf } from "../core/host.js";
import { natPortsOf, type Profile } from "../core/profile.js";
import type {
  HostMetricValue,
  HostPeak,
  NatSummary,
  ObservedRunSummary,
  RunPrediction,
  RunSummary,
} from "../core/run-summary.js";
import type { HostRunSummary } from "../core/sample.js";
import type { ClientSpec, LoadSpec, Scenario, ScenarioClient } from "../core/scenario.js";
import { KERNEL_NAT_PORTS } from "../kernel/model-nat.js";
import type { ClientPorts } from "../kernel/reported-sysctls.js";
import type { ClientSummaryFields } from "../scenario/client-kind.js";

/**
 * Failures that mean "no socket can be opened": no source port left (EADDRINUSE is how it shows when the
 * client binds before connect), or no descriptor left under the client's `nofile` (a leak's EMFILE).
 */
export const PORT_EXHAUSTION_CODES = ["EADDRNOTAVAIL", "EADDRINUSE", "EMFILE"] as const;

/** What every run's summary is built from, whatever its client: the run, its hosts' parameters and samples. */
export interface OutcomeBase<Client extends ScenarioClient = ScenarioClient> {
  readonly scenario: Scenario;
  readonly profile: Profile;
  readonly client: Client;
  readonly sysctls: Readonly<Record<string, string>>;
  readonly serverSysctls: Readonly<Record<string, string>>;
  readonly ports: ClientPorts;
  /** Each host's summary, by host name (client, server, router, client-1, …). */
  readonly hosts: Readonly<Record<string, HostRunSummary>>;
  readonly freePortsZeroAtMs: number | null;
  /** Each host metric (src/metrics/) folded from the samples. */
  readonly metrics: Readonly<Record<string, HostMetricValue>>;
  readonly interrupted: boolean;
}

/** A run of portlab's own client. */
export interface RunOutcome extends OutcomeBase<ClientSpec> {
  /** Read back in the NAT router, when the run had one. */
  readonly routerSysctls?: Readonly<Record<string, string>>;
  /** The first second in which the NAT router dropped a connection, or null. */
  readonly natFirstDropSecond?: number | null;
  readonly done: DoneMessage;
  readonly prediction: RunPrediction | null;
}

export function clientFields(client: ScenarioClient): ClientSummaryFields {
  return clientKinds.of(client).summaryFields(client);
}

/** The load a run's summary shows: portlab's own, or for a user's program its own, bounded by the duration. */
export function runLoadFields(client: ScenarioClient, load: LoadSpec): RunSummary["load"] {
  return clientKinds.runsInClientWorker(client)
    ? loadFields(load)
    : { mode: "command", durationMs: load.durationMs };
}

export function loadFields(load: LoadSpec): RunSummary["load"] {
  return load.mode === "rate"
    ? { mode: "rate", rate: load.rate, durationMs: load.durationMs }
    : { mode: "concurrency", concurrency: load.concurrency, durationMs: load.durationMs };
}

function peakOf(host: HostRunSummary | undefined): HostPeak | null {
  if (!host) return null;
  const { TIME_WAIT, ESTABLISHED, CLOSE_WAIT, FIN_WAIT1, FIN_WAIT2, LAST_ACK, SYN_SENT } = host.peakStates;
  return {
    TIME_WAIT,
    ESTABLISHED,
    CLOSE_WAIT,
    FIN_WAIT1,
    FIN_WAIT2,
    LAST_ACK,
    SYN_SENT,
    portsInUse: host.peakPortsInUse,
  };
}

export function exhaustedAt(firstErrorMs: Readonly<Record<string, number>>): number | null {
  const times = PORT_EXHAUSTION_CODES.map((code) => firstErrorMs[code]).filter(
    (ms): ms is number => ms !== undefined,
  );
  return times.length > 0 ? Math.min(...times) : null;
}

/** Counters of every host of a role, added up (client hosts behind a NAT are one client side). */
function sumCounters(hosts: readonly HostRunSummary[]): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const host of hosts)
    for (const [name, value] of Object.entries(host.counters)) sum[name] = (sum[name] ?? 0) + value;
  return sum;
}

function hostBreakdown(hosts: Readonly<Record<string, HostRunSummary>>): RunSummary["hosts"] {
  return Object.fromEntries(
    Object.entries(hosts).map(([name, host]) => [
      name,
      {
        role: roleOf(host.host),
        peak: peakOf(host),
        counters: host.counters,
        minFreePorts: host.minFreePorts,
      },
    ]),
  );
}

/** The router's counters under their kernel names, with the most conntrack entries at once as `entries`. */
function routerCounters(router: HostRunSummary | undefined): Record<string, number> | undefined {
  if (!router) return undefined;
  const entries = router.peakConntrackEntries;
  return entries === undefined ? { ...router.counters } : { ...router.counters, entries };
}

function natSummary(outcome: RunOutcome): NatSummary | undefined {
  const { nat } = outcome.profile;
  if (outcome.profile.topology !== "nat" || !nat) return undefined;
  const first = natPortsOf(nat, 0, KERNEL_NAT_PORTS);
  const last = natPortsOf(nat, nat.clients - 1, KERNEL_NAT_PORTS);
  const blocks = nat.perClient ? nat.clients : 1;
  const second = outcome.natFirstDropSecond ?? null;
  return {
    clients: nat.clients,
    // With a per-host allocation: every host's block together.
    ports: { low: first.low, high: last.high, usable: (first.high - first.low + 1) * blocks },
    exhaustedAtMs: second === null ? null : second * 1000,
  };
}

/** What the hosts' samples say, whatever the client: free ports, peaks, counters, each host. */
function sampledFields(
  byName: Readonly<Record<string, HostRunSummary>>,
  freePortsZeroAtMs: number | null,
  metrics: Readonly<Record<string, HostMetricValue>>,
): Pick<RunSummary, "minFreePorts" | "freePortsZeroAtMs" | "peak" | "counters" | "hosts" | "metrics"> {
  const clientHosts = Object.values(byName).filter((host) => host.host.startsWith("client"));
  const client = clientHosts[0];
  const server = byName.server;
  const router = routerCounters(byName.router);
  return {
    minFreePorts: client?.minFreePorts ?? null,
    freePortsZeroAtMs,
    peak: { client: peakOf(client), server: peakOf(server) },
    counters: {
      client: sumCounters(clientHosts),
      server: server?.counters ?? {},
      ...(router ? { router } : {}),
    },
    hosts: hostBreakdown(byName),
    metrics: { ...metrics },
  };
}

type ObservedFields = Pick<
  RunSummary,
  "requests" | "okPerSec" | "connectionsOpened" | "errors" | "firstErrorMs" | "exhaustedAtMs"
>;

/**
 * A run's summary from the part every client shares (the run, its parameters, ports and samples) and the
 * fields only its kind knows, each group in its place in summary.json: `router` after the server's parameters,
 * `observed` (requests, errors) after the ports, `tail` (latency, prediction, …) after the samples.
 */
export function summaryOf<Observed extends ObservedFields>(
  outcome: OutcomeBase,
  parts: {
    readonly router?: Pick<RunSummary, "routerSysctls" | "nat">;
    readonly observed: Observed;
    readonly tail: Pick<
      RunSummary,
      "latencyMs" | "connectMs" | "prediction" | "noPredictionReason" | "program"
    >;
  },
): RunSummary & Observed {
  const { profile } = outcome;
  return {
    profile: profile.name,
    explanation: profile.explanation,
    ...clientFields(outcome.client),
    status: outcome.interrupted ? "interrupted" : "ran",
    unavailableReason: null,
    load: runLoadFields(outcome.client, outcome.scenario.load),
    sysctls: outcome.sysctls,
    serverSysctls: outcome.serverSysctls,
    ...parts.router,
    ports: {
      ...outcome.ports.range,
      usable: outcome.ports.usable,
      sourceAddresses: profile.client.sourceAddresses,
    },
    ...parts.observed,
    ...sampledFields(outcome.hosts, outcome.freePortsZeroAtMs, outcome.metrics),
    ...parts.tail,
  };
}

export function buildRunSummary(outcome: RunOutcome): ObservedRunSummary {
  const { done } = outcome;
  const nat = natSummary(outcome);
  return summaryOf(outcome, {
    router: {
      ...(outcome.routerSysctls ? { routerSysctls: outcome.routerSysctls } : {}),
      ...(nat ? { nat } : {}),
    },
    observed: {
      requests: { sent: done.sent, ok: done.ok, failed: done.failed, late: done.late, dropped: done.dropped },
      okPerSec: done.durationMs > 0 ? Math.round((done.ok / done.durationMs) * 10_000) / 10 : 0,
      connectionsOpened: done.opened,
      errors: done.errors,
      firstErrorMs: done.firstErrorMs,
      exhaustedAtMs: exhaustedAt(done.firstErrorMs),
    },
    tail: { latencyMs: done.latencyMs, connectMs: done.connectMs ?? null, prediction: outcome.prediction },
  });
}
