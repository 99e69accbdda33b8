import { describe, expect, it } from "vitest";
import { renderComparisonTable, tableRow } from "../../src/results/comparison-table.js";
import type { RunSummary } from "../../src/results/summary-types.js";

const base: RunSummary = {
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

describe("comparison table", () => {
  it("shows the measured exhaustion time beside the prediction and its deviation", () => {
    expect(tableRow(base)).toEqual([
      "narrow-range",
      "short/client-first",
      "1000",
      "0.52s (pred 0.50s, +4%)",
      "120",
      "EADDRNOTAVAIL 18800",
      "1000/0",
      "0",
    ]);
  });

  it("says never for a run without port errors, and keeps unavailable profiles as rows", () => {
    const pooled = {
      ...base,
      client: "pooled",
      closeMode: null,
      connections: 16,
      errors: {},
      firstErrorMs: {},
      exhaustedAtMs: null,
    } as const;
    expect(
      tableRow({
        ...pooled,
        prediction: {
          usablePorts: 1000,
          portSpace: 1000,
          cycleMs: null,
          sustainableRate: null,
          exhaustedAtMs: null,
          errno: "EADDRNOTAVAIL",
          reason: "",
        },
      })[3],
    ).toBe("never (pred never)");
    const recycle = {
      ...base,
      profile: "tw-recycle",
      status: "unavailable",
      unavailableReason: "net.ipv4.tcp_tw_recycle: not on this kernel (removed in 4.12)",
    } as const;
    expect(tableRow(recycle)[3]).toBe("net.ipv4.tcp_tw_recycle: not on this kernel (removed in 4.12)");
  });

  it("aligns columns and lists each profile's explanation once", () => {
    const text = renderComparisonTable([
      base,
      { ...base, client: "pooled", closeMode: null, connections: 16 },
    ]);
    const [header, rule, first] = text.split("\n");
    expect(header?.indexOf("client")).toBe(first?.indexOf("short/"));
    expect(rule).toMatch(/^-+ {2}-+/);
    expect(text.match(/narrow-range: 1,000 ephemeral ports/g)).toHaveLength(1);
  });
});
