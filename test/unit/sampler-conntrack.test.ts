import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { HostSample } from "../../src/core/sample.js";
import { parseConntrackStats, selectConntrackCounters } from "../../src/sampler/conntrack.js";
import { createSampler } from "../../src/sampler/sampler.js";

const fixtures = join(import.meta.dirname, "../fixtures");
const read = (path: string): string => readFileSync(join(fixtures, path), "latin1");

describe("parseConntrackStats", () => {
  it("sums the per-CPU hex rows of a NAT router that dropped SYNs, and takes entries once", () => {
    const stats = parseConntrackStats(read("proc/router-nat/stat/nf_conntrack"));
    expect(stats?.entries).toBe(10); // 0x0a on both rows: the namespace's count, not per CPU
    expect(stats?.counters.insert_failed).toBe(0x0c + 0x20);
    expect(stats?.counters.drop).toBe(44);
    expect(stats && selectConntrackCounters(stats)).toEqual({
      found: 0,
      insert_failed: 44,
      drop: 44,
      early_drop: 0,
    });
  });

  it("reads every column by its header name", () => {
    const stats = parseConntrackStats(read("conntrack/nf_conntrack-2cpu"));
    expect(stats?.counters).toMatchObject({ found: 2, insert_failed: 0x48 + 0x19, drop: 97, clashres: 0 });
    expect(stats?.counters.entries).toBeUndefined();
  });

  it("is null for a file without the header, and skips values that are not hex", () => {
    expect(parseConntrackStats("")).toBeNull();
    expect(parseConntrackStats("found drop\n1 2\n")).toBeNull();
    expect(parseConntrackStats("entries found drop\n00000003 zz 00000001\n")).toEqual({
      counters: { drop: 1 },
      entries: 3,
    });
  });
});

describe("a sampled NAT router", () => {
  let procRoot = "";
  afterEach(() => rmSync(procRoot, { recursive: true, force: true }));

  it("reports conntrack counters as deltas, the entries each second and their peak", async () => {
    procRoot = mkdtempSync(join(tmpdir(), "portlab-router-"));
    const install = (fixture: string) => {
      rmSync(join(procRoot, "7"), { recursive: true, force: true });
      cpSync(join(fixtures, "proc", fixture), join(procRoot, "7", "net"), { recursive: true });
    };
    install("router-idle");
    const samples: HostSample[] = [];
    const sampler = createSampler({
      hosts: [{ host: "router", pid: 7, portRange: null, usablePorts: null, conntrack: true }],
      intervalMs: 30,
      procRoot,
      onSample: (batch) => samples.push(...batch),
    });
    await sampler.start(Date.now());
    install("router-nat");
    await new Promise((resolve) => setTimeout(resolve, 100));
    await sampler.stop();
    expect(samples[0]?.conntrackEntries).toBe(10);
    expect(samples[0]?.counters.drop).toBeGreaterThan(0);
    expect(sampler.summary().router).toMatchObject({
      peakConntrackEntries: 10,
      counters: { insert_failed: 44, drop: 44, early_drop: 0, found: 0 },
    });
  });
});
