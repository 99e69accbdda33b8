import { release } from "node:os";
import type { Profile } from "../core/profile.js";
import type { RunSummary, ScenarioSummary } from "../core/run-summary.js";
import { clientImageOf, type Scenario, type ScenarioClient } from "../core/scenario.js";
import { PORTLAB_VERSION } from "../core/version.js";
import type { Driver } from "../hosts/driver.js";
import { driverNamed } from "../hosts/registry.js";
import { interrupted as wasInterrupted } from "./abort.js";
import { clientFields, runLoadFields } from "./build-run-summary.js";
import { checkDriverFit } from "./driver-fit.js";
import type { EngineEmitter, RunLabel } from "./events.js";
import type { EngineHooks } from "./fault-injection.js";
import { checkKernelSupport, type ProfileSupport } from "./kernel-support.js";
import { planRuns } from "./plan.js";
import { runOne } from "./run-one.js";

export interface RunScenarioOptions {
  /**
   * Makes the run directory once the preflight passed (so a refused run leaves nothing), named after the start;
   * resolves with its path. Its files are written by the results writers, from the events.
   */
  readonly openDirectory: (scenarioName: string, startedAt: Date) => Promise<string>;
  readonly events: EngineEmitter;
  readonly signal: AbortSignal;
  /** Test hooks (pause points, the nginx binary); empty outside tests. */
  readonly hooks?: EngineHooks;
}

export interface ScenarioResult {
  readonly summary: ScenarioSummary;
  readonly directory: string;
}

function unavailableRun(
  scenario: Scenario,
  profile: Profile,
  client: ScenarioClient,
  reason: string,
): RunSummary {
  return {
    profile: profile.name,
    explanation: profile.explanation,
    ...clientFields(client),
    status: "unavailable",
    unavailableReason: reason,
    load: runLoadFields(client, scenario.load),
    sysctls: {},
    serverSysctls: {},
    ports: null,
    requests: { sent: 0, ok: 0, failed: 0, late: 0, dropped: 0 },
    okPerSec: 0,
    connectionsOpened: 0,
    errors: {},
    firstErrorMs: {},
    exhaustedAtMs: null,
    minFreePorts: null,
    peak: { client: null, server: null },
    counters: { client: {}, server: {} },
    hosts: {},
    latencyMs: null,
    connectMs: null,
    prediction: null,
  };
}

/**
 * Runs every (profile × client) of a scenario, one after another, each in a fresh sandbox. Kernel support is
 * checked for all profiles before anything starts. summary.json is rewritten after each run, so an interrupted
 * or killed scenario leaves the runs it finished.
 */
export async function runScenario(scenario: Scenario, options: RunScenarioOptions): Promise<ScenarioResult> {
  const { events, signal } = options;
  // Taken before the preflight, whose probes take a varying while: the run directory is named after it.
  const startedAt = new Date();
  const hooks = options.hooks ?? {};
  const driver = driverNamed(scenario.sandbox.driver);
  checkDriverFit(scenario, driver);
  await driver.preflight({
    server: scenario.server,
    subnet: scenario.sandbox.subnet,
    nginxBinary: hooks.nginxBinary,
    nat: scenario.profiles.some((profile) => profile.topology === "nat"),
    capture: scenario.capture !== null,
    clientImages: scenario.clients.map(clientImageOf).filter((image) => image !== null),
  });
  const support = await checkKernelSupport(scenario.profiles, driver);
  const directory = await options.openDirectory(scenario.name, startedAt);
  events.emit("directory", directory);
  const runs: RunSummary[] = [];
  let interrupted = false;
  const snapshot = (finished: boolean): ScenarioSummary => ({
    portlab: PORTLAB_VERSION,
    scenario: scenario.name,
    kernel: release(),
    startedAt: startedAt.toISOString(),
    finishedAt: finished ? new Date().toISOString() : null,
    interrupted,
    runs,
  });
  events.emit("summary", snapshot(false));

  const plan = planRuns(scenario);
  try {
    for (const { label, profile, client } of plan) {
      if (signal.aborted) break;
      events.emit("run-start", label);
      const run = await runOrReport(
        scenario,
        profile,
        client,
        label,
        support.get(profile.name),
        { ...options, driver, hooks },
        directory,
      );
      if (run === null) break;
      runs.push(run);
      events.emit("run-end", label, run);
      events.emit("summary", snapshot(false));
    }
  } finally {
    interrupted = wasInterrupted(signal);
    events.emit("summary", snapshot(true));
  }
  const summary = snapshot(true);
  events.emit("done", summary);
  return { summary, directory };
}

/** A run's summary; null when an interrupt stopped it before its load began. */
async function runOrReport(
  scenario: Scenario,
  profile: Profile,
  client: ScenarioClient,
  label: RunLabel,
  support: ProfileSupport | undefined,
  options: RunScenarioOptions & { readonly driver: Driver; readonly hooks: EngineHooks },
  directory: string,
): Promise<RunSummary | null> {
  if (support && !support.available)
    return unavailableRun(scenario, profile, client, support.reasons.join("; "));
  try {
    return await runOne({
      scenario,
      profile,
      client,
      label,
      driver: options.driver,
      hooks: options.hooks,
      events: options.events,
      signal: options.signal,
      directory,
    });
  } catch (error) {
    if (wasInterrupted(options.signal)) return null;
    throw error;
  }
}
