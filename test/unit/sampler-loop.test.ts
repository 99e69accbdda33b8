import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSampler, type Sampler } from "../../src/sampler/sampler.js";
import type { HostSample } from "../../src/sampler/types.js";

const fixtures = join(import.meta.dirname, "../fixtures/proc");
const CLIENT_PID = 101;
const SERVER_PID = 202;
const INTERVAL = 40;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
  procRoot = mkdtempSync(join(tmpdir(), "portlab-sampler-"));
  install(CLIENT_PID, "client-idle");
  install(SERVER_PID, "server-mixed");
});

afterEach(async () => {
  await sampler?.stop();
  sampler = null;
  rmSync(procRoot, { recursive: true, force: true });
});

describe("createSampler", () => {
  it("ticks on loadStart + k * interval with one sample per host, counters as per-second deltas", async () => {
    const ticks: Array<{ at: number; samples: HostSample[] }> = [];
    const loadStart = Date.now();
    const running = makeSampler((samples) => ticks.push({ at: Date.now(), samples }));
    await running.start(loadStart); // baseline: the idle client
    install(CLIENT_PID, "client-mixed");
    await sleep(INTERVAL * 5 + 10);
    await running.stop();

    expect(ticks.length).toBeGreaterThanOrEqual(3);
    let previousT = 0;
    for (const tick of ticks) {
      const t = tick.samples[0]?.t ?? 0;
      expect(t).toBeGreaterThan(previousT); // normally previousT + 1; more only if a timer ran late
      expect(tick.at).toBeGreaterThanOrEqual(loadStart + t * INTERVAL - 2);
      expect(tick.samples.map((sample) => sample.host)).toEqual(["client", "server"]);
      previousT = t;
    }
    const [client, server] = ticks[0]?.samples ?? [];
    expect(client).toMatchObject({
      states: { ESTABLISHED: 5, TIME_WAIT: 4, FIN_WAIT2: 2 },
      portsInUse: 11,
      freePorts: 989,
      tw: 4,
    });
    // 14 opens since the baseline: 350 per second over one 40 ms tick; nothing changes afterwards.
    expect(client?.counters.ActiveOpens).toBe(14 / (((client?.t ?? 1) * INTERVAL) / 1000));
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
    await sleep(INTERVAL * 1.5);
    rmSync(join(procRoot, String(SERVER_PID)), { recursive: true });
    await sleep(INTERVAL * 3);
    await running.stop();
    const hostsPerTick = ticks.map((samples) => samples.map((sample) => sample.host).join(","));
    expect(hostsPerTick[0]).toBe("client,server");
    expect(hostsPerTick.at(-1)).toBe("client");
    expect(errors).toEqual([]);
  });

  it("a tick slower than the interval skips tick numbers but stays on the wall-clock grid", async () => {
    const ticks: Array<{ t: number; at: number }> = [];
    const loadStart = Date.now();
    const running = makeSampler((samples) => {
      const at = Date.now();
      ticks.push({ t: samples[0]?.t ?? -1, at });
      if (ticks.length === 1) while (Date.now() < at + INTERVAL * 2.5); // a slow tick
    });
    await running.start(loadStart);
    await sleep(INTERVAL * 7);
    await running.stop();
    const numbers = ticks.map((tick) => tick.t);
    expect(numbers[0]).toBe(1);
    expect(numbers[1]).toBeGreaterThanOrEqual(4); // 2 and 3 fell inside the slow tick
    for (const tick of ticks) expect(tick.at).toBeGreaterThanOrEqual(loadStart + tick.t * INTERVAL - 2);
    for (let i = 1; i < numbers.length; i++) expect(numbers[i]).toBeGreaterThan(numbers[i - 1] as number);
  });

  it("stop takes no more ticks", async () => {
    let count = 0;
    const running = makeSampler(() => count++);
    const loadStart = Date.now() - INTERVAL + 20; // tick 1 is due in 20 ms
    await running.start(loadStart);
    // Fires just after tick 1.
    const stopped = await new Promise<number>((resolve) => {
      setTimeout(() => void running.stop().then(() => resolve(count)), loadStart + INTERVAL + 1 - Date.now());
    });
    expect(stopped).toBe(1);
    await sleep(INTERVAL * 3);
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
    await sleep(INTERVAL * 3.5);
    await running.stop();
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(errors).toHaveLength(calls);
  });

  it("rejects duplicate hosts and a non-positive interval", () => {
    expect(() => createSampler({ hosts: [], intervalMs: 0 })).toThrow(/intervalMs/);
    const host = { host: "client" as const, pid: 1, portRange: null, usablePorts: null };
    expect(() => createSampler({ hosts: [host, host] })).toThrow(/once/);
  });
});
