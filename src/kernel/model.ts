import type { ConnectionPattern } from "../core/connection.js";
import { internalError } from "../core/errors.js";
import { shareOfLoad } from "../core/load-share.js";
import type { ModelPrediction, NatPrediction } from "../core/prediction.js";
import { clientHostCount, type Profile, type Sysctls } from "../core/profile.js";
import type { LoadSpec } from "../core/scenario.js";
import {
  DEFAULT_CONNECTION_LIFETIME_MS,
  DEFAULT_TW_REUSE_DELAY_MS,
  portSpace,
  sustainableRateWithTimeWaitCap,
  TIME_WAIT_MS,
  timeWaitReuseApplies,
} from "./model-formulas.js";
import { predictLeak } from "./model-leak.js";
import { predictNat } from "./model-nat.js";
import { scheduleExhaustionMs, scheduleFromLoad } from "./model-schedule.js";
import { parsePortRange, usablePorts } from "./port-range.js";
import { freshNamespaceDefaults } from "./sysctl-facts.js";

export interface PredictRunInput {
  /** Read back inside the client host; missing names fall back to the profile, then fresh-namespace defaults. */
  readonly sysctls: Sysctls;
  /** Read back inside the server host (timestamps matter); same fallbacks. */
  readonly serverSysctls?: Sysctls;
  readonly profile: Profile;
  readonly client: ConnectionPattern;
  /** The whole offered load (behind a NAT each client host runs its share, with ports of its own). */
  readonly load: LoadSpec;
  /** Overrides the count parsed from ip_local_reserved_ports. */
  readonly reservedPorts?: number;
  /** Ports inside the range that other sockets hold with bind() (a listener, say). */
  readonly boundPorts?: number;
  /** From connect() to close; the p50 request latency is a good value. Default 1 ms. */
  readonly connectionLifetimeMs?: number;
  /** Whether the client binds a source address before connect; default: more than one source address. */
  readonly bindsBeforeConnect?: boolean;
  /** Read back inside a NAT router host (its conntrack timeouts). */
  readonly routerSysctls?: Sysctls;
}

function numberOr(sysctls: Sysctls, name: string, fallback: number): number {
  const value = Number.parseInt(sysctls[name] ?? "", 10);
  return Number.isFinite(value) ? value : fallback;
}

interface PortHold {
  readonly holdMs: number;
  readonly why: string;
  /** tcp_max_tw_buckets when TIME_WAIT is what holds the port. */
  readonly maxTimeWait: number;
}

function clientPortHold(input: PredictRunInput, client: Sysctls, server: Sysctls, binds: boolean): PortHold {
  const close = input.client.kind === "short" ? input.client.close : "server-first";
  if (close === "server-first") {
    return { holdMs: 0, why: "server closes first, no TIME_WAIT on the client", maxTimeWait: Infinity };
  }
  if (close === "reset") return { holdMs: 0, why: "RST close leaves no TIME_WAIT", maxTimeWait: Infinity };
  const reuse = timeWaitReuseApplies({
    twReuse: numberOr(client, "net.ipv4.tcp_tw_reuse", 2),
    topology: input.profile.topology === "loopback" ? "loopback" : "veth",
    clientTimestamps: numberOr(client, "net.ipv4.tcp_timestamps", 1) !== 0,
    serverTimestamps: numberOr(server, "net.ipv4.tcp_timestamps", 1) !== 0,
    bindsBeforeConnect: binds,
  });
  if (reuse) {
    const delay = numberOr(client, "net.ipv4.tcp_tw_reuse_delay", DEFAULT_TW_REUSE_DELAY_MS);
    return {
      holdMs: delay,
      why: `tw_reuse frees a port ${formatMs(delay)} after close`,
      maxTimeWait: Infinity,
    };
  }
  const cap = numberOr(client, "net.ipv4.tcp_max_tw_buckets", Infinity);
  return { holdMs: TIME_WAIT_MS, why: `TIME_WAIT holds a port ${formatMs(TIME_WAIT_MS)}`, maxTimeWait: cap };
}

/** Predicts when a run exhausts its ports and the rate it could sustain (and, behind a NAT, the router's). */
export function predictRun(input: PredictRunInput): ModelPrediction {
  const clientSide = predictClientSide(input);
  const nat = predictNat({
    profile: input.profile,
    routerSysctls: input.routerSysctls,
    client: input.client,
    load: input.load,
    connectionLifetimeMs: input.connectionLifetimeMs,
  });
  return nat === null ? clientSide : { ...clientSide, nat };
}

function predictClientSide(input: PredictRunInput): ModelPrediction {
  const lifetimeMs = input.connectionLifetimeMs ?? DEFAULT_CONNECTION_LIFETIME_MS;
  if (!(lifetimeMs > 0)) {
    const message = `connection lifetime ${lifetimeMs} ms is not positive`;
    throw internalError("MODEL_INPUT", message, "pass a measured latency above 0 ms");
  }
  const load = shareOfLoad(input.load, 0, clientHostCount(input.profile));
  const client = { ...freshNamespaceDefaults, ...input.profile.client.sysctls, ...input.sysctls };
  const server =
    input.profile.topology === "loopback"
      ? { ...client, ...input.serverSysctls }
      : { ...freshNamespaceDefaults, ...input.profile.server.sysctls, ...input.serverSysctls };
  const range = parsePortRange(client["net.ipv4.ip_local_port_range"] ?? "32768 60999");
  const reservedText =
    input.reservedPorts === undefined ? (client["net.ipv4.ip_local_reserved_ports"] ?? "") : "";
  const usable = Math.max(
    0,
    usablePorts(range, reservedText, input.boundPorts ?? 0) - (input.reservedPorts ?? 0),
  );
  const sources = input.profile.client.sourceAddresses;
  const binds = input.bindsBeforeConnect ?? sources > 1;
  const ports = portSpace(usable, sources, input.profile.server.listenPorts, binds);
  const errno = binds ? "EADDRINUSE" : "EADDRNOTAVAIL";
  const base = { usablePorts: usable, portSpace: ports, errno } as const;

  if (input.client.kind !== "short") {
    const connections = Number.isFinite(input.client.connections)
      ? input.client.connections
      : unboundedPoolSize(load, lifetimeMs);
    return predictPooled(connections, load, base, !Number.isFinite(input.client.connections));
  }
  if (input.client.close === "leak") return predictLeak(load, input.client.nofile, base);

  const hold = clientPortHold(input, client, server, binds);
  const cycleMs = lifetimeMs + hold.holdMs;
  const sustainable = sustainableRateWithTimeWaitCap(ports, lifetimeMs, hold.holdMs, hold.maxTimeWait);
  const steady =
    hold.maxTimeWait < ports
      ? `TIME_WAIT capped at ${fmt(hold.maxTimeWait)}, so (${fmt(ports)} − ${fmt(hold.maxTimeWait)}) / ${formatMs(lifetimeMs)} ≈ ${formatRate(sustainable)} conn/s sustainable`
      : `${fmt(ports)} / ${formatMs(cycleMs)} ≈ ${formatRate(sustainable)} conn/s sustainable (${hold.why})`;
  if (load.mode === "concurrency") {
    const reason = `closed loop, offered rate unknown: exhausts above ${formatRate(sustainable)} conn/s; ${steady}`;
    return { ...base, cycleMs, sustainableRate: sustainable, exhaustedAtMs: null, reason };
  }
  const schedule = scheduleFromLoad(load);
  const exhausted = scheduleExhaustionMs(schedule, ports, lifetimeMs, hold.holdMs, hold.maxTimeWait);
  const exhaustedAtMs = exhausted === null ? null : Math.round(exhausted);
  const offered = `${fmt(ports)} ports / ${formatRate(load.rate)} req/s`;
  const outcome =
    exhaustedAtMs === null ? "no exhaustion in this run" : `first ${errno} after ${fmt(exhaustedAtMs)} ms`;
  return {
    ...base,
    cycleMs,
    sustainableRate: sustainable,
    exhaustedAtMs,
    reason: `${offered} → ${outcome}; ${steady}`,
  };
}

/**
 * A pool with no size limit (undici's default Agent) grows to the requests in flight at the peak: the closed
 * loop's concurrency, or rate × latency (at least one) in an open loop, capped by maxInFlight.
 */
export function unboundedPoolSize(load: LoadSpec, lifetimeMs: number): number {
  if (load.mode === "concurrency") return load.concurrency;
  const peak = Math.max(load.rate, load.rampFromRate ?? 0);
  return Math.min(load.maxInFlight, Math.max(1, Math.ceil((peak * lifetimeMs) / 1000)));
}

/** What the model can say of a keep-alive race: it has no network round trip to go on. */
const KEEPALIVE_RACE =
  "a reused idle connection may meet the server's keep-alive close on the wire: about RTT / reuse interval of such reuses fail, which the model does not count";

function predictPooled(
  connections: number,
  load: LoadSpec,
  base: Pick<ModelPrediction, "usablePorts" | "portSpace" | "errno">,
  unbounded = false,
): ModelPrediction {
  const common = { ...base, cycleMs: null, sustainableRate: null };
  const pool = unbounded
    ? `an unbounded pool (~${fmt(connections)} in flight at the peak)`
    : `a pool of ${fmt(connections)}`;
  if (connections <= base.portSpace) {
    const race = unbounded ? `; ${KEEPALIVE_RACE}` : "";
    const reason = `${pool} holds ${fmt(connections)} of ${fmt(base.portSpace)} ports for good: never exhausts${race}`;
    return { ...common, exhaustedAtMs: null, reason };
  }
  // The pool opens a connection per request until full; closed loop opens them all at once.
  const at =
    load.mode === "rate" ? scheduleExhaustionMs(scheduleFromLoad(load), base.portSpace, Infinity, 0) : 0;
  const exhaustedAtMs = at === null ? null : Math.round(at);
  return {
    ...common,
    exhaustedAtMs,
    reason: `${pool} needs more than ${fmt(base.portSpace)} ports`,
  };
}

/** Signed fraction (measured − predicted) / predicted; 0 when both say never, null when not comparable. */
export function deviation(measured: number | null, predicted: number | null): number | null {
  if (measured === null && predicted === null) return 0;
  if (measured === null || predicted === null) return null;
  if (predicted === 0) return measured === 0 ? 0 : null;
  return (measured - predicted) / predicted;
}

function fmt(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

export function formatRate(perSecond: number): string {
  return perSecond >= 10 ? fmt(perSecond) : String(Math.round(perSecond * 10) / 10);
}

/** 61_001 → "61 s", 1_001 → "1 s", 1_500 → "1.5 s", 101 → "101 ms". */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${Math.round(ms / 100) / 10} s`;
}
