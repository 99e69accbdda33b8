import type { CompareSpec, Tolerance } from "../core/compare-spec.js";
import { internalError } from "../core/errors.js";
import type { Profile } from "../core/profile.js";
import type { CaptureRole, CaptureSpec, LoadSpec, Scenario } from "../core/scenario.js";
import { getProfile } from "../kernel/profile-library.js";
import type { ClientKinds } from "./client-kinds.js";
import { blankProfile, scenarioDefaults } from "./defaults.js";
import type { ActiveLimits } from "./limits.js";
import type { ValidatedInput } from "./schema.js";

type RawClient = NonNullable<ValidatedInput["clients"]>[number];
type RawProfile = NonNullable<ValidatedInput["profiles"]>[number];
type RawLoad = NonNullable<ValidatedInput["load"]>;

/** Validated raw document → Scenario: defaults filled in, shorthands expanded, profiles resolved. */
export function normaliseScenario(input: ValidatedInput, limits: ActiveLimits, kinds: ClientKinds): Scenario {
  const server = input.server ?? {};
  const defaults = scenarioDefaults;
  return {
    name: input.name,
    description: input.description ?? "",
    sandbox: {
      driver: input.sandbox?.driver ?? defaults.sandbox.driver,
      subnet: input.sandbox?.subnet ?? defaults.sandbox.subnet,
    },
    server: {
      program:
        server.image !== undefined
          ? { kind: "image", image: server.image, env: server.env ?? {} }
          : server.command !== undefined
            ? { kind: "command", argv: server.command, env: server.env ?? {}, user: server.user ?? null }
            : { kind: "nginx" },
      readyTimeoutMs: server.readyTimeout ?? defaults.server.readyTimeoutMs,
      port: server.port ?? defaults.server.port,
      workers: server.workers ?? defaults.server.workers,
      keepaliveTimeoutS:
        server.keepaliveTimeout === undefined
          ? defaults.server.keepaliveTimeoutS
          : server.keepaliveTimeout / 1000,
      keepaliveRequests: server.keepaliveRequests ?? defaults.server.keepaliveRequests,
      backlog: server.backlog ?? defaults.server.backlog,
      bodyBytes: server.bodyBytes ?? defaults.server.bodyBytes,
    },
    load: normaliseLoad(input.load ?? {}, limits),
    clients: (input.clients ?? (defaults.clients as readonly RawClient[])).map((entry) =>
      kinds.normalise(entry),
    ),
    profiles: (input.profiles ?? (defaults.profiles as readonly RawProfile[])).map(resolveProfile),
    thresholds: (input.thresholds ?? []).map((threshold) => ({
      profile: threshold.profile ?? null,
      client: threshold.client ?? null,
      exhausted: threshold.exhausted ?? null,
      minOkPerSec: threshold.minOkPerSec ?? null,
      maxFailed: threshold.maxFailed ?? null,
    })),
    compare: normaliseCompare(input.compare),
    capture: normaliseCapture(input.capture),
  };
}

/** Capture caps when the scenario gives none: a header-only file stays under 10 MB. */
export const captureDefaults = { packets: 100_000, megabytes: 10, snapLength: 96 } as const;

function normaliseCapture(section: ValidatedInput["capture"]): CaptureSpec | null {
  if (section === undefined) return null;
  const mapping = typeof section === "object" && !Array.isArray(section) ? section : null;
  const hosts = mapping ? mapping.hosts : section;
  const listed = (Array.isArray(hosts) ? hosts : [hosts]) as readonly string[];
  const all: readonly CaptureRole[] = ["client", "server", "router"];
  const roles = all.filter((role) => listed.includes(role) || listed.includes("all"));
  return {
    roles,
    packets: mapping?.packets ?? captureDefaults.packets,
    bytes: Math.round((mapping?.megabytes ?? captureDefaults.megabytes) * 1_000_000),
    snapLength: captureDefaults.snapLength,
  };
}

function normaliseCompare(section: ValidatedInput["compare"]): CompareSpec {
  const { tolerance, ...metrics } = section ?? {};
  const named = Object.entries(metrics).filter(([, value]) => value !== undefined);
  return { tolerance: tolerance ?? null, metrics: Object.fromEntries(named) as Record<string, Tolerance> };
}

function normaliseLoad(load: RawLoad, limits: ActiveLimits): LoadSpec {
  const durationMs = load.duration ?? scenarioDefaults.load.durationMs;
  const requestTimeoutMs = load.timeout ?? scenarioDefaults.load.requestTimeoutMs;
  if (load.concurrency !== undefined) {
    const maxRequests = load.maxRequests ?? limits.values?.maxRequests ?? Number.MAX_SAFE_INTEGER;
    return { mode: "concurrency", concurrency: load.concurrency, durationMs, maxRequests, requestTimeoutMs };
  }
  const rate = load.rate ?? scenarioDefaults.load.rate;
  const rampFromRate = load.rampFrom ?? null;
  return {
    mode: "rate",
    rate,
    rampFromRate,
    rampMs: rampFromRate === null ? 0 : (load.ramp ?? 0),
    durationMs,
    maxRequests: load.maxRequests ?? derivedMaxRequests(Math.max(rate, rampFromRate ?? 0), durationMs),
    requestTimeoutMs,
    maxInFlight: load.maxInFlight ?? scenarioDefaults.load.maxInFlight,
  };
}

/** Peak rate × duration with headroom, rounded up (and rounded first so 2000 × 10 s × 1.1 is 22000). */
export function derivedMaxRequests(peakRate: number, durationMs: number): number {
  const exact = (peakRate * durationMs * scenarioDefaults.maxRequestsHeadroom) / 1000;
  return Math.max(1, Math.ceil(Number(exact.toFixed(6))));
}

function libraryProfile(name: string): Profile {
  const profile = getProfile(name);
  // The schema checked the name; reaching this means the library changed under a running parse.
  if (profile === undefined)
    throw internalError("PROFILE_VANISHED", `profile ${name} is not in the library`, "report this as a bug");
  return profile;
}

/** Client hosts behind a NAT router when a `topology: nat` profile does not say. */
export const DEFAULT_NAT_CLIENTS = 2;

function natFields(entry: Exclude<RawProfile, string>, base: Profile): Pick<Profile, "nat" | "router"> {
  return {
    nat: {
      clients: entry.nat?.clients ?? base.nat?.clients ?? DEFAULT_NAT_CLIENTS,
      portRange:
        entry.nat?.portRange !== undefined ? { ...entry.nat.portRange } : (base.nat?.portRange ?? null),
      ...(base.nat?.perClient ? { perClient: true } : {}),
      ...(base.nat?.gateway ? { gateway: base.nat.gateway } : {}),
    },
    router: { sysctls: { ...base.router?.sysctls, ...entry.router?.sysctls } },
  };
}

function resolveProfile(entry: RawProfile): Profile {
  if (typeof entry === "string") return structuredClone(libraryProfile(entry));
  const base = entry.extends === undefined ? blankProfile(entry.name, "") : libraryProfile(entry.extends);
  const topology = entry.topology ?? base.topology;
  return {
    name: entry.name,
    explanation: entry.explanation ?? base.explanation,
    topology,
    ...(topology === "nat" ? natFields(entry, base) : {}),
    client: {
      sysctls: { ...base.client.sysctls, ...entry.client?.sysctls },
      sourceAddresses: entry.client?.sourceAddresses ?? base.client.sourceAddresses,
    },
    server: {
      sysctls: { ...base.server.sysctls, ...entry.server?.sysctls },
      listenPorts: entry.server?.listenPorts ?? base.server.listenPorts,
    },
    ifUnavailable: entry.ifUnavailable ?? base.ifUnavailable,
  };
}
