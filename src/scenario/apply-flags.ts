import type { Scenario } from "../core/scenario.js";
import type { ScenarioCatalog } from "./catalog.js";
import { type FlagWrite, rewriteFlags, type ScenarioFlags } from "./flags.js";
import type { IssueContext } from "./issues.js";
import { defaultScenario, rawDocumentOf, type ScenarioOptions, validateScenarioDocument } from "./parse.js";

/**
 * Flags over a scenario (or over the defaults when there is no file): the flags are rewritten into
 * the base's raw document and the result is validated like a file, so a flags-only run and the same
 * run written as a file are the same Scenario. Problems a flag caused are reported under its name.
 */
export function applyFlags(
  catalog: ScenarioCatalog,
  base: Scenario | null,
  flags: ScenarioFlags,
  options?: ScenarioOptions,
): Scenario {
  const origin = rawDocumentOf(base ?? defaultScenario(catalog));
  const rewritten = rewriteFlags(origin.raw, flags, catalog.clients);
  const context: IssueContext = {
    source: base === null ? "command line" : `${origin.source} (with flags)`,
    flagFor: (path) => flagForPath(rewritten.writes, path),
  };
  return validateScenarioDocument(catalog, rewritten.raw, context, options, rewritten.issues);
}

/** The flag that wrote the longest prefix of the path, if any. */
function flagForPath(writes: readonly FlagWrite[], path: readonly PropertyKey[]): string | null {
  let best: FlagWrite | null = null;
  for (const write of writes) {
    const isPrefix =
      write.path.length <= path.length &&
      write.path.every((part, index) => String(part) === String(path[index]));
    if (isPrefix && (best === null || write.path.length > best.path.length)) best = write;
  }
  return best?.flag ?? null;
}
