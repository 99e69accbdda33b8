import { describe, expect, it } from "vitest";
import { interpretKernelParams } from "../../src/inspect/kernel-params.js";
import { isNewConnection } from "../../src/inspect/new-connections.js";
import { freesInMs, lifetimeMsOf, portHoldOf, portOutlook } from "../../src/inspect/port-outlook.js";
import { portSpaceOf } from "../../src/inspect/port-space.js";
import { constantRateExhaustionMs, TIME_WAIT_MS } from "../../src/kernel/model-formulas.js";

const params = interpretKernelParams({
  "net.ipv4.ip_local_port_range": "40000 40999",
  "net.ipv4.tcp_tw_reuse": "2",
  "net.ipv4.tcp_timestamps": "1",
});
const timeWait = portHoldOf({ TIME_WAIT: 1 }, false, params);
const base = { usable: 1000, inUse: 0, ratePerSec: 100, lifetimeMs: 1, hold: timeWait, freesInMs: [] };

describe("portOutlook: the model on the table as it is", () => {
  it("from an empty table it is the model's P / r", () => {
    const outlook = portOutlook(base);
    expect(outlook.exhaustsInMs).toBeCloseTo(
      constantRateExhaustionMs(1000, 100, 1 + TIME_WAIT_MS) as number,
      6,
    );
    expect(outlook.exhaustsInMs).toBeCloseTo(10_000, 6);
    expect(outlook.sustainablePerSec).toBeCloseTo(1000 / 61.001, 6);
  });

  it("counts the ports held now and frees them when their TIME_WAIT ends", () => {
    expect(portOutlook({ ...base, inUse: 400 }).exhaustsInMs).toBeCloseTo(6000, 6);
    // 400 held, 300 of them end at 2 s: 600 left − 200 used by then + 300 freed = 700 more at 100/s.
    const frees = Array(300).fill(2000);
    expect(portOutlook({ ...base, inUse: 400, freesInMs: frees }).exhaustsInMs).toBeCloseTo(9000, 6);
  });

  it("holds at or below the sustainable rate, and says 0 when nothing is left", () => {
    expect(portOutlook({ ...base, ratePerSec: 16 }).exhaustsInMs).toBeNull();
    expect(portOutlook({ ...base, ratePerSec: 0 }).exhaustsInMs).toBeNull();
    expect(portOutlook({ ...base, inUse: 1000 }).exhaustsInMs).toBe(0);
  });

  it("holds when no TIME_WAIT keeps the ports, and when tcp_max_tw_buckets caps it", () => {
    const peerCloses = portHoldOf({ ESTABLISHED: 3 }, false, params);
    expect(peerCloses.holdMs).toBe(0);
    expect(portOutlook({ ...base, ratePerSec: 5000, hold: peerCloses }).exhaustsInMs).toBeNull();
    const capped = portHoldOf({ TIME_WAIT: 1 }, false, { ...params, maxTwBuckets: 256 });
    expect(portOutlook({ ...base, ratePerSec: 500, hold: capped }).exhaustsInMs).toBeNull();
  });

  it("tcp_tw_reuse: 2 reuses only toward loopback, 1 everywhere with timestamps, never without them", () => {
    expect(portHoldOf({ TIME_WAIT: 1 }, true, params).holdMs).toBe(1000);
    expect(portHoldOf({ TIME_WAIT: 1 }, false, params).holdMs).toBe(TIME_WAIT_MS);
    expect(portHoldOf({ TIME_WAIT: 1 }, false, { ...params, twReuse: 1 }).holdMs).toBe(1000);
    expect(portHoldOf({ TIME_WAIT: 1 }, false, { ...params, twReuse: 1, timestamps: false }).holdMs).toBe(
      TIME_WAIT_MS,
    );
  });

  it("with reuse a TIME_WAIT port older than the delay is free now", () => {
    const reuse = portHoldOf({ TIME_WAIT: 1 }, false, { ...params, twReuse: 1 });
    const connections = new Map([
      [40001, { state: "TIME_WAIT" as const, inode: 0, timerMs: 59_500 }], // 0.5 s old
      [40002, { state: "TIME_WAIT" as const, inode: 0, timerMs: 30_000 }], // 30 s old
      [40003, { state: "ESTABLISHED" as const, inode: 7, timerMs: 0 }],
    ]);
    expect(freesInMs(connections, () => true, reuse)).toEqual([0, 500]);
    expect(freesInMs(connections, () => true, timeWait)).toEqual([30_000, 59_500]);
    expect(freesInMs(connections, (port) => port !== 40002, timeWait)).toEqual([59_500]);
  });

  it("estimates the connection lifetime by Little's law", () => {
    expect(lifetimeMsOf({ ESTABLISHED: 20, TIME_WAIT: 900 }, 100)).toBe(200);
    expect(lifetimeMsOf({ TIME_WAIT: 900 }, 100)).toBe(1);
    expect(lifetimeMsOf({ ESTABLISHED: 20 }, 0)).toBe(1);
  });
});

describe("isNewConnection", () => {
  const tw = (timerMs: number) => ({ state: "TIME_WAIT" as const, inode: 0, timerMs });
  const open = (inode: number) => ({ state: "ESTABLISHED" as const, inode, timerMs: 0 });

  it("a port not seen before, or a different socket on it, is new", () => {
    expect(isNewConnection(undefined, 0, open(5), 3000)).toBe(true);
    expect(isNewConnection(open(5), 0, open(6), 3000)).toBe(true);
    expect(isNewConnection(open(5), 0, open(5), 3000)).toBe(false);
  });

  it("a TIME_WAIT entry that started after the first reading replaced the old one", () => {
    expect(isNewConnection(tw(50_000), 0, tw(47_000), 3000)).toBe(false); // the same entry, 3 s on
    expect(isNewConnection(tw(50_000), 0, tw(59_000), 3000)).toBe(true); // started 1 s before the 2nd reading
    expect(isNewConnection(tw(50_000), 0, open(9), 3000)).toBe(true); // tcp_tw_reuse took the port over
  });

  it("an open connection that closed since is the same one", () => {
    expect(isNewConnection(open(5), 0, tw(58_000), 3000)).toBe(false);
    expect(isNewConnection(open(5), 0, { state: "FIN_WAIT2", inode: 0, timerMs: 0 }, 3000)).toBe(false);
  });
});

describe("portSpaceOf", () => {
  it("takes reserved and bound ports out of the range, each once", () => {
    const space = portSpaceOf({ low: 40000, high: 40999 }, "40000-40009,40005,50000", [40005, 40500, 30000]);
    expect(space).toMatchObject({ reserved: 10, bound: 1, usable: 989 });
    expect(space.isUsable(40500)).toBe(false);
    expect(space.isUsable(40010)).toBe(true);
    expect(space.isUsable(41000)).toBe(false);
  });
});
