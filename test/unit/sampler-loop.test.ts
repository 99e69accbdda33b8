import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { HostSample } from "../../src/core/sample.js";
import { createSampler, type Sampler } from "../../src/sampler/sampler.js";

const fixtures = join(import.meta.dirname, "../fixtures/proc");
const CLIENT_PID = 101;
const SERVER_PID = 202;
const INTERVAL = 1000;
/** The sampler's clock (Date.now) and timers are fake: time moves only when a test says so, to the millisecond. */
const pass = (ms: number) => vi.advanceTimersByTimeAsync(ms);

let procRoot: string;
let sampler: Sampler | null = null;

function install(pid: number, fixture: string): void {
  rmSync(join(procRoot, String(pid)), { recursive: true, force: true });
  cpSync(join(fixtures, fixture), join(procRoot, String(pid), "net"), { recursive: true });
}

function makeSampler(onSample: (samples: HostSample[]) => void, onError?: (error: unknown) => void): Sampler {
  sampler = createSampler({
    hosts: [
      { host: "client", pid: CLIENT_PID, portRange: { low: 40000, high: 40999 }, usablePorts: 1000 },
      { host: "server", pid: SERVER_PID, portRange: null, usablePorts: null },
    ],
    intervalMs: INTERVAL,
    procRoot,
    onSample,
    onError,
  });
  return sampler;
}

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 11, 1) });
  procRoot = mkdtempSync(join(tmpdir(), "portlab-sampler-"));
  install(CLIENT_PID, "client-idle");
  install(SERVER_PID, "server-mixed");
});

afterEach(async () => {
  await sampler?.stop();
  sampler = null;
  vi.useRealTimers();
  rmSync(procRoot, { recursive: true, force: true });
});

describe("createSampler", () => {
  it("ticks on loadStart + k * interval with one sample per host, counters as per-second deltas", async () => {
    const ticks: Array<{ at: number; samples: HostSample[] }> = [];
    const loadStart = Date.now();
    const running = makeSampler((samples) => ticks.push({ at: Date.now(), samples }));
    await running.start(loadStart); // baseline: the idle client
    install(CLIENT_PID, "client-mixed");
    await pass(INTERVAL * 5 + 10);
    await running.stop();

    expect(ticks.map((tick) => [tick.samples[0]?.t, tick.at - loadStart])).toEqual([
      [1, 1000],
      [2, 2000],
      [3, 3000],
      [4, 4000],
      [5, 5000],
    ]);
    for (const tick of ticks) expect(tick.samples.map((sample) => sample.host)).toEqual(["client", "server"]);
    const [client, server] = ticks[0]?.samples ?? [];
    expect(client).toMatchObject({
      states: { ESTABLISHED: 5, TIME_WAIT: 4, FIN_WAIT2: 2 },
      portsInUse: 11,
      freePorts: 989,
      tw: 4,
    });
    // 14 opens since the baseline, over the first one-second tick; nothing changes afterwards.
    expect(client?.counters.ActiveOpens).toBe(14);
    expect(ticks[1]?.samples[0]?.counters.ActiveOpens).toBe(0);
    expect(server).toMatchObject({
      states: { LISTEN: 2, ESTABLISHED: 5, TIME_WAIT: 3, CLOSE_WAIT: 2 },
      portsInUse: 2,
      freePorts: null,
      tw: 3,
    });

    const summary = running.summary();
    expect(summary.client).toMatchObject({
      samples: ticks.length,
      peakPortsInUse: 11,
      peakTw: 4,
      minFreePorts: 989,
    });
    expect(summary.client?.peakStates).toMatchObject({
      TIME_WAIT: 4,
      ESTABLISHED: 5,
      CLOSE_WAIT: 0,
      LISTEN: 0,
    });
    expect(summary.client?.counters).toMatchObject({ ActiveOpens: 14, TW: 4, PassiveOpens: 0 });
    expect(summary.server).toMatchObject({ minFreePorts: null, peakPortsInUse: 2 });
    expect(summary.server?.counters.PassiveOpens).toBe(0); // the server's files did not change
  });

  it("skips a host whose process is gone and keeps going", async () => {
    const ticks: HostSample[][] = [];
    const errors: unknown[] = [];
    const running = makeSampler(
      (samples) => ticks.push(samples),
      (error) => errors.push(error),
    );
    await running.start(Date.now());
    await pass(INTERVAL * 1.5);
    rmSync(join(procRoot, String(SERVER_PID)), { recursive: true });
    await pass(INTERVAL * 3);
    await running.stop();
    const hostsPerTick = ticks.map((samples) => samples.map((sample) => sample.host).join(","));
    expect(hostsPerTick).toEqual(["client,server", "client", "client", "client"]);
    expect(errors).toEqual([]);
  });

  it("a tick slower than the interval skips tick numbers but stays on the wall-clock grid", async () => {
    const ticks: Array<{ t: number; at: number }> = [];
    const loadStart = Date.now();
    const running = makeSampler((samples) => {
      ticks.push({ t: samples[0]?.t ?? -1, at: Date.now() - loadStart });
      if (ticks.length === 1) vi.setSystemTime(Date.now() + INTERVAL * 2.5); // the first tick takes 2.5 s
    });
    await running.start(loadStart);
    await pass(INTERVAL * 7);
    await running.stop();
    // 2 and 3 fell inside the slow tick; the rest stay on the grid (the fake clock jumped 2.5 s ahead of the timers).
    expect(ticks).toEqual([
      { t: 1, at: 1000 },
      { t: 4, at: 4000 },
      { t: 5, at: 5000 },
      { t: 6, at: 6000 },
      { t: 7, at: 7000 },
      { t: 8, at: 8000 },
      { t: 9, at: 9000 },
    ]);
  });

  it("stop takes no more ticks", async () => {
    let count = 0;
    const running = makeSampler(() => count++);
    await running.start(Date.now());
    await pass(INTERVAL + 1); // just after tick 1
    await running.stop();
    expect(count).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
    await pass(INTERVAL * 3);
    expect(count).toBe(1);
  });

  it("an onSample that throws is reported, not thrown out of the timer", async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const running = makeSampler(
      () => {
        calls++;
        throw new Error("subscriber failed");
      },
      (error) => errors.push(error),
    );
    await running.start(Date.now());
    await pass(INTERVAL * 3.5);
    await running.stop();
    expect(calls).toBe(3);
    expect(errors).toHaveLength(3);
  });

  it("rejects duplicate hosts and a non-positive interval", () => {
    expect(() => createSampler({ hosts: [], intervalMs: 0 })).toThrow(/intervalMs/);
    const host = { host: "client" as const, pid: 1, portRange: null, usablePorts: null };
    expect(() => createSampler({ hosts: [host, host] })).toThrow(/once/);
  });
});
