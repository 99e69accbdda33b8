import type { ConnectionPattern } from "../core/connection.js";
import type { NatPrediction } from "../core/prediction.js";
import type { PortSpan, Profile, Sysctls } from "../core/profile.js";
import type { LoadSpec } from "../core/scenario.js";
import { DEFAULT_CONNECTION_LIFETIME_MS } from "./model-formulas.js";
import { scheduleExhaustionMs, scheduleFromLoad } from "./model-schedule.js";
import { conntrackDefaults } from "./sysctl-facts.js";

/** Without a port range, masquerade maps to 1024-65535 (and keeps the client's own port when it is free). */
export const KERNEL_NAT_PORTS: PortSpan = { low: 1024, high: 65535 };

export interface PredictNatInput {
  readonly profile: Profile;
  /** Read back in the router host; missing timeouts fall back to the profile, then a fresh namespace's. */
  readonly routerSysctls?: Sysctls;
  readonly client: ConnectionPattern;
  /** The whole offered load, over every client host. */
  readonly load: LoadSpec;
  readonly connectionLifetimeMs?: number;
}

function seconds(sysctls: Sysctls, name: string): number {
  const value = Number.parseInt(sysctls[name] ?? conntrackDefaults[name] ?? "", 10);
  return Number.isFinite(value) ? value : 0;
}

const fmt = (value: number): string => Math.round(value).toLocaleString("en-US");
const rate = (value: number): string => (value >= 10 ? fmt(value) : String(Math.round(value * 10) / 10));

/**
 * The SNAT side of a NAT topology: the router holds one of its ports per conntrack entry, and an entry outlives
 * its connection by the conntrack timeout of the closing state (TIME_WAIT 120 s after FINs, CLOSE 10 s after an
 * RST). With P ports that sustains P / (L + timeout) new connections per second for certain. Above it, Linux 6.x
 * lets a new SYN take over a port whose entry is closing (TIME_WAIT or CLOSE) when its sequence number is ahead
 * of the old connection's (always from the same client host, about half the time from another), so short
 * connections mostly get through (a SYN is dropped only when no port of the range can be taken over). What the
 * NAT cannot take back are open connections: a pool of N in each of H client hosts holds N × H ports for good,
 * and SYNs beyond P are dropped (conntrack insert_failed / drop). Null for a profile without a NAT.
 */
export function predictNat(input: PredictNatInput): NatPrediction | null {
  const { profile, client, load } = input;
  if (profile.topology !== "nat" || !profile.nat) return null;
  const nat = profile.nat;
  const range = nat.portRange ?? KERNEL_NAT_PORTS;
  const ports = range.high - range.low + 1;
  const hosts = nat.clients;
  const perHost = nat.perClient === true;
  // Per destination: each host's own block (a per-VM allocation), or one range all hosts share.
  const portSpace = ports * profile.server.listenPorts;
  const totalSpace = perHost ? portSpace * hosts : portSpace;
  const gateway = nat.gateway;
  const base = { ports, portSpace, ...(perHost ? { perHost } : {}), ...(gateway ? { gateway } : {}) };

  if (client.kind !== "short") {
    const pool =
      load.mode === "concurrency"
        ? Math.min(client.connections, Math.ceil(load.concurrency / hosts))
        : client.connections;
    const held = pool * hosts;
    const gatewayField = gateway ? { gatewayRunsOutAfterMs: null } : {};
    const fits = perHost ? pool <= portSpace : held <= portSpace;
    const holding = perHost
      ? `each of ${hosts} client hosts holds ${fmt(pool)} of its own ${fmt(portSpace)} NAT ports`
      : `${hosts} pools hold ${fmt(held)} of ${fmt(portSpace)} NAT ports`;
    if (fits)
      return {
        ...base,
        holdMs: null,
        sustainableRate: null,
        exhaustedAtMs: null,
        ...gatewayField,
        reason: `${holding} for good: never runs out`,
      };
    const at =
      load.mode === "rate" ? scheduleExhaustionMs(scheduleFromLoad(load), totalSpace, Infinity, 0) : 0;
    const exhaustedAtMs = at === null ? null : Math.round(at);
    return {
      ...base,
      holdMs: null,
      sustainableRate: null,
      exhaustedAtMs,
      ...(gateway ? { gatewayRunsOutAfterMs: exhaustedAtMs } : {}),
      reason: perHost
        ? `a pool of ${fmt(pool)} in each client host needs ${fmt(pool)} NAT ports, each host has ${fmt(portSpace)} of its own: the rest of the SYNs are dropped`
        : `${hosts} pools of ${fmt(pool)} need ${fmt(held)} NAT ports, the router has ${fmt(portSpace)}: the rest of the SYNs are dropped`,
    };
  }

  const routerSysctls = { ...profile.router?.sysctls, ...input.routerSysctls };
  const closing = client.close === "reset" ? "close" : "time_wait";
  const timeoutMs = seconds(routerSysctls, `net.netfilter.nf_conntrack_tcp_timeout_${closing}`) * 1000;
  const lifetimeMs = input.connectionLifetimeMs ?? DEFAULT_CONNECTION_LIFETIME_MS;
  const holdMs = lifetimeMs + timeoutMs;
  const sustainable = (totalSpace * 1000) / holdMs;
  const budget = perHost ? `${hosts} × ${fmt(portSpace)}` : fmt(portSpace);
  const steady = `${budget} NAT ports / ${fmt(holdMs / 1000)} s (conntrack ${closing.toUpperCase()} ${fmt(timeoutMs / 1000)} s) ≈ ${rate(sustainable)} conn/s for certain`;
  const eviction =
    "; above it this Linux router gives closing entries to SYNs whose sequence number is ahead";
  const gatewayField = gateway
    ? { gatewayRunsOutAfterMs: gatewayRunsOutAfterMs(load, totalSpace, holdMs) }
    : {};
  const gatewayText =
    gatewayField.gatewayRunsOutAfterMs === undefined
      ? ""
      : gatewayField.gatewayRunsOutAfterMs === null
        ? `; ${gateway} never runs out at this rate`
        : `; ${gateway}, which keeps a closed connection's port for its timeout, runs out after ${fmtSeconds(gatewayField.gatewayRunsOutAfterMs)} at ${rate(offeredRate(load) ?? 0)} conn/s (P / r), a pool of fewer connections than ports never does`;
  if (load.mode === "concurrency")
    return {
      ...base,
      holdMs,
      sustainableRate: sustainable,
      exhaustedAtMs: null,
      ...gatewayField,
      reason: `closed loop, offered rate unknown; ${steady}${eviction}`,
    };
  // Only open connections hold ports for good: more in flight than ports is what runs the NAT out.
  const at = scheduleExhaustionMs(scheduleFromLoad(load), totalSpace, lifetimeMs, 0);
  const exhaustedAtMs = at === null ? null : Math.round(at);
  const outcome =
    exhaustedAtMs === null
      ? "open connections never hold every NAT port"
      : `open connections hold every NAT port after ${fmt(exhaustedAtMs)} ms`;
  return {
    ...base,
    holdMs,
    sustainableRate: sustainable,
    exhaustedAtMs,
    ...gatewayField,
    reason: `${outcome}; ${steady}${eviction}${gatewayText}`,
  };
}

function offeredRate(load: LoadSpec): number | null {
  return load.mode === "rate" ? load.rate : null;
}

function fmtSeconds(ms: number): string {
  return ms < 100_000 ? `${Math.round(ms / 100) / 10} s` : `${fmt(ms / 1000)} s`;
}

/**
 * A cloud gateway does not hand a closing mapping to a new SYN: each connection keeps its port for L + the
 * closing timeout. At a steady offered rate r the ports held grow as r·t until the first ones free at L + T, so
 * with P ports they run out at P / r when r > P / (L + T), however long the run is; null below that (or in a
 * closed loop, whose rate is not known beforehand).
 */
export function gatewayRunsOutAfterMs(load: LoadSpec, ports: number, holdMs: number): number | null {
  const r = offeredRate(load);
  if (r === null || r <= 0 || r * (holdMs / 1000) <= ports) return null;
  return Math.round((ports / r) * 1000);
}
