import type { RunSummary } from "../../src/core/run-summary.js";

/**
 * A finished run for tests of the results (tables, verdicts, thresholds): short/client-first at 2,000/s under
 * narrow-range, out of ports at 0.52 s against a prediction of 0.50 s. Tests spread it and change what they look at.
 */
export const narrowRangeRun: RunSummary = {
  profile: "narrow-range",
  explanation: "1,000 ephemeral ports",
  client: "short",
  closeMode: "client-first",
  connections: null,
  status: "ran",
  unavailableReason: null,
  load: { mode: "rate", rate: 2000, durationMs: 10_000 },
  sysctls: {},
  serverSysctls: {},
  ports: { low: 40000, high: 40999, usable: 1000, sourceAddresses: 1 },
  requests: { sent: 20_000, ok: 1200, failed: 18_800, late: 0, dropped: 0 },
  okPerSec: 120,
  connectionsOpened: 1200,
  errors: { EADDRNOTAVAIL: 18_800 },
  firstErrorMs: { EADDRNOTAVAIL: 520 },
  exhaustedAtMs: 520,
  minFreePorts: 0,
  peak: { client: { TIME_WAIT: 1000, portsInUse: 1000 }, server: { TIME_WAIT: 0, portsInUse: 0 } },
  counters: { client: {}, server: {} },
  hosts: {},
  latencyMs: null,
  connectMs: null,
  prediction: {
    usablePorts: 1000,
    portSpace: 1000,
    cycleMs: 61_001,
    sustainableRate: 16.4,
    exhaustedAtMs: 500,
    errno: "EADDRNOTAVAIL",
    reason: "",
  },
};
