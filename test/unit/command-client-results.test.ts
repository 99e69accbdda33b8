import { describe, expect, it } from "vitest";
import type { ProgramSummary, RunSummary } from "../../src/core/run-summary.js";
import { verdictOf } from "../../src/report/report-model.js";
import { compareMetrics } from "../../src/results/compare-metrics.js";
import { tableRow } from "../../src/results/comparison-table.js";
import { evaluateThresholds } from "../../src/results/threshold-checks.js";
import { narrowRangeRun } from "../support/run-summary.js";

const program: ProgramSummary = {
  exitCode: 0,
  signal: null,
  exitedAtMs: 7012,
  stoppedBy: "bound",
  stopSignal: "SIGTERM",
  killed: false,
  log: "client-0.log",
  logBytes: 120,
  logKeptBytes: 120,
  errorsFrom: "strace",
  straceProblem: null,
};

/** A command client's run with strace: errors observed, requests not. */
const traced: RunSummary = {
  ...narrowRangeRun,
  client: "command",
  closeMode: null,
  connections: null,
  command: ["/usr/bin/node", "/srv/new-connection-per-request.mjs"],
  load: { mode: "command", durationMs: 7000 },
  requests: null,
  okPerSec: null,
  connectionsOpened: null,
  errors: { EADDRNOTAVAIL: 402 },
  firstErrorMs: { EADDRNOTAVAIL: 5210 },
  exhaustedAtMs: 5210,
  freePortsZeroAtMs: 6000,
  prediction: { ...narrowRangeRun.prediction!, exhaustedAtMs: 5000 },
  noPredictionReason: null,
  program,
};

/** The same without strace and without `expect`: no errors, no prediction. */
const untraced: RunSummary = {
  ...traced,
  errors: null,
  firstErrorMs: null,
  exhaustedAtMs: null,
  prediction: null,
  noPredictionReason: "portlab does not know how your program connects",
  program: { ...program, errorsFrom: null, exitCode: 3, stoppedBy: null, stopSignal: null, exitedAtMs: 1234 },
};

describe("a command client's run in the results", () => {
  it("has a table row: strace's errors, ok/s not observed, and how the program ended", () => {
    expect(tableRow(traced)).toEqual([
      "narrow-range",
      "command(node new-connection-per-request.mjs) stopped at the bound: exit 0",
      "1000",
      "5.21s (pred 5.00s, +4%)",
      "-",
      "EADDRNOTAVAIL 402",
      "1000/0",
      "0",
    ]);
    expect(tableRow(untraced)).toEqual([
      "narrow-range",
      "command(node new-connection-per-request.mjs) exit 3 at 1.2s",
      "1000",
      "not observed (0 free at 6.00s)",
      "-",
      "not observed",
      "1000/0",
      "0",
    ]);
    const killed = {
      ...program,
      exitCode: null,
      signal: "SIGKILL",
      stopSignal: "SIGKILL" as const,
      killed: true,
    };
    expect(tableRow({ ...traced, program: killed })[1]).toBe(
      "command(node new-connection-per-request.mjs) killed at the bound",
    );
  });

  it("has a report verdict that says what was and was not observed", () => {
    expect(verdictOf(traced)).toBe(
      "ran out of ports at 5.21 s (strace) (the model predicted 5.00 s); program stopped at the bound: exit 0",
    );
    expect(verdictOf(untraced)).toBe(
      "connect errors not observed; free ports reached 0 at 6.00 s; program exit 3 at 1.2s",
    );
  });

  it("is compared only on what it observed", () => {
    const read = (run: RunSummary) =>
      Object.fromEntries(compareMetrics.map((metric) => [metric.name, metric.read(run)]));
    expect(read(traced)).toMatchObject({
      exhaustedAtMs: 5210,
      okPerSec: null,
      errors: null,
      minFreePorts: 0,
    });
    expect(read(untraced)).toMatchObject({ exhaustedAtMs: null, okPerSec: null, errors: null });
  });

  it("fails a threshold on what it did not observe instead of guessing", () => {
    const [result] = evaluateThresholds(
      [{ profile: null, client: "command", exhausted: false, minOkPerSec: 1, maxFailed: null }],
      [untraced],
    );
    expect(result?.checks.map((check) => [check.check, check.measured, check.passed])).toEqual([
      ["exhausted", "not observed", false],
      ["minOkPerSec", "not observed", false],
    ]);
  });
});
