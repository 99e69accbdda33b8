import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type HttpClient, type Outcome, promised } from "../../src/clients/http/http-client.js";
import { runLoad } from "../../src/clients/load/run-load.js";
import { StatsRecorder } from "../../src/clients/load/stats-recorder.js";

/** An in-process client whose requests take `delayMs` (never ending when null). Not a network mock: the loops only see HttpClient. */
function timedClient(delayMs: number | null): HttpClient & { started: number } {
  const client = {
    started: 0,
    send(done: (outcome: Outcome) => void): void {
      client.started += 1;
      if (delayMs === null) return;
      setTimeout(() => done({ error: null, latencyMs: delayMs, opened: true }), delayMs);
    },
    request: () => promised(client.send)(),
    async close() {},
  };
  return client;
}

// The loops' clock is injected and their timers (and the client's) are fake: time moves only as the timers say,
// so counts are exact, whatever the machine's load.
function clockFromNow(): () => number {
  const startedAt = Date.now();
  return () => Date.now() - startedAt;
}

/** Runs the load to its end on fake time. */
async function onFakeTime<T>(running: Promise<T>): Promise<T> {
  await vi.runAllTimersAsync();
  return running;
}

const never = new AbortController().signal;

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 11, 1) });
});
afterEach(() => vi.useRealTimers());

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
    const result = await onFakeTime(
      runLoad({ load, client, recorder, clock: clockFromNow(), signal: never }),
    );
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
    const result = await onFakeTime(
      runLoad({
        load,
        client: timedClient(null),
        recorder,
        clock: clockFromNow(),
        signal: never,
      }),
    );
    const totals = recorder.totalsSoFar();
    expect(totals.sent).toBe(5);
    expect(totals.dropped).toBe(95);
    expect(totals.errors).toEqual({ ETIMEDOUT: 5 });
    expect(result.abandoned).toBe(5);
    expect(result.durationMs).toBe(150); // issuing ends at 100 ms; the last hung requests give up 50 ms later
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
    await onFakeTime(
      runLoad({ load, client: timedClient(0), recorder: capped, clock: clockFromNow(), signal: never }),
    );
    expect(capped.totalsSoFar().sent).toBe(42);

    const stopped = new StatsRecorder();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await onFakeTime(
      runLoad({
        load: { ...load, rate: 100, maxRequests: 1_000_000 },
        client: timedClient(0),
        recorder: stopped,
        clock: clockFromNow(),
        signal: controller.signal,
      }),
    );
    // 100/s: requests due at 10, 20, 30 and 40 ms left; the abort at 50 ms came before the one due then.
    expect([result.issuingMs, stopped.totalsSoFar().sent]).toEqual([50, 4]);
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
    await onFakeTime(runLoad({ load, client, recorder, clock: clockFromNow(), signal: never }));
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
    const result = await onFakeTime(
      runLoad({
        load,
        client: timedClient(5),
        recorder,
        clock: clockFromNow(),
        signal: never,
      }),
    );
    // Two requests of 5 ms at a time for 100 ms: 40, all done when issuing stops.
    expect([result.issuingMs, result.durationMs, recorder.totalsSoFar().sent]).toEqual([100, 100, 40]);
    expect(recorder.totalsSoFar().ok).toBe(40);
  });
});
