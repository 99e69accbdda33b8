import type { CloseMode } from "../core/connection.js";
import { getProfile } from "../kernel/profile-library.js";
import { shortSysctlName } from "../kernel/sysctl-name.js";
import type { FlagKey } from "./client-kind.js";
import { type ClientKinds, joinOr } from "./client-kinds.js";
import { scenarioDefaults } from "./defaults.js";
import type { ScenarioIssue } from "./issues.js";
import { splitCommandLine } from "./split-command.js";
import { expandSysctlName, portRangeSysctl } from "./sysctl.js";

/** k6-style shortcuts. Each is rewritten into the raw scenario document; absent (undefined) means "keep". */
export interface ScenarioFlags {
  /** A client kind that a scenario may name bare (`short`, `pooled`, …). */
  readonly client?: string;
  readonly close?: CloseMode;
  readonly rate?: number;
  readonly concurrency?: number;
  readonly connections?: number;
  /** The client worker's open-file limit, on every client. */
  readonly nofile?: number;
  readonly duration?: string;
  /** "LOW-HIGH": net.ipv4.ip_local_port_range on the client host of every profile. */
  readonly portRange?: string;
  /** "NAME=VALUE" each: set on the client host of every profile. */
  readonly sysctl?: readonly string[];
  /** Library profile names, or names of inline profiles in the base scenario; replaces the list. */
  readonly profile?: readonly string[];
  /** How the hosts are made: sandbox.driver. */
  readonly driver?: string;
  /** Hosts to capture packets in (client, server, router, all): capture's hosts. */
  readonly capture?: readonly string[];
  /** Your own client program as one line (`java -jar loadtest.jar`), split like a shell splits it: replaces the clients. */
  readonly clientCommand?: string;
  /** `strace`: observe the command client's failed connect() calls. */
  readonly clientErrors?: string;
}

export interface FlagWrite {
  readonly flag: string;
  readonly path: readonly PropertyKey[];
}

export interface RewrittenDocument {
  readonly raw: Record<string, unknown>;
  /** Where each flag wrote, so a problem there is reported under the flag's name. */
  readonly writes: readonly FlagWrite[];
  /** Flag syntax problems found while rewriting (paths are among `writes`). */
  readonly issues: readonly ScenarioIssue[];
}

type Mapping = Record<string, unknown>;
const isMapping = (value: unknown): value is Mapping =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Merges flags into a copy of a raw scenario document; the schema then checks the result like a file. */
export function rewriteFlags(
  base: Readonly<Mapping>,
  flags: ScenarioFlags,
  kinds: ClientKinds,
): RewrittenDocument {
  const raw = structuredClone(base) as Mapping;
  const writes: FlagWrite[] = [];
  const issues: ScenarioIssue[] = [];
  const context: RewriteContext = {
    raw,
    kinds,
    mark: (flag, path) => writes.push({ flag, path }),
    problem: (flag, path, message) => {
      writes.push({ flag, path });
      issues.push({ path, message });
    },
  };
  rewriteLoad(context, flags);
  rewriteClients(context, flags);
  rewriteCommandClient(context, flags);
  rewriteProfiles(context, flags);
  rewriteSandbox(context, flags);
  rewriteCapture(context, flags);
  return { raw, writes, issues };
}

interface RewriteContext {
  readonly raw: Mapping;
  readonly kinds: ClientKinds;
  readonly mark: (flag: string, path: readonly PropertyKey[]) => void;
  readonly problem: (flag: string, path: readonly PropertyKey[], message: string) => void;
}

function rewriteLoad({ raw, mark }: RewriteContext, flags: ScenarioFlags): void {
  if (flags.rate === undefined && flags.concurrency === undefined && flags.duration === undefined) return;
  const load: Mapping = isMapping(raw.load) ? raw.load : {};
  // Switching loop mode drops the other mode's keys; giving both is left for the schema to refuse.
  if (flags.rate !== undefined) {
    if (flags.concurrency === undefined) delete load.concurrency;
    load.rate = flags.rate;
    mark("--rate", ["load", "rate"]);
  }
  if (flags.concurrency !== undefined) {
    if (flags.rate === undefined)
      for (const key of ["rate", "rampFrom", "ramp", "maxInFlight"]) delete load[key];
    load.concurrency = flags.concurrency;
    mark("--concurrency", ["load", "concurrency"]);
  }
  if (flags.duration !== undefined) {
    load.duration = flags.duration;
    mark("--duration", ["load", "duration"]);
  }
  raw.load = load;
}

function rewriteClients({ raw, kinds, mark, problem }: RewriteContext, flags: ScenarioFlags): void {
  if (flags.client !== undefined) {
    const entry: Mapping = { kind: flags.client };
    mark("--client", ["clients"]);
    if (flags.close !== undefined) {
      if (kinds.takes(flags.client, "close")) {
        entry.close = flags.close;
        mark("--close", ["clients", 0, "close"]);
      } else
        problem(
          "--close",
          ["clients", 0, "close"],
          `applies to --client ${joinOr(kinds.taking("close"))} only (who closes a short connection first)`,
        );
    }
    if (flags.connections !== undefined) {
      if (kinds.takes(flags.client, "connections")) {
        entry.connections = flags.connections;
        mark("--connections", ["clients", 0, "connections"]);
      } else
        problem(
          "--connections",
          ["clients", 0, "connections"],
          `applies to --client ${joinOr(kinds.taking("connections"))} only (the pool size)`,
        );
    }
    if (flags.nofile !== undefined) {
      entry.nofile = flags.nofile;
      mark("--nofile", ["clients", 0, "nofile"]);
    }
    raw.clients = [entry];
    return;
  }
  if (flags.close === undefined && flags.connections === undefined && flags.nofile === undefined) return;
  const listed = Array.isArray(raw.clients) ? raw.clients : scenarioDefaults.clients;
  const clients: Mapping[] = listed.map((entry) => (isMapping(entry) ? { ...entry } : { kind: entry }));
  // Written to the clients whose kind takes the key; an entry of no listed kind is the schema's to refuse, and
  // gets --nofile all the same (so the problem reported is its kind, not "no client").
  const setOn = (flag: string, key: FlagKey, value: unknown, none: string) => {
    const applies = (kind: unknown) => kinds.takes(kind, key) ?? key === "nofile";
    const indexes = clients.flatMap((client, index) => (applies(client.kind) ? [index] : []));
    if (indexes.length === 0) problem(flag, ["clients"], none);
    for (const index of indexes) {
      (clients[index] as Mapping)[key] = value;
      mark(flag, ["clients", index, key]);
    }
  };
  const noneTaking = (key: FlagKey) => {
    const taking = kinds.taking(key);
    return `the scenario has no ${joinOr(taking)} client to apply it to; add --client ${taking[0]}`;
  };
  if (flags.close !== undefined) setOn("--close", "close", flags.close, noneTaking("close"));
  if (flags.connections !== undefined)
    setOn("--connections", "connections", flags.connections, noneTaking("connections"));
  if (flags.nofile !== undefined)
    setOn("--nofile", "nofile", flags.nofile, "the scenario has no client of portlab's own to apply it to");
  raw.clients = clients;
}

/** --client-command replaces the clients with the user's program; --client-errors applies to command clients. */
function rewriteCommandClient({ raw, kinds, mark, problem }: RewriteContext, flags: ScenarioFlags): void {
  if (flags.clientCommand !== undefined) {
    if (flags.nofile !== undefined) {
      problem("--nofile", ["--nofile"], "applies to portlab's own clients, not to --client-command");
      return;
    }
    if (flags.client !== undefined) {
      problem(
        "--client-command",
        ["--client-command"],
        "replaces the clients, like --client: give one of them",
      );
      return;
    }
    const split = splitCommandLine(String(flags.clientCommand));
    if (!split.ok) {
      problem("--client-command", ["--client-command"], split.message);
      return;
    }
    raw.clients = [{ kind: "command", run: [...split.argv] }];
    mark("--client-command", ["clients"]);
  }
  if (flags.clientErrors === undefined) return;
  const listed: unknown[] = Array.isArray(raw.clients) ? raw.clients : [];
  const commands = listed.flatMap((entry, index) =>
    isMapping(entry) && kinds.takes(entry.kind, "errors") ? [index] : [],
  );
  if (commands.length === 0) {
    problem("--client-errors", ["--client-errors"], "applies to a command client only; add --client-command");
    return;
  }
  raw.clients = listed.map((entry, index) =>
    commands.includes(index) ? { ...(entry as Mapping), errors: flags.clientErrors } : entry,
  );
  for (const index of commands) mark("--client-errors", ["clients", index, "errors"]);
}

function rewriteSandbox({ raw, mark }: RewriteContext, flags: ScenarioFlags): void {
  if (flags.driver === undefined) return;
  raw.sandbox = { ...(isMapping(raw.sandbox) ? raw.sandbox : {}), driver: flags.driver };
  mark("--driver", ["sandbox", "driver"]);
}

/** --capture replaces the hosts and keeps the file's caps. */
function rewriteCapture({ raw, mark }: RewriteContext, flags: ScenarioFlags): void {
  if (flags.capture === undefined) return;
  const hosts = [...flags.capture];
  if (isMapping(raw.capture)) {
    raw.capture = { ...raw.capture, hosts };
    mark("--capture", ["capture", "hosts"]);
  } else {
    raw.capture = hosts;
    mark("--capture", ["capture"]);
  }
}

interface SysctlWrite {
  readonly flag: string;
  readonly name: string;
  readonly value: string;
}

function rewriteProfiles(context: RewriteContext, flags: ScenarioFlags): void {
  const { raw, mark } = context;
  if (flags.profile !== undefined) {
    const inlineByName = new Map<unknown, unknown>();
    for (const entry of Array.isArray(raw.profiles) ? raw.profiles : [])
      if (isMapping(entry)) inlineByName.set(entry.name, entry);
    raw.profiles = flags.profile.map((name) => inlineByName.get(name) ?? name);
    mark("--profile", ["profiles"]);
  }
  const writes = sysctlWrites(context, flags);
  if (writes.length === 0) return;
  const listed: readonly unknown[] = Array.isArray(raw.profiles) ? raw.profiles : scenarioDefaults.profiles;
  const suffix = ` (flags: ${writes.map((write) => `${shortSysctlName(write.name)}=${write.value}`).join(", ")})`;
  raw.profiles = listed.map((entry, index) => {
    const profile: Mapping = isMapping(entry) ? { ...entry } : { name: entry, extends: entry };
    const client: Mapping = isMapping(profile.client) ? { ...profile.client } : {};
    const sysctls: Mapping = isMapping(client.sysctls) ? { ...client.sysctls } : {};
    for (const write of writes) {
      // The file may spell the same sysctl short (tcp_tw_reuse) or long; the flag replaces either.
      for (const key of Object.keys(sysctls)) {
        const expanded = expandSysctlName(key);
        if (expanded.ok && expanded.value === write.name) delete sysctls[key];
      }
      sysctls[write.name] = write.value;
      mark(write.flag, ["profiles", index, "client", "sysctls", write.name]);
    }
    client.sysctls = sysctls;
    profile.client = client;
    profile.explanation = `${baseExplanation(profile)}${suffix}`;
    mark(writes[0]?.flag ?? "--sysctl", ["profiles", index, "explanation"]);
    return profile;
  });
}

/** The --port-range and --sysctl values as full sysctl names and raw values (the schema checks the values). */
function sysctlWrites({ problem }: RewriteContext, flags: ScenarioFlags): SysctlWrite[] {
  const writes: SysctlWrite[] = [];
  if (flags.portRange !== undefined) {
    const match = /^\s*(\d{1,5})\s*-\s*(\d{1,5})\s*$/.exec(String(flags.portRange));
    if (match) writes.push({ flag: "--port-range", name: portRangeSysctl, value: `${match[1]} ${match[2]}` });
    else
      problem(
        "--port-range",
        ["--port-range"],
        `must be LOW-HIGH, e.g. 40000-40999, got ${JSON.stringify(String(flags.portRange))}`,
      );
  }
  for (const setting of flags.sysctl ?? []) {
    const text = String(setting);
    const equals = text.indexOf("=");
    if (equals <= 0) {
      problem(
        "--sysctl",
        ["--sysctl"],
        `must be NAME=VALUE, e.g. net.ipv4.tcp_tw_reuse=1, got ${JSON.stringify(text)}`,
      );
      continue;
    }
    const name = expandSysctlName(text.slice(0, equals).trim());
    if (!name.ok) {
      problem("--sysctl", ["--sysctl"], name.message);
      continue;
    }
    const clash = writes.find((write) => write.name === name.value);
    if (clash) {
      problem("--sysctl", ["--sysctl"], `${name.value} is already set by ${clash.flag}; give it once`);
      continue;
    }
    writes.push({ flag: "--sysctl", name: name.value, value: text.slice(equals + 1).trim() });
  }
  return writes;
}

function baseExplanation(profile: Mapping): string {
  if (typeof profile.explanation === "string") return profile.explanation;
  const base = typeof profile.extends === "string" ? getProfile(profile.extends) : undefined;
  return base?.explanation ?? "";
}
