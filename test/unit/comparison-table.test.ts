import { describe, expect, it } from "vitest";
import type { RunSummary } from "../../src/core/run-summary.js";
import { renderComparisonTable, tableRow } from "../../src/results/comparison-table.js";
import { natTableRow } from "../../src/results/nat-table.js";
import { narrowRangeRun } from "../support/run-summary.js";

const base = narrowRangeRun;

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

describe("the NAT table", () => {
  const natRun: RunSummary = {
    ...base,
    profile: "nat",
    closeMode: "server-first",
    load: { mode: "rate", rate: 100, durationMs: 3000 },
    requests: { sent: 300, ok: 300, failed: 0, late: 0, dropped: 0 },
    connectionsOpened: 300,
    errors: {},
    exhaustedAtMs: null,
    nat: { clients: 2, ports: { low: 40000, high: 40009, usable: 10 }, exhaustedAtMs: 1000 },
    counters: {
      client: { TCPSynRetrans: 152 },
      server: { PAWSTimewait: 150 },
      router: { insert_failed: 4, drop: 4, entries: 10 },
    },
    connectMs: { p50: 0.61, p90: 1003, p99: 2061.4, max: 3012 },
    prediction: {
      ...(base.prediction as NonNullable<RunSummary["prediction"]>),
      nat: {
        ports: 10,
        portSpace: 10,
        holdMs: 120_001,
        sustainableRate: 0.0833,
        exhaustedAtMs: null,
        reason: "",
      },
    },
  };

  it("shows the router's ports, drops and the clients' and server's counters beside the model", () => {
    expect(natTableRow(natRun)).toEqual([
      "nat",
      "short/server-first",
      "10",
      "100/s (0.08/s)",
      "by 1s (pred never)",
      "4/4",
      "150",
      "152",
      "0.6/2061 ms",
    ]);
  });

  it("follows the main table only when a run had a NAT", () => {
    expect(renderComparisonTable([base])).not.toMatch(/NAT/);
    const text = renderComparisonTable([base, natRun]);
    expect(text).toMatch(/behind the NAT router/);
    expect(text.split("\n").filter((line) => line.startsWith("nat "))).toHaveLength(2);
  });
});
