import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { hasExited, parseProcessStat, readProcessStatSync } from "../../src/core/process-stat.js";

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/proc/pid-stat/${name}.txt`, import.meta.url), "utf8");

describe("/proc/<pid>/stat", () => {
  it("reads a command holding spaces and parentheses (recorded: a copy of sleep named 'x) Z (y')", () => {
    expect(parseProcessStat(fixture("comm-with-parentheses"))).toEqual({
      pid: 15999,
      command: "x) Z (y",
      state: "S",
      ppid: 15989,
      startTime: "391920",
    });
  });

  it("tells a zombie (recorded: a forked child its parent had not reaped) from a live process", () => {
    const zombie = parseProcessStat(fixture("zombie"));
    expect(zombie).toMatchObject({ pid: 16096, command: "python3", state: "Z", ppid: 16013 });
    expect(hasExited(zombie)).toBe(true);
    expect(hasExited(parseProcessStat(fixture("comm-with-parentheses")))).toBe(false);
    expect(hasExited(null)).toBe(true);
  });

  it("refuses what is not a stat line", () => {
    expect(parseProcessStat("")).toBeNull();
    expect(parseProcessStat("12 (short) S 1")).toBeNull();
  });

  it("reads this process", () => {
    const self = readProcessStatSync(process.pid);
    expect(self).toMatchObject({
      pid: process.pid,
      ppid: process.ppid,
      state: expect.stringMatching(/^[RS]$/),
    });
    expect(self?.startTime).toMatch(/^\d+$/);
  });
});
