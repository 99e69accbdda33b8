import type * as z from "zod";
import { invalidInput, type PortlabError } from "../core/errors.js";

/** One problem in a scenario, at a path in the raw document (empty path: the document itself). */
export interface ScenarioIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

export interface IssueContext {
  /** The file name, or what else the input came from ("command line"). */
  readonly source: string;
  /** "line:col" of the value at a path, when the input was YAML text. */
  readonly locate?: (path: readonly PropertyKey[]) => string | null;
  /** The flag that wrote the value at a path, so flag problems name the flag. */
  readonly flagFor?: (path: readonly PropertyKey[]) => string | null;
}

export const scenarioErrorCode = "INVALID_SCENARIO";
const maxLines = 50;
const formatHint =
  "fix each listed problem; the format is described by scenarios/portlab.schema.json (point your editor's YAML schema at it)";

/** zod issues → ScenarioIssues, looking through unions to the branch that matched the input's shape. */
export function issuesFromZod(
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly PropertyKey[] = [],
): ScenarioIssue[] {
  const result: ScenarioIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      const matching = issue.errors.filter((branch) => !isShapeMismatch(branch));
      if (matching.length === 1 && matching[0]) {
        result.push(...issuesFromZod(matching[0], path));
        continue;
      }
    }
    // One unknown key: point at the key itself, so the line names it and the position finds it.
    const unknownKey =
      issue.code === "unrecognized_keys" && issue.keys.length === 1 ? issue.keys[0] : undefined;
    result.push({ path: unknownKey === undefined ? path : [...path, unknownKey], message: issue.message });
  }
  return result;
}

/** A union branch that failed only because the input is of another type (a string, not a mapping). */
function isShapeMismatch(branch: readonly z.core.$ZodIssue[]): boolean {
  const only = branch.length === 1 ? branch[0] : undefined;
  return (
    only !== undefined &&
    only.path.length === 0 &&
    (only.code === "invalid_type" || only.code === "invalid_value")
  );
}

/** `load.rate`, `clients[2].kind`, `profiles[0].client.sysctls["net.ipv4.tcp_tw_reuse"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const part of path) {
    if (typeof part === "number") text += `[${part}]`;
    else if (typeof part === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(part))
      text += text === "" ? part : `.${part}`;
    else text += `[${JSON.stringify(String(part))}]`;
  }
  return text;
}

export function formatIssue(issue: ScenarioIssue, context: IssueContext): string {
  const flag = context.flagFor?.(issue.path) ?? null;
  if (flag !== null) return `${flag}: ${issue.message}`;
  const where = context.locate?.(issue.path) ?? null;
  const path = issue.path.length === 0 ? "(top level)" : formatPath(issue.path);
  return `${context.source}${where === null ? "" : `:${where}`}: ${path}: ${issue.message}`;
}

/** The error for a scenario with problems: every problem, one per line, deduplicated. */
export function invalidScenario(issues: readonly ScenarioIssue[], context: IssueContext): PortlabError {
  const lines = [...new Set(issues.map((issue) => formatIssue(issue, context)))];
  const shown = lines.slice(0, maxLines);
  if (lines.length > maxLines) shown.push(`… and ${lines.length - maxLines} more problems`);
  return invalidInput(scenarioErrorCode, shown.join("\n"), formatHint);
}

/** A problem with the input as a whole (missing file, not YAML, too big): one line. */
export function unreadableScenario(source: string, message: string, hint: string): PortlabError {
  return invalidInput(scenarioErrorCode, `${source}: ${message}`, hint);
}
