import { describe, expect, it } from "vitest";
import { cliBuilt, runPortlab } from "../support/portlab-process.js";

/**
 * `portlab inspect` through the built CLI on the test's own network namespace (no root needed) and its refusals
 * of bad flags (exit 2, one message naming the flag, before anything is read). The namespaces it is built for
 * are covered in test/privileged/inspect.test.ts.
 */

const built = cliBuilt();

interface Report {
  target: { kind: string };
  intervalS: number;
  kernelParams: Record<string, string | null>;
  ports: { low: number; high: number; usable: number };
  destinations: Array<{ local: string; remote: string; portsInUse: number; portsLeft: number }>;
}

describe.runIf(built)("portlab inspect on its own namespace", () => {
  it("--json: the report of this namespace, its kernel parameters and a consistent port count per pair", async () => {
    const exit = await runPortlab(["inspect", "--interval", "300ms", "--json"], { timeoutMs: 15_000 });
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stderr).toBe("");
    const report = JSON.parse(exit.stdout) as Report;
    expect(report.target).toEqual({ kind: "current" });
    expect(report.intervalS).toBeGreaterThanOrEqual(0.3);
    const range = report.kernelParams["net.ipv4.ip_local_port_range"]?.split(" ").map(Number);
    expect([report.ports.low, report.ports.high]).toEqual(range);
    for (const destination of report.destinations)
      expect(destination.portsInUse + destination.portsLeft).toBe(report.ports.usable);
  });

  it("--nat-ports 1024: each pair is judged against the gateway's budget, not the local range", async () => {
    const exit = await runPortlab(["inspect", "--interval", "200ms", "--nat-ports", "1024", "--json"], {
      timeoutMs: 15_000,
    });
    expect(exit.code, exit.stderr).toBe(0);
    const report = JSON.parse(exit.stdout) as Report & { natPorts: number | null };
    expect(report.natPorts).toBe(1024);
    for (const destination of report.destinations)
      expect(destination.portsInUse + destination.portsLeft).toBe(Math.max(1024, destination.portsInUse));
    const text = await runPortlab(["inspect", "--interval", "200ms", "--nat-ports", "64"], {
      timeoutMs: 15_000,
    });
    expect(text.stdout).toMatch(/^NAT gateway: 64 SNAT ports per destination for this node \(--nat-ports\)/m);
  });

  it("--watch --count 2: two reports, one JSON line each, a second apart", async () => {
    const exit = await runPortlab(["inspect", "--watch", "--count", "2", "--json"], { timeoutMs: 15_000 });
    expect(exit.code, exit.stderr).toBe(0);
    const lines = exit.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    const [first, second] = lines.map((line) => JSON.parse(line) as { at: string });
    const apart = Date.parse(second?.at ?? "") - Date.parse(first?.at ?? "");
    expect(apart).toBeGreaterThan(800);
    expect(apart).toBeLessThan(1500);
  });

  it("the text form names the namespace and the parameters", async () => {
    const exit = await runPortlab(["inspect", "--interval", "200ms"], { timeoutMs: 15_000 });
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stdout).toMatch(/^portlab inspect: this network namespace · kernel /);
    expect(exit.stdout).toMatch(/^ports: ip_local_port_range \d+-\d+: [\d,]+ usable/m);
    expect(exit.stdout).toContain("tcp_fin_timeout=");
  });

  const refusals: Array<[string, string[], string]> = [
    ["an interval that is not a duration", ["--interval", "soon"], "--interval"],
    ["an interval of 0", ["--interval", "0s"], "--interval"],
    ["an interval over 60 s", ["--interval", "2m"], "--interval"],
    ["--count without --watch", ["--count", "3"], "--count needs --watch"],
    ["a count of 0", ["--watch", "--count", "0"], "--count"],
    ["a pid that is not a number", ["--pid", "abc"], "--pid"],
    ["a negative pid", ["--pid", "-4"], "--pid"],
    ["a pid with no process", ["--pid", "999999999"], "--pid 999999999: no such process"],
    ["a namespace that does not exist", ["--netns", "portlab-no-such-ns"], "no such network namespace"],
    ["a namespace name with a path in it", ["--netns", "../../etc"], "no such network namespace"],
    ["--netns and --pid together", ["--netns", "x", "--pid", "1"], "mutually exclusive"],
    ["a NAT budget that is not a number", ["--nat-ports", "many"], "--nat-ports"],
    ["a NAT budget of 0", ["--nat-ports", "0"], '--nat-ports "0" is not a number of ports'],
    ["a fractional NAT budget", ["--nat-ports", "1.5"], "--nat-ports"],
    ["a NAT budget over 1,048,576", ["--nat-ports", "2000000"], "--nat-ports"],
  ];
  for (const [label, args, names] of refusals) {
    it(`refuses ${label} (exit 2)`, async () => {
      const exit = await runPortlab(["inspect", ...args], { timeoutMs: 15_000 });
      expect(exit.code, exit.stderr).toBe(2);
      expect(exit.stdout).toBe("");
      expect(exit.stderr).toMatch(/^portlab: /);
      expect(exit.stderr).toContain(names);
      expect(exit.stderr).toMatch(/\n {2}fix: /);
      expect(exit.stderr).not.toContain("    at ");
    });
  }
});
