import type * as z from "zod";
import { formatPath } from "../scenario/issues.js";

/**
 * The first way a document breaks the summary schema, as one sentence naming the field by its path
 * (`runs[0].okPerSec is a string, not a number`); the count of the others follows, so the line stays one line.
 */
export function summaryProblem(issues: readonly z.core.$ZodIssue[], document: unknown): string {
  const [first] = issues;
  if (first === undefined) return "not a portlab summary";
  const more =
    issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : "";
  return `${issueText(first, document)}${more}`;
}

function issueText(issue: z.core.$ZodIssue, document: unknown): string {
  const field = issue.path.length === 0 ? "the top level" : formatPath(issue.path);
  if (issue.code !== "invalid_type")
    return `${field}: ${issue.message.replace(/^[A-Z]/, (c) => c.toLowerCase())}`;
  const expected = kindName(issue.expected);
  const found = valueAt(document, issue.path);
  return found.present
    ? `${field} is ${kindOf(found.value)}, not ${expected}`
    : `${field} is missing (it must be ${expected})`;
}

/** The value at a path of the parsed JSON; only the type of it is ever shown (a crafted value could be anything). */
function valueAt(document: unknown, path: readonly PropertyKey[]): { present: boolean; value?: unknown } {
  let value = document;
  for (const key of path) {
    if (typeof value !== "object" || value === null || !Object.hasOwn(value, key)) return { present: false };
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return { present: true, value };
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return kindName(typeof value);
}

function kindName(type: string): string {
  if (type === "record") return "an object";
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
