import { beforeAll, describe, expect } from "vitest";
import { privilegedTestsWith } from "./prerequisites.js";
import { type EngineRun, leftoverNamespaces, runScenarioYaml } from "./run-engine.js";

export interface ScenarioUnderTest {
  /** The scenario, as YAML text. */
  readonly yaml: string;
  /** How long it may run before it is aborted; 90 s unless told. */
  readonly timeoutMs?: number;
  /** Sees the run directory before it is removed (samples.ndjson, captures). */
  readonly inspect?: (directory: string) => Promise<void> | void;
}

/**
 * A describe block of privileged tests that run scenarios through the real engine: it needs root, ip and nginx
 * and `tools` besides (nft for a NAT router, tcpdump for captures). Outside CI a missing prerequisite skips it
 * with a visible reason; under CI=true it fails. Each scenario runs once, in order, before the block's tests;
 * `body` gets their EngineRuns by name, to read inside its tests (reading one earlier, or after its run failed,
 * throws).
 */
export function describePrivilegedScenario<Name extends string>(
  title: string,
  options: { readonly tools?: readonly string[]; readonly scenarios: Record<Name, ScenarioUnderTest> },
  body: (runs: Readonly<Record<Name, EngineRun>>) => void,
): void {
  const enabled = privilegedTestsWith(options.tools ?? []);
  const scenarios = Object.entries(options.scenarios) as Array<[Name, ScenarioUnderTest]>;
  const timeoutMs = (scenario: ScenarioUnderTest) => scenario.timeoutMs ?? 90_000;
  describe.runIf(enabled)(title, () => {
    const done = new Map<Name, EngineRun>();
    const runs = {} as Record<Name, EngineRun>;
    for (const [name] of scenarios)
      Object.defineProperty(runs, name, {
        enumerable: true,
        get: () => {
          const run = done.get(name);
          if (run === undefined) throw new Error(`scenario ${name} has not run (see its beforeAll)`);
          return run;
        },
      });
    beforeAll(
      async () => {
        for (const [name, scenario] of scenarios)
          done.set(name, await runScenarioYaml(scenario.yaml, timeoutMs(scenario), scenario.inspect));
      },
      scenarios.reduce((sum, [, scenario]) => sum + timeoutMs(scenario), 0),
    );
    body(runs);
  });
}

/** A clean engine run: no error logged, `sandboxes` sandboxes made, and none of their namespaces left. */
export function expectTornDown(engine: EngineRun, sandboxes: number): void {
  expect(engine.errors).toEqual([]);
  expect(engine.sandboxIds).toHaveLength(sandboxes);
  expect(leftoverNamespaces(engine.sandboxIds)).toEqual([]);
}
