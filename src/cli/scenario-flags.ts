import type { Options } from "yargs";
import { packagePath } from "../core/package-root.js";
import type { Scenario } from "../core/scenario.js";
import { scenarios } from "../engine/scenarios.js";
import type { ScenarioFlags } from "../scenario/index.js";

export const DEFAULT_SCENARIO = packagePath("scenarios", "short-vs-pooled.yaml");

/** k6-style shortcuts: each one is rewritten into the scenario, so a run needs no file. */
export const scenarioFlagOptions = {
  client: { type: "string", choices: scenarios.catalog.clients.shorthands(), describe: "client kind" },
  close: {
    type: "string",
    choices: ["client-first", "server-first", "reset", "leak"],
    describe: "who closes a short connection first",
  },
  rate: { type: "number", describe: "new requests per second (open loop)" },
  concurrency: { type: "number", describe: "requests in flight (closed loop)" },
  connections: { type: "number", describe: "pool size of the pooled and autocannon clients" },
  nofile: { type: "number", describe: "open-file limit of the client worker (RLIMIT_NOFILE)" },
  "client-command": {
    type: "string",
    describe: "your own client program, e.g. 'java -jar loadtest.jar' (split like a shell, never run by one)",
  },
  "client-errors": {
    type: "string",
    choices: ["strace"],
    describe: "observe the command client's failed connect() calls with strace",
  },
  duration: { type: "string", describe: "load duration, e.g. 10s" },
  "port-range": { type: "string", describe: "client host ip_local_port_range, LOW-HIGH" },
  sysctl: { type: "string", array: true, describe: "client host kernel parameter NAME=VALUE (repeatable)" },
  profile: { type: "string", array: true, describe: "profile name from the library (repeatable)" },
  driver: {
    type: "string",
    choices: scenarios.catalog.drivers.names(),
    describe: `how the hosts are made: ${scenarios.catalog.drivers.all.map((driver) => `${driver.name} (${driver.description})`).join(", ")}`,
  },
  capture: {
    type: "string",
    array: true,
    choices: ["client", "server", "router", "all"],
    describe:
      "capture packets (tcpdump, headers only) in these hosts: <host>-<run>.pcap in the run directory",
  },
  unbounded: {
    type: "boolean",
    default: false,
    describe: "lift the safety limits on rate, duration, run count and capture size",
  },
} as const satisfies Record<string, Options>;

export interface ScenarioCommandLine {
  scenario?: string;
  client?: string;
  close?: string;
  rate?: number;
  concurrency?: number;
  connections?: number;
  nofile?: number;
  "client-command"?: string;
  "client-errors"?: string;
  duration?: string;
  "port-range"?: string;
  sysctl?: string[];
  profile?: string[];
  driver?: string;
  capture?: string[];
  unbounded: boolean;
}

function flagsOf(args: ScenarioCommandLine): ScenarioFlags {
  return {
    client: args.client,
    close: args.close,
    rate: args.rate,
    concurrency: args.concurrency,
    connections: args.connections,
    nofile: args.nofile,
    clientCommand: args["client-command"],
    clientErrors: args["client-errors"],
    duration: args.duration,
    portRange: args["port-range"],
    sysctl: args.sysctl,
    profile: args.profile,
    driver: args.driver,
    capture: args.capture,
  } as ScenarioFlags;
}

function hasScenarioFlags(flags: ScenarioFlags): boolean {
  return Object.values(flags).some((value) => value !== undefined);
}

/**
 * The scenario a command line describes: the file (or the default scenario when neither a file nor any flag is
 * given), with the flags rewritten over it.
 */
export async function scenarioFromCommandLine(args: ScenarioCommandLine): Promise<Scenario> {
  const flags = flagsOf(args);
  const options = { unbounded: args.unbounded, unboundedFlag: "--unbounded" };
  const file = args.scenario ?? (hasScenarioFlags(flags) ? null : DEFAULT_SCENARIO);
  const base = file === null ? null : await scenarios.loadFile(file, options);
  return hasScenarioFlags(flags) ? scenarios.applyFlags(base, flags, options) : (base as Scenario);
}
