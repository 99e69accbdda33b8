import * as z from "zod";
import type { ScenarioCatalog } from "./catalog.js";
import type { ActiveLimits } from "./limits.js";
import { captureSection } from "./schema-capture.js";
import { clientEntry } from "./schema-clients.js";
import { compareSection } from "./schema-compare.js";
import { documented, got, oneLine, strictMapping } from "./schema-fields.js";
import { loadSection } from "./schema-load.js";
import { identifier } from "./schema-names.js";
import { profileEntry } from "./schema-profiles.js";
import { sandboxSection, serverSection } from "./schema-server.js";
import { thresholdEntry } from "./schema-thresholds.js";

/**
 * The scenario file format, as zod: validation, per-field messages and the editor JSON Schema come
 * from this one definition. Defaults are applied after it (normalise.ts) so flags can be merged
 * into the raw document first and checked by the same schema.
 */
export function buildScenarioSchema(limits: ActiveLimits, catalog: ScenarioCatalog) {
  const kinds = catalog.clients;
  const listOf = <T extends z.ZodType>(entry: T, what: string, example: string) =>
    z
      .array(entry, { error: (issue) => `must be a list of ${what}, e.g. ${example}, ${got(issue.input)}` })
      .min(1, { error: `must list at least one of ${what}, e.g. ${example}` })
      .max(64, { error: `must list at most 64 ${what}` });
  return strictMapping(
    {
      name: identifier("short-vs-pooled", "it names the results directory").describe(
        "Scenario name: a-z, 0-9 and -, up to 48 characters; used in the results directory name.",
      ),
      description: documented(
        oneLine("what this scenario shows", 300),
        "One line: what this scenario shows.",
      ),
      load: documented(
        loadSection(limits),
        "The offered load: rate (open loop) or concurrency (closed loop).",
      ),
      clients: documented(
        listOf(clientEntry(limits, kinds), "clients", "[short, pooled]"),
        `Clients to run: ${kinds.shorthands().join(", ")}, or mappings such as { kind: short, close: server-first }.`,
        ["short", { kind: "pooled", connections: 16 }],
      ),
      profiles: documented(
        listOf(profileEntry(limits), "profiles", "[narrow-range]"),
        "Kernel-parameter profiles: library names, or inline profiles (optionally extends: <library name>). Each client runs under each profile.",
        ["narrow-range"],
      ),
      server: documented(serverSection(limits), "nginx in the server host."),
      sandbox: documented(
        sandboxSection(catalog.drivers),
        "The two hosts (network namespaces) and the link between them.",
      ),
      thresholds: documented(
        z
          .array(thresholdEntry(kinds), { error: (issue) => `must be a list of checks, ${got(issue.input)}` })
          .max(64, {
            error: "must list at most 64 thresholds",
          }),
        "CI checks on the runs they match (by profile and/or client); a failed one makes portlab run exit 4.",
      ),
      capture: documented(
        captureSection(limits),
        "Packet capture (tcpdump, headers only) inside these hosts during each run: client, server, router, all, a list, or { hosts, packets, megabytes }. Writes <host>-<run>.pcap into the run directory.",
      ),
      compare: documented(
        compareSection(),
        "Tolerances for portlab compare --scenario: how far each metric may move the wrong way before it is a regression (exit 4).",
      ),
    },
    "name: short-vs-pooled",
  );
}

export type ScenarioSchema = ReturnType<typeof buildScenarioSchema>;
/** What a scenario file may contain (the raw document). */
export type ScenarioInput = z.input<ScenarioSchema>;
/** The raw document after field validation: durations in ms, sysctls expanded and normalised. */
export type ValidatedInput = z.output<ScenarioSchema>;
