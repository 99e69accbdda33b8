import { describe, expect, it } from "vitest";
import { benchRows, SAMPLER_BUDGET_MS, SHORT_RSS_BUDGET_MB, TARGETS } from "../../tools/bench/bench-rows.js";
import { benchFigure } from "../../tools/bench/bench-table.js";
import { median } from "../../tools/bench/median.js";
import { summariseRounds, type ToolRate } from "../../tools/bench/rate-sections.js";

const round = (ratePerSec: number | null, peakRssKb: number | null = null) => ({
  ratePerSec,
  errors: 0,
  peakRssKb,
  note: ratePerSec === null ? "wrk gave no result" : null,
});

describe("bench rounds", () => {
  it("a tool's figure is the median of its rounds, not the best", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
    const rate = summariseRounds([round(9_000, 60_000), round(14_000, 70_000), round(10_000, 65_000)]);
    expect(rate).toMatchObject({ ratePerSec: 10_000, rounds: [9_000, 14_000, 10_000], peakRssKb: 70_000 });
  });

  it("a round without a rate is kept as such and left out of the median", () => {
    expect(summariseRounds([round(null), round(5_000), round(7_000)]).ratePerSec).toBe(6_000);
    expect(summariseRounds([round(null)])).toMatchObject({ ratePerSec: null, note: "wrk gave no result" });
  });
});

describe("bench figures (npm run bench -- --json)", () => {
  const rate = (ratePerSec: number, peakRssKb: number): ToolRate => ({
    ratePerSec,
    rounds: [ratePerSec],
    errors: 0,
    peakRssKb,
    note: null,
  });
  const rows = benchRows({
    short: {
      concurrency: 64,
      portlab: rate(9_000, 70 * 1024),
      wrk: rate(10_000, 5 * 1024),
      ab: rate(9_500, 9 * 1024),
    },
    keepAlive: {
      connections: 16,
      portlab: rate(50_000, 80 * 1024),
      autocannon: rate(35_000, 80 * 1024),
      wrk: rate(70_000, 5 * 1024),
    },
    samplerTicks: [
      { sockets: 60_000, tickMs: 40, kind: "sock_diag" },
      { sockets: 60_000, tickMs: 90, kind: "proc" },
    ],
    exhaustion: null,
    drivers: [],
    failures: {},
  });
  const figures = rows.map(benchFigure);
  const named = (prefix: string) => figures.find((figure) => figure.name.startsWith(prefix))!;

  it("keeps every figure with its target and whether it passed", () => {
    expect(named("a) short conn/s, c=64, server closes")).toMatchObject({
      value: 9_000,
      peer: 10_000,
      ratio: 0.9,
      target: { text: `>= ${TARGETS.shortVsWrk}x`, spec: { kind: "at-least", ratio: 0.85 } },
      pass: true,
    });
    expect(named("b) keep-alive req/s, N=16")).toMatchObject({ ratio: 50_000 / 35_000, pass: true });
    expect(named("c) sampler tick, sock_diag")).toMatchObject({
      value: 40,
      peer: SAMPLER_BUDGET_MS,
      pass: false,
    });
    // The /proc tick is shown for contrast, with no target of its own.
    expect(named("c) sampler tick, /proc")).toMatchObject({ value: 90, target: null });
    expect(named("d) peak RSS, short, at its rate")).toMatchObject({
      value: 70,
      peer: SHORT_RSS_BUDGET_MB,
      pass: true,
    });
  });

  it("an informative row has no target; an unmeasured one passes nothing", () => {
    expect(named("a) short conn/s, c=64, vs ab")).toMatchObject({ target: null, pass: null });
    expect(named("e) steady ok/s")).toMatchObject({ value: null, pass: null });
    expect(JSON.parse(JSON.stringify(figures))).toEqual(figures);
  });
});
