import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SecondTicker } from "../../src/clients/worker/second-ticker.js";

// The ticker's clock is injected (ms since the load started) and its timers are fake: time moves only when a test
// says so, so every tick is checked to the millisecond.
let startedAt: number;
const clock = () => Date.now() - startedAt;

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 11, 1) });
  startedAt = Date.now();
});
afterEach(() => vi.useRealTimers());

describe("SecondTicker", () => {
  it("ticks t = 1, 2, 3 on the clock's second boundaries", async () => {
    const ticks: Array<[number, number]> = [];
    const ticker = new SecondTicker(clock, (t) => ticks.push([t, clock()]));
    ticker.start();
    await vi.advanceTimersByTimeAsync(3_500);
    ticker.stop();
    expect(ticks).toEqual([
      [1, 1000],
      [2, 2000],
      [3, 3000],
    ]);
    expect(ticker.nextSecond).toBe(4);
  });

  it("a late timer (a blocked event loop) delays ticks but never skips one", async () => {
    const ticks: Array<[number, number]> = [];
    const ticker = new SecondTicker(clock, (t) => ticks.push([t, clock()]));
    ticker.start();
    vi.setSystemTime(Date.now() + 2_400); // the loop was blocked 2.4 s: the 1 s timer has not run yet
    await vi.advanceTimersByTimeAsync(1_000);
    expect(ticks).toEqual([
      [1, 3400],
      [2, 3400],
      [3, 3400],
    ]);
    // Re-aimed at the next boundary (4 s on the clock), not 1 s after the late run.
    await vi.advanceTimersByTimeAsync(599);
    expect(ticks).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(ticks.at(-1)).toEqual([4, 4000]);
    ticker.stop();
  });

  it("stop leaves no timer and takes no more ticks", async () => {
    let count = 0;
    const ticker = new SecondTicker(clock, () => count++);
    ticker.start();
    await vi.advanceTimersByTimeAsync(1_000);
    ticker.stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(count).toBe(1);
  });
});
