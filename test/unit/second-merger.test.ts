import { describe, expect, it } from "vitest";
import type { TickMessage } from "../../src/clients/protocol.js";
import { type MergedSecond, SecondMerger } from "../../src/engine/second-merger.js";
import type { HostSample } from "../../src/sampler/types.js";

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
const sample = (t: number, host: "client" | "server"): HostSample => ({
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
    const merger = new SecondMerger((second) => seen.push(second));
    merger.addSamples([sample(1, "client"), sample(1, "server")]);
    expect(seen).toHaveLength(0);
    merger.addTick(tick(1));
    expect(seen.map((second) => second.t)).toEqual([1]);
    expect(seen[0]?.server?.host).toBe("server");
  });

  it("releases an earlier incomplete second when a later one completes, and flushes the rest", () => {
    const seen: MergedSecond[] = [];
    const merger = new SecondMerger((second) => seen.push(second));
    merger.addTick(tick(1));
    merger.addTick(tick(2));
    merger.addSamples([sample(2, "client")]);
    expect(seen.map((second) => [second.t, second.client !== null])).toEqual([
      [1, false],
      [2, true],
    ]);
    merger.addSamples([sample(3, "client")]);
    merger.flush();
    expect(seen.map((second) => second.t)).toEqual([1, 2, 3]);
    expect(seen[2]?.tick).toBeNull();
  });
});
