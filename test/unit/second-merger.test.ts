import { describe, expect, it } from "vitest";
import type { TickMessage } from "../../src/clients/worker/protocol.js";
import type { HostSample } from "../../src/core/sample.js";
import { type MergedSecond, SecondMerger } from "../../src/engine/second-merger.js";

const tick = (t: number): TickMessage => ({
  type: "tick",
  t,
  sent: 1,
  ok: 1,
  errors: {},
  late: 0,
  dropped: 0,
  opened: 1,
  latencyMs: null,
  connectMs: null,
});
const sample = (t: number, host: string): HostSample => ({
  t,
  host,
  states: {},
  portsInUse: 0,
  freePorts: null,
  tw: 0,
  counters: {},
});

describe("SecondMerger", () => {
  it("emits a second once the tick and the samples are in, in order", () => {
    const seen: MergedSecond[] = [];
    const merger = new SecondMerger(["client", "server"], (second) => seen.push(second));
    merger.addSample(sample(1, "server"));
    merger.addSample(sample(1, "client"));
    expect(seen).toHaveLength(0);
    merger.addTick(tick(1));
    expect(seen.map((second) => second.t)).toEqual([1]);
    expect(seen[0]?.server?.host).toBe("server");
    expect(seen[0]?.samples.map((s) => s.host)).toEqual(["client", "server"]);
  });

  it("releases an earlier incomplete second when a later one completes, and flushes the rest", () => {
    const seen: MergedSecond[] = [];
    const merger = new SecondMerger(["client"], (second) => seen.push(second));
    merger.addTick(tick(1));
    merger.addTick(tick(2));
    merger.addSample(sample(2, "client"));
    expect(seen.map((second) => [second.t, second.client !== null])).toEqual([
      [1, false],
      [2, true],
    ]);
    merger.addSample(sample(3, "client"));
    merger.flush();
    expect(seen.map((second) => second.t)).toEqual([1, 2, 3]);
    expect(seen[2]?.tick).toBeNull();
  });

  it("waits for every host, router and several clients included", () => {
    const seen: MergedSecond[] = [];
    const merger = new SecondMerger(["client-1", "client-2", "router", "server"], (second) =>
      seen.push(second),
    );
    merger.addTick(tick(1));
    for (const host of ["client-1", "router", "server"]) merger.addSample(sample(1, host));
    expect(seen).toHaveLength(0);
    merger.addSample(sample(1, "client-2"));
    expect(seen[0]?.client?.host).toBe("client-1");
    expect(seen[0]?.samples).toHaveLength(4);
  });
});

describe("SecondMerger with the load in several client hosts", () => {
  it("waits for every load host's tick, sums them and keeps each host's own", () => {
    const seen: MergedSecond[] = [];
    const merger = new SecondMerger(
      ["client-1", "client-2", "router", "server"],
      (second) => seen.push(second),
      ["client-1", "client-2"],
    );
    for (const host of ["client-1", "client-2", "router", "server"]) merger.addSample(sample(1, host));
    merger.addTick({ ...tick(1), ok: 3 }, "client-1");
    expect(seen).toHaveLength(0);
    merger.addTick({ ...tick(1), ok: 4 }, "client-2");
    expect(seen[0]?.tick?.ok).toBe(7);
    expect(seen[0]?.ticks["client-2"]?.ok).toBe(4);
  });
});
