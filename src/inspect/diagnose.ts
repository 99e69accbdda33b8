import { release } from "node:os";
import type { StateCounts } from "../core/sample.js";
import { PORTLAB_VERSION } from "../core/version.js";
import { type Change, changesFor } from "./changes.js";
import { interpretKernelParams, type KernelParamValues } from "./kernel-params.js";
import { attributeNewConnections } from "./new-connections.js";
import { freesInMs, lifetimeMsOf, portHoldOf, portOutlook } from "./port-outlook.js";
import { portSpaceOf } from "./port-space.js";
import type { Reading } from "./reading.js";

export interface DestinationReport {
  /** Local (source) address. */
  readonly local: string;
  /** Destination ip:port. */
  readonly remote: string;
  readonly states: StateCounts;
  /** Ports of the usable range this pair's sockets hold. */
  readonly portsInUse: number;
  /** Usable ports minus portsInUse: what connect() can still pick toward this destination from this address. */
  readonly portsLeft: number;
  readonly newPerSec: number;
  /** Seconds until no port is left at this rate; null = holds. */
  readonly exhaustsInS: number | null;
  /** The model's steady rate for this pair: P / (L + hold). */
  readonly sustainablePerSec: number;
  /** How long a port stays held after its connection closes, s, and why. */
  readonly portHoldS: number;
  readonly portHoldReason: string;
  /** For a destination that runs out: the changes that would hold, with their predicted effect. */
  readonly changes: readonly Change[];
}

export interface InboundReport {
  readonly local: string;
  readonly states: StateCounts;
}

export interface TargetDescription {
  readonly kind: "current" | "netns" | "pid";
  readonly name?: string;
  readonly pid?: number;
}

export interface InspectReport {
  readonly portlab: string;
  /** When the later reading was taken. */
  readonly at: string;
  readonly target: TargetDescription;
  readonly kernel: string;
  /** Seconds between the two readings. */
  readonly intervalS: number;
  readonly kernelParams: KernelParamValues;
  readonly ports: {
    readonly low: number;
    readonly high: number;
    readonly reserved: number;
    readonly bound: number;
    readonly usable: number;
  };
  /** Tcp ActiveOpens per second, all destinations. */
  readonly activeOpensPerSec: number;
  /** New connections the tables showed no trace of (see attributeNewConnections). */
  readonly unattributedPerSec: number;
  /** Soonest exhaustion first, then most ports in use. */
  readonly destinations: readonly DestinationReport[];
  /**
   * --nat-ports: the node's SNAT port budget per destination at a NAT gateway. Every connection of a pair holds
   * one of its ports whatever its local port, so portsLeft and the outlook use it instead of the local range.
   */
  readonly natPorts: number | null;
  readonly inbound: readonly InboundReport[];
}

const round1 = (value: number): number => Math.round(value * 10) / 10;

function byUrgency(a: DestinationReport, b: DestinationReport): number {
  const soon = (a.exhaustsInS ?? Infinity) - (b.exhaustsInS ?? Infinity);
  if (soon !== 0 && !Number.isNaN(soon)) return soon;
  return b.portsInUse - a.portsInUse || b.newPerSec - a.newPerSec;
}

/** The diagnosis from two readings of one namespace and its kernel parameters (read with the later one). */
export function diagnose(
  before: Reading,
  after: Reading,
  values: KernelParamValues,
  target: TargetDescription,
  options: { readonly natPorts?: number | null } = {},
): InspectReport {
  const natPorts = options.natPorts ?? null;
  const params = interpretKernelParams(values);
  const space = portSpaceOf(params.range, params.reservedText, after.sockets.boundPorts);
  const rates = attributeNewConnections(before, after);
  const destinations: DestinationReport[] = [];
  for (const [key, group] of after.sockets.destinations) {
    const ratePerSec = rates.perDestination.get(key) ?? 0;
    let inUse = 0;
    for (const port of group.connections.keys()) if (natPorts !== null || space.isUsable(port)) inUse++;
    const hold = portHoldOf(group.states, group.loopback, params);
    const usable = natPorts ?? space.usable;
    const today = {
      usable,
      inUse,
      ratePerSec,
      lifetimeMs: lifetimeMsOf(group.states, ratePerSec),
      hold,
      freesInMs: freesInMs(group.connections, natPorts === null ? space.isUsable : () => true, hold),
    };
    const outlook = portOutlook(today);
    const openNow = group.connections.size - (group.states.TIME_WAIT ?? 0);
    destinations.push({
      local: group.local,
      remote: group.remote,
      states: group.states,
      portsInUse: inUse,
      portsLeft: Math.max(0, usable - inUse),
      newPerSec: round1(ratePerSec),
      exhaustsInS: outlook.exhaustsInMs === null ? null : round1(outlook.exhaustsInMs / 1000),
      sustainablePerSec: round1(outlook.sustainablePerSec),
      portHoldS: hold.holdMs / 1000,
      portHoldReason: hold.why,
      // The local changes (range, reuse) do not widen a gateway's budget: render-text names the gateway's own.
      changes:
        outlook.exhaustsInMs === null || natPorts !== null
          ? []
          : changesFor({ today, space, boundPorts: after.sockets.boundPorts, params, openNow }),
    });
  }
  return {
    portlab: PORTLAB_VERSION,
    at: new Date(after.atMs).toISOString(),
    target,
    kernel: release(),
    intervalS: round1(rates.seconds),
    kernelParams: values,
    ports: {
      low: space.range.low,
      high: space.range.high,
      reserved: space.reserved,
      bound: space.bound,
      usable: space.usable,
    },
    activeOpensPerSec: round1(rates.activeOpensPerSec),
    unattributedPerSec: round1(rates.unattributedPerSec),
    destinations: destinations.sort(byUrgency),
    natPorts,
    inbound: [...after.sockets.inbound.values()].map((group) => ({
      local: group.local,
      states: group.states,
    })),
  };
}
