import { describe, expect, it } from "vitest";
import { LatencyHistogram } from "../../src/clients/load/latency-histogram.js";
import { StatsRecorder, secondOf } from "../../src/clients/load/stats-recorder.js";

describe("LatencyHistogram", () => {
  it("reports percentiles within 0.1 % (three significant figures) and the exact max", () => {
    const histogram = new LatencyHistogram();
    for (let ms = 1; ms <= 1000; ms += 1) histogram.record(ms);
    const summary = histogram.summary();
    expect(summary?.p50).toBeGreaterThanOrEqual(500);
    expect(summary?.p50).toBeLessThan(500 * 1.001);
    expect(summary?.p90).toBeGreaterThanOrEqual(900);
    expect(summary?.p90).toBeLessThan(900 * 1.001);
    expect(summary?.max).toBe(1000);
  });

  it("adds another histogram's values", () => {
    const first = new LatencyHistogram();
    const second = new LatencyHistogram();
    first.record(1);
    second.record(3);
    second.record(2000);
    first.add(second);
    expect(first.count).toBe(3);
    expect(first.summary()?.p50).toBeCloseTo(3, 2);
    expect(first.summary()?.max).toBe(2000);
  });

  it("is exact for small values and null when empty", () => {
    const histogram = new LatencyHistogram();
    expect(histogram.summary()).toBeNull();
    histogram.record(0.012);
    expect(histogram.percentile(50)).toBe(0.012);
  });
});

describe("StatsRecorder", () => {
  it("puts second t over (t-1, t]", () => {
    expect(secondOf(0)).toBe(1);
    expect(secondOf(1)).toBe(1);
    expect(secondOf(1000)).toBe(1);
    expect(secondOf(1000.5)).toBe(2);
  });

  it("buckets sent, outcomes, errors and first error times", () => {
    const recorder = new StatsRecorder();
    recorder.sent(10);
    recorder.sent(20);
    recorder.sent(1500);
    recorder.late(1500);
    recorder.dropped(1600);
    recorder.outcome({ error: null, latencyMs: 5, opened: true }, 30);
    recorder.outcome({ error: "EADDRNOTAVAIL", latencyMs: 0.1, opened: false }, 512);
    recorder.outcome({ error: "EADDRNOTAVAIL", latencyMs: 0.1, opened: false }, 1700);

    const first = recorder.takeSecond(1);
    expect(first).toMatchObject({
      t: 1,
      sent: 2,
      ok: 1,
      opened: 1,
      late: 0,
      dropped: 0,
      errors: { EADDRNOTAVAIL: 1 },
    });
    expect(first.latencyMs?.p50).toBe(5);
    const second = recorder.takeSecond(2);
    expect(second).toMatchObject({ t: 2, sent: 1, ok: 0, late: 1, dropped: 1, errors: { EADDRNOTAVAIL: 1 } });
    expect(second.latencyMs).toBeNull();

    const totals = recorder.totalsSoFar();
    expect(totals).toMatchObject({ sent: 3, ok: 1, failed: 2, late: 1, dropped: 1, opened: 1 });
    expect(totals.errors).toEqual({ EADDRNOTAVAIL: 2 });
    expect(totals.firstErrorMs).toEqual({ EADDRNOTAVAIL: 512 });
  });

  it("moves what arrives for an already reported second into the next one", () => {
    const recorder = new StatsRecorder();
    recorder.takeSecond(1);
    recorder.outcome({ error: null, latencyMs: 1, opened: false }, 999);
    expect(recorder.lastPendingSecond()).toBe(2);
    expect(recorder.takeSecond(2).ok).toBe(1);
  });

  it("keeps connect times apart from request latency, per second and over the run", () => {
    const recorder = new StatsRecorder();
    recorder.outcome({ error: null, latencyMs: 4, opened: true, connectMs: 0.5 }, 100);
    recorder.outcome({ error: null, latencyMs: 2, opened: false }, 200);
    // A slow connect that still failed its request: its handshake time counts, its latency does not.
    recorder.outcome({ error: "ECONNRESET", latencyMs: 2100, opened: true, connectMs: 2050 }, 1500);
    recorder.opened(1600, 1.5); // a connection seen apart from any request (autocannon's)

    const first = recorder.takeSecond(1);
    expect(first.connectMs).toEqual({ p50: 0.5, p90: 0.5, p99: 0.5, max: 0.5 });
    expect(first.latencyMs).toMatchObject({ max: 4 });
    expect(first.opened).toBe(1);
    const second = recorder.takeSecond(2);
    expect(second.opened).toBe(2);
    expect(second.connectMs).toMatchObject({ p50: 1.5, max: 2050 });
    expect(second.latencyMs).toBeNull();

    const totals = recorder.totalsSoFar();
    expect(totals.opened).toBe(3);
    expect(totals.connectMs).toMatchObject({ p50: 1.5, max: 2050 });
    expect(totals.latencyMs).toMatchObject({ p50: 2, max: 4 });
  });

  it("totals include seconds not taken yet; no connect time is null", () => {
    const recorder = new StatsRecorder();
    recorder.outcome({ error: null, latencyMs: 1, opened: false }, 100);
    recorder.takeSecond(1);
    recorder.outcome({ error: null, latencyMs: 9, opened: false }, 1500);
    const totals = recorder.totalsSoFar();
    expect(totals.latencyMs).toMatchObject({ p50: 1, max: 9 });
    expect(totals.connectMs).toBeNull();
  });
});
