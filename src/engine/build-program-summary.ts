import type { ProgramReport } from "../clients/command/program-protocol.js";
import type { ProgramSummary, RunSummary } from "../core/run-summary.js";
import type { CommandClientSpec } from "../core/scenario.js";
import type { ClientPrediction } from "../scenario/client-kind.js";
import { exhaustedAt, type OutcomeBase, summaryOf } from "./build-run-summary.js";

/** A command client's run: the user's program and how it ended. */
export interface ProgramOutcome extends OutcomeBase<CommandClientSpec> {
  readonly report: ProgramReport;
  readonly log: string;
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
  const { report } = outcome;
  const errors = report.strace?.errors ?? null;
  const firstErrorMs = report.strace?.firstErrorMs ?? null;
  return summaryOf(outcome, {
    observed: {
      requests: null,
      okPerSec: null,
      connectionsOpened: null,
      errors,
      firstErrorMs,
      exhaustedAtMs: firstErrorMs === null ? null : exhaustedAt(firstErrorMs),
    },
    tail: {
      latencyMs: null,
      connectMs: null,
      prediction: outcome.prediction.prediction,
      noPredictionReason: outcome.prediction.noPredictionReason,
      program: programSummary(report, outcome.log),
    },
  });
}
