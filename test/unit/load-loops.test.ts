import { describe, expect, it } from "vitest";
import type { HttpClient, Outcome } from "../../src/clients/types.js";
import { runLoad } from "../../src/load/run-load.js";
import { StatsRecorder } from "../../src/load/stats-recorder.js";

/** An in-process client whose requests take `delayMs` (never ending when null). Not a network mock: the loops only see HttpClient. */
function timedClient(delayMs: number | null): HttpClient & { started: number } {
  const client = {
    started: 0,
    request(): Promise<Outcome> {
      client.started += 1;
      if (delayMs === null) return new Promise<Outcome>(() => {});
      return new Promise((resolve) =>
        setTimeout(() => resolve({ error: null, latencyMs: delayMs, opened: true }), delayMs),
      );
    },
    async close() {},
  };
  return client;
}

function clockFromNow(): () => number {
  const startedAt = performance.now();
  return () => performance.now() - startedAt;
}

const never = new AbortController().signal;

describe("open loop", () => {
  it("sends what the schedule says, and sent + dropped = scheduled", async () => {
    const recorder = new StatsRecorder();
    const client = timedClient(1);
    const load = {
      mode: "rate",
      rate: 500,
      rampFromRate: null,
      rampMs: 0,
      durationMs: 300,
      maxRequests: 1_000_000,
      requestTimeoutMs: 1_000,
      maxInFlight: 1_000,
    } as const;
    const result = await runLoad({ load, client, recorder, clock: clockFromNow(), signal: never });
    const totals = recorder.totalsSoFar();
    expect(totals.sent + totals.dropped).toBe(150);
    expect(totals.sent).toBe(client.started);
    expect(totals.ok).toBe(totals.sent);
    expect(result.abandoned).toBe(0);
  });

  it("drops what finds maxInFlight reached, and gives up on hung requests after requestTimeoutMs", async () => {
    const recorder = new StatsRecorder();
    const load = {
      mode: "rate",
      rate: 1000,
      rampFromRate: null,
      rampMs: 0,
      durationMs: 100,
      maxRequests: 1_000_000,
      requestTimeoutMs: 50,
      maxInFlight: 5,
    } as const;
    const result = await runLoad({
      load,
      client: timedClient(null),
      recorder,
      clock: clockFromNow(),
      signal: never,
    });
    const totals = recorder.totalsSoFar();
    expect(totals.sent).toBe(5);
    expect(totals.dropped).toBe(95);
    expect(totals.errors).toEqual({ ETIMEDOUT: 5 });
    expect(result.abandoned).toBe(5);
    expect(result.durationMs).toBeLessThan(1_000);
  });

  it("stops at maxRequests and on abort", async () => {
    const capped = new StatsRecorder();
    const load = {
      mode: "rate",
      rate: 10_000,
      rampFromRate: null,
      rampMs: 0,
      durationMs: 5_000,
      maxRequests: 42,
      requestTimeoutMs: 500,
      maxInFlight: 1_000,
    } as const;
    await runLoad({ load, client: timedClient(0), recorder: capped, clock: clockFromNow(), signal: never });
    expect(capped.totalsSoFar().sent).toBe(42);

    const stopped = new StatsRecorder();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await runLoad({
      load: { ...load, rate: 100, maxRequests: 1_000_000 },
      client: timedClient(0),
      recorder: stopped,
      clock: clockFromNow(),
      signal: controller.signal,
    });
    expect(result.issuingMs).toBeLessThan(1_000);
    expect(stopped.totalsSoFar().sent).toBeLessThan(20);
  });
});

describe("closed loop", () => {
  it("keeps `concurrency` requests going and stops at maxRequests", async () => {
    const recorder = new StatsRecorder();
    const client = timedClient(2);
    const load = {
      mode: "concurrency",
      concurrency: 3,
      durationMs: 5_000,
      maxRequests: 30,
      requestTimeoutMs: 500,
    } as const;
    await runLoad({ load, client, recorder, clock: clockFromNow(), signal: never });
    expect(client.started).toBe(30);
    expect(recorder.totalsSoFar()).toMatchObject({ sent: 30, ok: 30, failed: 0 });
  });

  it("stops at durationMs", async () => {
    const recorder = new StatsRecorder();
    const load = {
      mode: "concurrency",
      concurrency: 2,
      durationMs: 100,
      maxRequests: 1_000_000,
      requestTimeoutMs: 500,
    } as const;
    const result = await runLoad({
      load,
      client: timedClient(5),
      recorder,
      clock: clockFromNow(),
      signal: never,
    });
    expect(result.issuingMs).toBeGreaterThanOrEqual(99);
    expect(result.durationMs).toBeLessThan(400);
    const totals = recorder.totalsSoFar();
    expect(totals.sent).toBeGreaterThan(10);
    expect(totals.ok).toBe(totals.sent);
  });
});
