import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { isPortlabError } from "../../src/core/errors.js";
import type { Scenario } from "../../src/core/scenario.js";
import { scenarios } from "../../src/engine/scenarios.js";

/** Either a frozen Scenario or a PortlabError of kind invalid-input with no stack trace in its text. */
function assertScenarioOrInvalidInput(text: string): boolean {
  let scenario: Scenario | undefined;
  try {
    scenario = scenarios.parseText(text, "fuzz.yaml");
  } catch (error) {
    if (!isPortlabError(error) || error.kind !== "invalid-input") throw error;
    expect(error.message).not.toMatch(/\n\s+at /);
    expect(error.message.length).toBeGreaterThan(0);
    return false;
  }
  expect(Object.isFrozen(scenario)).toBe(true);
  return true;
}

const keys = {
  top: ["name", "description", "load", "clients", "profiles", "server", "sandbox"],
  nested: [
    "rate",
    "concurrency",
    "rampFrom",
    "ramp",
    "duration",
    "maxRequests",
    "timeout",
    "maxInFlight",
    "kind",
    "close",
    "connections",
    "extends",
    "explanation",
    "topology",
    "ifUnavailable",
    "client",
    "server",
    "sysctls",
    "sourceAddresses",
    "listenPorts",
    "port",
    "workers",
    "keepaliveTimeout",
    "keepaliveRequests",
    "backlog",
    "bodyBytes",
    "driver",
    "subnet",
    "tcp_tw_reuse",
    "net.ipv4.ip_local_port_range",
    "__proto__",
  ],
};

/** Values near the format: real keys and words, numbers at the edges, nested mappings and lists. */
const plausibleValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom(
      "short",
      "pooled",
      "autocannon",
      "narrow-range",
      "linux-default",
      "10s",
      "1500ms",
      "2m",
      "40000 40999",
      "198.18.0.0/24",
      "client-first",
      "reset",
      "netns",
      "",
      "$(id)",
      "../x",
    ),
    fc.oneof(
      fc.integer({ min: -2, max: 70_000 }),
      fc.double(),
      fc.constantFrom(0, 1, 16, 2000, 1e9, Number.NaN, Number.POSITIVE_INFINITY),
    ),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...keys.nested), tie("value"), { maxKeys: 4 }),
  ),
})).value;

const plausibleScenario = fc.dictionary(fc.constantFrom(...keys.top), plausibleValue, { maxKeys: 7 });

describe("parseScenarioText never fails any other way", () => {
  it("arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: "binary" }), (text) => {
        assertScenarioOrInvalidInput(text);
      }),
      { numRuns: 300 },
    );
  });

  it("arbitrary YAML-ish text built from format tokens", () => {
    const token = fc.constantFrom(
      "name:",
      " x",
      "\n",
      "  ",
      "- ",
      "load:",
      "rate: ",
      "[",
      "]",
      "{",
      "}",
      ",",
      "&a ",
      "*a",
      "!!binary ",
      "? ",
      "---\n",
      "#",
      "\t",
      "'",
      '"',
      "-1",
      ".nan",
      "<<: ",
    );
    const text = fc.array(token, { maxLength: 40 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(text, (value) => {
        assertScenarioOrInvalidInput(value);
      }),
      { numRuns: 300 },
    );
  });

  it("arbitrary JSON values", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        assertScenarioOrInvalidInput(stringify(value));
      }),
      { numRuns: 200 },
    );
  });

  it("scenario-shaped mappings with arbitrary values", () => {
    let accepted = 0;
    const named = plausibleScenario.map((value) => ({ ...value, name: "fuzz" }));
    fc.assert(
      fc.property(fc.oneof(plausibleScenario, named), (value) => {
        if (assertScenarioOrInvalidInput(stringify(value))) accepted++;
      }),
      { numRuns: 400 },
    );
    // Some inputs must get through validation, or normalisation and the rules were never exercised.
    expect(accepted).toBeGreaterThan(0);
  });
});
