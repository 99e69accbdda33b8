import type { Scenario } from "../core/scenario.js";
import { getProfile } from "../kernel/profile-library.js";
import type { ScenarioCatalog } from "./catalog.js";
import { type ClientKinds, joinOr } from "./client-kinds.js";
import type { Drivers } from "./driver-capabilities.js";
import type { ScenarioIssue } from "./issues.js";
import { type ActiveLimits, overLimitMessage } from "./limits.js";
import { captureSizeIssues } from "./rules-capture.js";
import { clientImageIssues } from "./rules-client-image.js";
import { natIssues } from "./rules-nat.js";
import type { ValidatedInput } from "./schema.js";

/** Rules across fields, checked on the normalised scenario (its lists are in raw-document order). */
export function scenarioRuleIssues(
  input: ValidatedInput,
  scenario: Scenario,
  limits: ActiveLimits,
  catalog: ScenarioCatalog,
): ScenarioIssue[] {
  const kinds = catalog.clients;
  return [
    ...profileNameIssues(input, scenario),
    ...duplicateClientIssues(scenario),
    ...serverDriverIssues(input, scenario, catalog.drivers),
    ...clientImageIssues(scenario, catalog.drivers),
    ...natIssues(input, scenario, catalog),
    ...sizeIssues(input, scenario, limits),
    ...captureSizeIssues(input, scenario, limits),
    ...thresholdIssues(scenario, kinds),
  ];
}

/** How each kind of your own server runs, as the message names it. */
const SERVER_KINDS: Readonly<Record<"image" | "command", string>> = {
  image: "runs as a container",
  command: "starts a program inside the server host",
};

/** Your own server runs one way per driver: each driver says which servers it can run. */
function serverDriverIssues(input: ValidatedInput, scenario: Scenario, drivers: Drivers): ScenarioIssue[] {
  const { program } = scenario.server;
  const name = scenario.sandbox.driver;
  const driver = drivers.named(name);
  if (program.kind !== "nginx" && driver !== undefined && !driver.servers.includes(program.kind)) {
    const able = drivers.running(program.kind);
    const instead = driver.servers.filter((kind) => kind !== "nginx").map((kind) => `server.${kind}`);
    const otherwise = instead.length > 0 ? `; under ${name} use ${joinOr(instead)}` : "";
    return [
      {
        path: ["server", program.kind],
        message: `${SERVER_KINDS[program.kind]}: it needs sandbox.driver ${joinOr(able)} (--driver ${able[0]}), not ${name}${otherwise}`,
      },
    ];
  }
  if (program.kind === "nginx" && input.server?.env !== undefined)
    return [
      {
        path: ["server", "env"],
        message: "applies to your own server only (server.image or server.command)",
      },
    ];
  return [];
}

/** A threshold that can match no run would pass silently: refuse it. */
function thresholdIssues(scenario: Scenario, kinds: ClientKinds): ScenarioIssue[] {
  const profiles = scenario.profiles.map((profile) => profile.name);
  const names = scenario.clients.flatMap((client) => kinds.thresholdNames(client));
  // The user's programs: portlab sees none of their requests, and their errors only when traced.
  const programs = scenario.clients.filter((client) => !kinds.runsInClientWorker(client));
  return scenario.thresholds.flatMap((threshold, index): ScenarioIssue[] => {
    const judged = programs.filter((client) => threshold.client === null || threshold.client === client.kind);
    const path = ["thresholds", index];
    const [program] = judged;
    if (program && (threshold.minOkPerSec !== null || threshold.maxFailed !== null)) {
      return [
        {
          path: [...path, threshold.minOkPerSec !== null ? "minOkPerSec" : "maxFailed"],
          message: `judges a ${program.kind} client, whose requests portlab does not observe; name another client (client: …) or remove it`,
        },
      ];
    }
    const unobserved = judged.find((client) => kinds.of(client).errors(client) === "unobserved");
    if (unobserved && threshold.exhausted !== null) {
      return [
        {
          path: [...path, "exhausted"],
          message: `judges a ${unobserved.kind} client whose errors are not observed; give that client errors: strace, or name another client`,
        },
      ];
    }
    if (threshold.profile !== null && !profiles.includes(threshold.profile)) {
      return [
        {
          path: ["thresholds", index, "profile"],
          message: `names no profile of this scenario; use one of ${profiles.join(", ")}`,
        },
      ];
    }
    if (threshold.client !== null && !names.includes(threshold.client)) {
      return [
        {
          path: ["thresholds", index, "client"],
          message: `names no client of this scenario; use one of ${[...new Set(names)].join(", ")}`,
        },
      ];
    }
    return [];
  });
}

function profileNameIssues(input: ValidatedInput, scenario: Scenario): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const firstIndex = new Map<string, number>();
  scenario.profiles.forEach((profile, index) => {
    const entry = input.profiles?.[index];
    const inline = typeof entry === "object" && entry !== null;
    const path = inline ? ["profiles", index, "name"] : ["profiles", index];
    const earlier = firstIndex.get(profile.name);
    if (earlier !== undefined) {
      issues.push({
        path,
        message: `profile ${JSON.stringify(profile.name)} is listed twice (also profiles[${earlier}]); each profile runs once, so give each a different name`,
      });
      return;
    }
    firstIndex.set(profile.name, index);
    if (inline && getProfile(entry.name) !== undefined && entry.extends !== entry.name) {
      issues.push({
        path,
        message: `${JSON.stringify(entry.name)} is a library profile; choose another name, or add \`extends: ${entry.name}\` to change it`,
      });
    }
  });
  return issues;
}

function duplicateClientIssues(scenario: Scenario): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const seen = new Map<string, number>();
  scenario.clients.forEach((client, index) => {
    const key = JSON.stringify(client);
    const earlier = seen.get(key);
    if (earlier === undefined) seen.set(key, index);
    else
      issues.push({
        path: ["clients", index],
        message: `is the same client as clients[${earlier}]; remove one`,
      });
  });
  return issues;
}

function sizeIssues(input: ValidatedInput, scenario: Scenario, limits: ActiveLimits): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const runs = scenario.clients.length * scenario.profiles.length;
  if (limits.values !== null && runs > limits.values.runs) {
    const value = `${scenario.clients.length} clients × ${scenario.profiles.length} profiles = ${runs} runs`;
    issues.push({
      path: ["profiles"],
      message: overLimitMessage(
        value,
        `${limits.values.runs} runs`,
        "list fewer clients or profiles",
        limits,
      ),
    });
  }
  const load = scenario.load;
  if (
    limits.values !== null &&
    input.load?.maxRequests === undefined &&
    load.maxRequests > limits.values.maxRequests
  ) {
    const value = `rate × duration (${load.maxRequests} requests with headroom)`;
    const fix = "lower load.rate or load.duration, or set load.maxRequests";
    issues.push({
      path: ["load"],
      message: overLimitMessage(value, `${limits.values.maxRequests} requests`, fix, limits),
    });
  }
  const widest = Math.max(...scenario.profiles.map((profile) => profile.server.listenPorts));
  if (scenario.server.port + widest - 1 > 65535) {
    issues.push({
      path: ["server", "port"],
      message: `${scenario.server.port} + ${widest} listen ports (a profile's server.listenPorts) runs past 65535; use a lower port`,
    });
  }
  return issues;
}
