import { expect, it } from "vitest";
import { describePrivilegedScenario, expectTornDown } from "../support/privileged-scenario.js";
import { describeRun, runOf } from "../support/run-engine.js";

// 1,000 usable ports at 2,000 new connections/s: the first port error is due 500 ms after the load starts.
const scenarioYaml = `
name: reproduce-close-modes
load: { rate: 2000, duration: 2s }
clients:
  - { kind: short, close: client-first }
  - { kind: short, close: server-first }
  - { kind: short, close: reset }
  - { kind: pooled, connections: 16 }
profiles: [narrow-range]
`;

describePrivilegedScenario(
  "issue 3: who closes first decides who runs out of ports",
  { scenarios: { engine: { yaml: scenarioYaml } } },
  (ran) => {
    it("runs every client and tears down cleanly", () => {
      expect(ran.engine.summary.runs.map((run) => run.status)).toEqual(["ran", "ran", "ran", "ran"]);
      expectTornDown(ran.engine, 4);
    });

    it("short/client-first exhausts 1,000 ports about 500 ms in, with the client holding ~1,000 TIME_WAIT", () => {
      const run = runOf(ran.engine.summary, "narrow-range", "short/client-first");
      expect(run.ports?.usable).toBe(1000);
      expect(run.errors.EADDRNOTAVAIL ?? 0, describeRun(run)).toBeGreaterThan(0);
      const first = run.firstErrorMs.EADDRNOTAVAIL ?? Number.NaN;
      expect(first, describeRun(run)).toBeGreaterThanOrEqual(375);
      expect(first, describeRun(run)).toBeLessThanOrEqual(625);
      expect(run.exhaustedAtMs).toBe(first);
      expect(run.peak.client?.TIME_WAIT ?? 0, describeRun(run)).toBeGreaterThanOrEqual(950);
      expect(run.peak.server?.TIME_WAIT ?? 0).toBeLessThanOrEqual(5);
      expect(run.minFreePorts).toBe(0);
      // Each port served exactly one connection: nothing frees a port within 60 s.
      expect(run.connectionsOpened).toBeGreaterThanOrEqual(990);
      expect(run.connectionsOpened).toBeLessThanOrEqual(1000);
    });

    it("short/server-first never runs out: TIME_WAIT moves to the server", () => {
      const run = runOf(ran.engine.summary, "narrow-range", "short/server-first");
      expect(run.errors, describeRun(run)).toEqual({});
      expect(run.exhaustedAtMs).toBeNull();
      expect(run.requests.ok).toBe(run.requests.sent);
      expect(run.requests.sent).toBeGreaterThanOrEqual(3900);
      expect(run.peak.client?.TIME_WAIT ?? 0, describeRun(run)).toBeLessThanOrEqual(5);
      // Nearly every connection passed through TIME_WAIT on the server (TcpExt TW counts entries)...
      expect(run.counters.server.TW ?? 0, describeRun(run)).toBeGreaterThanOrEqual(0.9 * run.requests.sent);
      // ...yet the server holds at most one entry per client port: connect() reuses a freed port, and a SYN for a
      // 4-tuple in TIME_WAIT takes it over. connect() prefers ports of one parity while they are free, so about half
      // of the 1,000-port range (~500) is what the server's TIME_WAIT count levels off at.
      const serverTimeWait = run.peak.server?.TIME_WAIT ?? 0;
      expect(serverTimeWait, describeRun(run)).toBeGreaterThanOrEqual(400);
      expect(serverTimeWait, describeRun(run)).toBeLessThanOrEqual(1000);
    });

    it("short/reset leaves TIME_WAIT on neither side", () => {
      const run = runOf(ran.engine.summary, "narrow-range", "short/reset");
      expect(run.errors, describeRun(run)).toEqual({});
      expect(run.requests.ok).toBe(run.requests.sent);
      expect(run.peak.client?.TIME_WAIT ?? 0, describeRun(run)).toBeLessThanOrEqual(5);
      expect(run.peak.server?.TIME_WAIT ?? 0, describeRun(run)).toBeLessThanOrEqual(5);
      expect(run.counters.client.TW ?? 0).toBeLessThanOrEqual(5);
      expect(run.counters.server.EstabResets ?? 0, describeRun(run)).toBeGreaterThanOrEqual(
        0.9 * run.requests.sent,
      );
    });

    it("pooled(16) at the same rate holds ~16 ports and never fails", () => {
      const run = runOf(ran.engine.summary, "narrow-range", "pooled(16)");
      expect(run.errors, describeRun(run)).toEqual({});
      expect(run.requests.ok).toBe(run.requests.sent);
      expect(run.requests.sent).toBeGreaterThanOrEqual(3900);
      expect(run.connectionsOpened, describeRun(run)).toBeGreaterThanOrEqual(14);
      expect(run.connectionsOpened, describeRun(run)).toBeLessThanOrEqual(16);
      expect(run.peak.client?.portsInUse ?? 0, describeRun(run)).toBeLessThanOrEqual(18);
      expect(run.peak.client?.TIME_WAIT ?? 0).toBeLessThanOrEqual(2);
      expect(run.prediction?.exhaustedAtMs).toBeNull();
    });
  },
);
