import type { ClientPrediction } from "../clients/command/command-prediction.js";
import type { ProgramReport } from "../clients/command/program-protocol.js";
import type { Profile } from "../profiles/types.js";
import type { ProgramSummary, RunSummary } from "../results/summary-types.js";
import type { HostRunSummary } from "../sampler/types.js";
import type { CommandClientSpec, Scenario } from "../scenario/types.js";
import { clientFields, exhaustedAt, runLoadFields, sampledFields } from "./build-run-summary.js";
import type { ClientPorts } from "./reported-sysctls.js";

export interface ProgramOutcome {
  readonly scenario: Scenario;
  readonly profile: Profile;
  readonly client: CommandClientSpec;
  readonly sysctls: Readonly<Record<string, string>>;
  readonly serverSysctls: Readonly<Record<string, string>>;
  readonly ports: ClientPorts;
  readonly report: ProgramReport;
  readonly log: string;
  readonly hosts: Readonly<Record<string, HostRunSummary>>;
  readonly freePortsZeroAtMs: number | null;
  readonly interrupted: boolean;
  readonly prediction: ClientPrediction;
}

function programSummary(report: ProgramReport, log: string): ProgramSummary {
  const strace = report.strace;
  const problems = [
    strace?.problem ?? null,
    strace && strace.unreadLines > 0 ? `${strace.unreadLines} lines of strace's output not understood` : null,
  ].filter((problem): problem is string => problem !== null);
  return {
    exitCode: report.exitCode,
    signal: report.signal,
    exitedAtMs: report.exitedAtMs,
    stoppedBy: report.stoppedBy,
    stopSignal: report.stopSignal,
    killed: report.stopSignal === "SIGKILL",
    log,
    logBytes: report.logBytes,
    logKeptBytes: report.logKeptBytes,
    errorsFrom: strace === null ? null : "strace",
    straceProblem: problems.length > 0 ? problems.join("; ") : null,
  };
}

/**
 * A command client's run: what portlab saw of it. Its requests are not observed (null), never estimated; its
 * errors are strace's failed connect() calls, or not observed (null) without strace; the hosts' samples are
 * the same as for portlab's own clients.
 */
export function buildProgramRunSummary(outcome: ProgramOutcome): RunSummary {
  const { profile, report } = outcome;
  const errors = report.strace?.errors ?? null;
  const firstErrorMs = report.strace?.firstErrorMs ?? null;
  const sampled = sampledFields(outcome.hosts, outcome.freePortsZeroAtMs);
  return {
    profile: profile.name,
    explanation: profile.explanation,
    ...clientFields(outcome.client),
    status: outcome.interrupted ? "interrupted" : "ran",
    unavailableReason: null,
    load: runLoadFields(outcome.client, outcome.scenario.load),
    sysctls: outcome.sysctls,
    serverSysctls: outcome.serverSysctls,
    ports: {
      ...outcome.ports.range,
      usable: outcome.ports.usable,
      sourceAddresses: profile.client.sourceAddresses,
    },
    requests: null,
    okPerSec: null,
    connectionsOpened: null,
    errors,
    firstErrorMs,
    exhaustedAtMs: firstErrorMs === null ? null : exhaustedAt(firstErrorMs),
    ...sampled,
    latencyMs: null,
    connectMs: null,
    prediction: outcome.prediction.prediction,
    noPredictionReason: outcome.prediction.noPredictionReason,
    program: programSummary(report, outcome.log),
  };
}
