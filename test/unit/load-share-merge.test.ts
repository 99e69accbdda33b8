import { describe, expect, it } from "vitest";
import type { DoneMessage, TickMessage } from "../../src/clients/worker/protocol.js";
import { shareOfLoad, wholeShare } from "../../src/core/load-share.js";
import type { LoadSpec } from "../../src/core/scenario.js";
import { mergeDone, mergeLatency, mergeTicks } from "../../src/engine/merge-load-reports.js";

const rate: LoadSpec = {
  mode: "rate",
  rate: 100,
  rampFromRate: 10,
  rampMs: 1000,
  durationMs: 3000,
  maxRequests: 331,
  requestTimeoutMs: 5000,
  maxInFlight: 5000,
};

describe("shareOfLoad", () => {
  it("divides the rate and splits the bounds so the shares add up", () => {
    const shares = [0, 1].map((index) => shareOfLoad(rate, index, 2));
    expect(shares.map((share) => share.mode === "rate" && share.rate)).toEqual([50, 50]);
    expect(shares.map((share) => share.mode === "rate" && share.rampFromRate)).toEqual([5, 5]);
    expect(shares.map((share) => share.maxRequests)).toEqual([166, 165]);
    expect(shares.every((share) => share.durationMs === 3000 && share.requestTimeoutMs === 5000)).toBe(true);
  });

  it("splits a closed loop's concurrency, and leaves one host's load alone", () => {
    const closed: LoadSpec = {
      mode: "concurrency",
      concurrency: 5,
      durationMs: 1000,
      maxRequests: 100,
      requestTimeoutMs: 2000,
    };
    expect([0, 1].map((index) => (shareOfLoad(closed, index, 2) as typeof closed).concurrency)).toEqual([
      3, 2,
    ]);
    expect(shareOfLoad(rate, 0, 1)).toBe(rate);
    expect([0, 1, 2].map((index) => wholeShare(7, index, 3))).toEqual([3, 2, 2]);
  });
});

const tick = (fields: Partial<TickMessage>): TickMessage => ({
  type: "tick",
  t: 2,
  sent: 0,
  ok: 0,
  errors: {},
  late: 0,
  dropped: 0,
  opened: 0,
  latencyMs: null,
  ...fields,
});

describe("merging several client hosts' reports", () => {
  it("adds counts and errors; percentiles are the highest host's (an upper bound), max exact", () => {
    const merged = mergeTicks([
      tick({
        sent: 50,
        ok: 48,
        errors: { ETIMEDOUT: 2 },
        latencyMs: { p50: 1, p90: 2, p99: 1000, max: 1010 },
      }),
      tick({ sent: 50, ok: 49, errors: { ETIMEDOUT: 1, ECONNRESET: 1 }, latencyMs: null }),
    ]);
    expect(merged).toMatchObject({ t: 2, sent: 100, ok: 97, errors: { ETIMEDOUT: 3, ECONNRESET: 1 } });
    expect(merged.latencyMs).toEqual({ p50: 1, p90: 2, p99: 1000, max: 1010 });
    expect(
      mergeLatency([
        { p50: 1, p90: 5, p99: 9, max: 10 },
        { p50: 2, p90: 3, p99: 20, max: 30 },
      ]),
    ).toEqual({ p50: 2, p90: 5, p99: 20, max: 30 });
    expect(mergeLatency([null, undefined])).toBeNull();
  });

  it("keeps each error code's earliest first time and the longest duration", () => {
    const done = (fields: Partial<DoneMessage>): DoneMessage => ({
      type: "done",
      durationMs: 3000,
      sent: 10,
      ok: 9,
      failed: 1,
      late: 0,
      dropped: 0,
      opened: 10,
      errors: { ETIMEDOUT: 1 },
      firstErrorMs: { ETIMEDOUT: 900 },
      latencyMs: null,
      ...fields,
    });
    const merged = mergeDone([done({}), done({ durationMs: 3100, firstErrorMs: { ETIMEDOUT: 400 } })]);
    expect(merged).toMatchObject({
      durationMs: 3100,
      sent: 20,
      failed: 2,
      errors: { ETIMEDOUT: 2 },
      firstErrorMs: { ETIMEDOUT: 400 },
    });
  });
});
