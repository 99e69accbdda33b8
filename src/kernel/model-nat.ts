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
  const range = profile.nat.portRange ?? KERNEL_NAT_PORTS;
  const ports = range.high - range.low + 1;
  const portSpace = ports * profile.server.listenPorts;
  const hosts = profile.nat.clients;
  const base = { ports, portSpace };

  if (client.kind !== "short") {
    const perHost =
      load.mode === "concurrency"
        ? Math.min(client.connections, Math.ceil(load.concurrency / hosts))
        : client.connections;
    const held = perHost * hosts;
    if (held <= portSpace)
      return {
        ...base,
        holdMs: null,
        sustainableRate: null,
        exhaustedAtMs: null,
        reason: `${hosts} pools hold ${fmt(held)} of ${fmt(portSpace)} NAT ports for good: never runs out`,
      };
    const at =
      load.mode === "rate" ? scheduleExhaustionMs(scheduleFromLoad(load), portSpace, Infinity, 0) : 0;
    return {
      ...base,
      holdMs: null,
      sustainableRate: null,
      exhaustedAtMs: at === null ? null : Math.round(at),
      reason: `${hosts} pools of ${fmt(perHost)} need ${fmt(held)} NAT ports, the router has ${fmt(portSpace)}: the rest of the SYNs are dropped`,
    };
  }

  const routerSysctls = { ...profile.router?.sysctls, ...input.routerSysctls };
  const closing = client.close === "reset" ? "close" : "time_wait";
  const timeoutMs = seconds(routerSysctls, `net.netfilter.nf_conntrack_tcp_timeout_${closing}`) * 1000;
  const lifetimeMs = input.connectionLifetimeMs ?? DEFAULT_CONNECTION_LIFETIME_MS;
  const holdMs = lifetimeMs + timeoutMs;
  const sustainable = (portSpace * 1000) / holdMs;
  const steady = `${fmt(portSpace)} NAT ports / ${fmt(holdMs / 1000)} s (conntrack ${closing.toUpperCase()} ${fmt(timeoutMs / 1000)} s) ≈ ${rate(sustainable)} conn/s for certain; above it closing entries give way to SYNs whose sequence number is ahead`;
  if (load.mode === "concurrency")
    return {
      ...base,
      holdMs,
      sustainableRate: sustainable,
      exhaustedAtMs: null,
      reason: `closed loop, offered rate unknown; ${steady}`,
    };
  // Only open connections hold ports for good: more in flight than ports is what runs the NAT out.
  const at = scheduleExhaustionMs(scheduleFromLoad(load), portSpace, lifetimeMs, 0);
  const exhaustedAtMs = at === null ? null : Math.round(at);
  const outcome =
    exhaustedAtMs === null
      ? "open connections never hold every NAT port"
      : `open connections hold every NAT port after ${fmt(exhaustedAtMs)} ms`;
  return { ...base, holdMs, sustainableRate: sustainable, exhaustedAtMs, reason: `${outcome}; ${steady}` };
}
