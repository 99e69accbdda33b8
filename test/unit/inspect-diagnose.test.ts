import { describe, expect, it } from "vitest";
import { diagnose, type InspectReport } from "../../src/inspect/diagnose.js";
import { attributeNewConnections } from "../../src/inspect/new-connections.js";
import { readingOf } from "../../src/inspect/reading.js";
import { renderText } from "../../src/inspect/render-text.js";
import { constantRateExhaustionMs, TIME_WAIT_MS } from "../../src/kernel/model-formulas.js";
import { fixtureFile, fixtureReading, fixtureValues } from "../support/inspect-fixture.js";

/**
 * Recorded by test/fixtures/inspect/record.sh in a client namespace (range 40000-40999, a dual-stack listener
 * on 40500): reading 1 holds 200 TIME_WAIT toward 198.18.0.1:8080, 4 ESTABLISHED toward :8081, 2 CLOSE_WAIT
 * toward :8082 and loopback connections to the listener; 50 more client-first connections to :8080 and one
 * more to :8081 were made before reading 2, 1.149 s later.
 */

const before = fixtureReading(1);
const after = fixtureReading(2);
const report: InspectReport = diagnose(before, after, fixtureValues, { kind: "netns", name: "client" });
const byRemote = (remote: string, local = "198.18.0.2") =>
  report.destinations.find((d) => d.remote === remote && d.local === local);

describe("inspect on a recorded client namespace", () => {
  it("groups outgoing sockets by (local address, destination) with their states", () => {
    expect(report.destinations.map((d) => [d.local, d.remote, d.states])).toEqual([
      ["198.18.0.2", "198.18.0.1:8080", { TIME_WAIT: 250 }],
      ["198.18.0.2", "198.18.0.1:8081", { ESTABLISHED: 5 }],
      ["198.18.0.2", "198.18.0.1:8082", { CLOSE_WAIT: 2 }],
      ["127.0.0.1", "127.0.0.1:40500", { ESTABLISHED: 2 }],
      ["::1", "[::1]:40500", { ESTABLISHED: 1 }],
    ]);
  });

  it("counts ports per pair (the 4-tuple rule): the listener's port is out of every pair's range", () => {
    expect(report.ports).toEqual({ low: 40000, high: 40999, reserved: 0, bound: 1, usable: 999 });
    expect(byRemote("198.18.0.1:8080")).toMatchObject({ portsInUse: 250, portsLeft: 749 });
    expect(byRemote("198.18.0.1:8081")).toMatchObject({ portsInUse: 5, portsLeft: 994 });
    expect(byRemote("198.18.0.1:8082")).toMatchObject({ portsInUse: 2, portsLeft: 997 });
  });

  it("counts a socket listed twice once (a table read while it changes repeats rows)", () => {
    const table = fixtureFile("reading-2", "tcp").toString("latin1");
    const lines = table.trimEnd().split("\n");
    const repeated = [...lines, ...lines.slice(1, 40), ...lines.slice(-3)].join("\n");
    const twice = readingOf(repeated, fixtureFile("reading-2", "tcp6"), "", after.atMs);
    const key = "198.18.0.2 198.18.0.1:8080";
    expect(twice.sockets.destinations.get(key)?.states).toEqual({ TIME_WAIT: 250 });
    expect(twice.sockets.destinations.get("198.18.0.2 198.18.0.1:8082")?.states).toEqual({ CLOSE_WAIT: 2 });
  });

  it("keeps accepted sockets apart, as inbound to the listener (IPv4-mapped folded to IPv4)", () => {
    expect(report.inbound).toEqual([
      { local: "127.0.0.1:40500", states: { ESTABLISHED: 2 } },
      { local: "[::1]:40500", states: { ESTABLISHED: 1 } },
    ]);
  });

  it("splits ActiveOpens by the new connections each destination shows", () => {
    const rates = attributeNewConnections(before, after);
    const opens = (after.activeOpens as number) - (before.activeOpens as number);
    expect(opens).toBe(51);
    expect(rates.seconds).toBeCloseTo(1.149, 3);
    expect(rates.activeOpensPerSec).toBeCloseTo(51 / 1.149, 6);
    expect(rates.perDestination.get("198.18.0.2 198.18.0.1:8080")).toBeCloseTo(50 / 1.149, 6);
    expect(rates.perDestination.get("198.18.0.2 198.18.0.1:8081")).toBeCloseTo(1 / 1.149, 6);
    expect(rates.unattributedPerSec).toBe(0);
    expect(byRemote("198.18.0.1:8080")?.newPerSec).toBe(43.5);
    expect(byRemote("198.18.0.1:8082")?.newPerSec).toBe(0);
  });

  it("predicts exhaustion toward :8080 from the model: 749 ports left at 43.5/s, no TIME_WAIT ends in time", () => {
    const destination = byRemote("198.18.0.1:8080");
    expect(destination?.portHoldS).toBe(TIME_WAIT_MS / 1000);
    const rate = 50 / 1.149;
    expect(destination?.exhaustsInS).toBeCloseTo(749 / rate, 1);
    expect(destination?.sustainablePerSec).toBeCloseTo(999 / 61.001, 1);
    // From an empty table the same rate would run out after P / r: the model's constant-rate answer.
    expect(constantRateExhaustionMs(999, rate, TIME_WAIT_MS)).toBeCloseTo((999 / rate) * 1000, 6);
    for (const other of report.destinations.slice(1)) expect(other.exhaustsInS).toBeNull();
  });

  it("names the changes that hold, each with its predicted effect", () => {
    const changes = byRemote("198.18.0.1:8080")?.changes ?? [];
    expect(changes.map((c) => [c.change, c.holds])).toEqual([
      ["a keep-alive connection pool of ~1", true],
      ["tcp_tw_reuse=1", true],
      ["ip_local_port_range=1024 65535", true],
      ["4 destination ip:ports or 4 source addresses", true],
    ]);
    expect(changes[1]?.sustainablePerSec).toBeCloseTo(999 / 1.001, 0);
    expect(changes[2]?.effect).toContain("64,511 ports");
    for (const other of report.destinations.slice(1)) expect(other.changes).toEqual([]);
  });

  it("prints the kernel parameters it read and the JSON contract's fields", () => {
    expect(report.kernelParams["net.ipv4.ip_local_port_range"]).toBe("40000 40999");
    expect(report.kernelParams["net.ipv4.tcp_tw_reuse"]).toBe("2");
    const json = JSON.parse(JSON.stringify(report)) as { destinations: Array<Record<string, unknown>> };
    for (const key of ["local", "remote", "states", "portsInUse", "portsLeft", "newPerSec", "exhaustsInS"])
      expect(json.destinations[0]).toHaveProperty(key);
  });

  it("renders a row per pair and what would fix the one that runs out", () => {
    const text = renderText(report, "network namespace client");
    expect(text).toMatch(/198\.18\.0\.2\s+198\.18\.0\.1:8080\s+0\s+250\s+0\s+0\s+250\s+749\s+44\s+in 17 s/);
    expect(text).toMatch(/198\.18\.0\.2\s+198\.18\.0\.1:8082\s+0\s+0\s+2\s+0\s+2\s+997\s+0\s+holds/);
    expect(text).toContain("would hold:\n    a keep-alive connection pool of ~1");
    expect(text).toContain("999 usable (0 reserved, 1 bound)");
  });
});
