import { expect, it } from "vitest";
import { describePrivilegedScenario, expectTornDown } from "../support/privileged-scenario.js";
import { describeRun, runOf } from "../support/run-engine.js";

// A client that never closes (nginx closes, the client keeps every socket in CLOSE_WAIT): 1,000 ports at 500/s
// run out after ~2 s; under an open-file limit of 512 the descriptors run out first, after ~1 s.
const scenarioYaml = `
name: close-wait-test
load: { rate: 500, duration: 3s }
clients:
  - { kind: short, close: leak }
  - { kind: short, close: leak, nofile: 512 }
profiles: [narrow-range]
`;

describePrivilegedScenario(
  "issue 9: CLOSE_WAIT from a client that never closes",
  { scenarios: { engine: { yaml: scenarioYaml } } },
  (ran) => {
    it("holds a port per completed request in CLOSE_WAIT until the ports run out (EADDRNOTAVAIL)", () => {
      const run = runOf(ran.engine.summary, "narrow-range", "short/leak");
      expect(run.errors.EADDRNOTAVAIL ?? 0, describeRun(run)).toBeGreaterThan(0);
      const peak = run.peak.client?.CLOSE_WAIT ?? 0;
      // Every request that completed before the limit left its socket: the peak is that many, within a few.
      expect(Math.abs(peak - run.requests.ok), describeRun(run)).toBeLessThanOrEqual(
        run.requests.ok * 0.03 + 5,
      );
      expect(run.requests.ok).toBeGreaterThan(900);
      expect(run.requests.ok).toBeLessThanOrEqual(1000);
      expect(run.peak.client?.TIME_WAIT ?? 0).toBeLessThanOrEqual(5); // nothing closed on the client side
    });

    it("under nofile 512, the descriptors run out first (EMFILE), with the same CLOSE_WAIT per completed request", () => {
      const run = runOf(ran.engine.summary, "narrow-range", "short/leak nofile=512");
      expect(run.errors.EMFILE ?? 0, describeRun(run)).toBeGreaterThan(0);
      expect(run.errors.EADDRNOTAVAIL ?? 0).toBe(0);
      const peak = run.peak.client?.CLOSE_WAIT ?? 0;
      expect(peak, describeRun(run)).toBeLessThan(512);
      expect(Math.abs(peak - run.requests.ok), describeRun(run)).toBeLessThanOrEqual(
        run.requests.ok * 0.03 + 5,
      );
      expect(run.minFreePorts ?? 0).toBeGreaterThan(400); // ports were never the limit
    });

    it("leaves none behind: the run's hosts, and with them every leaked socket, are gone", () => {
      expectTornDown(ran.engine, 2);
    });
  },
);
