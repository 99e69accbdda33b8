import { type Document, isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from "yaml";
import { invalidInput } from "../core/errors.js";
import { scenarioErrorCode, unreadableScenario } from "./issues.js";
import { describeType } from "./sysctl.js";

export const maxScenarioBytes = 1024 * 1024;
/** Anchor bombs ("billion laughs") expand exponentially; a scenario needs few aliases if any. */
const maxAliasCount = 100;
const maxDepth = 16;
const plainTags = new Set(
  ["str", "int", "float", "bool", "null", "map", "seq"].map((tag) => `tag:yaml.org,2002:${tag}`),
);

const yamlHint = "fix the YAML at the position shown (indent with spaces, quote values with : or #)";

export interface YamlScenarioDocument {
  readonly value: Record<string, unknown>;
  /** "line:col" of the node at a path (or its nearest ancestor that exists). */
  readonly locate: (path: readonly PropertyKey[]) => string | null;
}

/** YAML text → a plain mapping, refusing binary, oversized, empty, alias-bomb and non-mapping input. */
export function readYamlMapping(text: string, source: string): YamlScenarioDocument {
  if (Buffer.byteLength(text, "utf8") > maxScenarioBytes) {
    throw unreadableScenario(
      source,
      "is larger than 1 MiB; a scenario is a short YAML file",
      "check that the path names a scenario file",
    );
  }
  if (text.includes("\u0000")) {
    throw unreadableScenario(
      source,
      "looks binary (it contains NUL bytes); a scenario is a YAML text file",
      "check that the path names a scenario file",
    );
  }
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const lineCounter = new LineCounter();
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${line}:${col}`;
  };
  const document = parseOrRefuse(body, source, lineCounter);
  const problems = [...document.errors, ...document.warnings].map(
    (problem) =>
      `${source}:${position(problem.pos[0])}: invalid YAML: ${yamlProblemText(problem.code, problem.message)}`,
  );
  problems.push(...unsupportedNodes(document, (offset) => `${source}:${position(offset)}`));
  if (problems.length > 0) {
    throw invalidInput(scenarioErrorCode, [...new Set(problems)].slice(0, 10).join("\n"), yamlHint);
  }
  const value = toPlainValue(document, source);
  if (value === null || value === undefined) {
    throw unreadableScenario(
      source,
      "is empty; a scenario needs at least `name: my-scenario`",
      "see scenarios/ for examples",
    );
  }
  if (typeof value !== "object" || Array.isArray(value)) {
    throw unreadableScenario(
      source,
      `the document is ${describeType(value)}, not a mapping; a scenario is key: value lines starting with \`name: my-scenario\``,
      "see scenarios/ for examples",
    );
  }
  if (depthOf(value) > maxDepth) {
    throw unreadableScenario(
      source,
      `nests deeper than ${maxDepth} levels; no scenario field is that deep`,
      yamlHint,
    );
  }
  const locate = (path: readonly PropertyKey[]) => {
    for (let length = path.length; length > 0; length--) {
      const offset = offsetOf(document, path.slice(0, length));
      if (offset !== null) return position(offset);
    }
    return null;
  };
  return { value: value as Record<string, unknown>, locate };
}

/** Where the entry at a path starts: a mapping entry's key, a list item itself. */
function offsetOf(document: Document, path: readonly PropertyKey[]): number | null {
  const parent = path.length === 1 ? document.contents : document.getIn(path.slice(0, -1) as unknown[], true);
  const last = path[path.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === String(last));
    return (pair?.key as { range?: number[] } | undefined)?.range?.[0] ?? null;
  }
  if (isSeq(parent) && typeof last === "number") {
    return (parent.items[last] as { range?: number[] } | undefined)?.range?.[0] ?? null;
  }
  return null;
}

function yamlProblemText(code: string, message: string): string {
  if (code === "MULTIPLE_DOCS") return "more than one YAML document (---); a scenario is one document";
  return message;
}

function parseOrRefuse(text: string, source: string, lineCounter: LineCounter): Document {
  try {
    return parseDocument(text, { uniqueKeys: true, prettyErrors: false, lineCounter, schema: "core" });
  } catch (error) {
    // The parser recurses per nesting level: absurd nesting overflows the stack.
    throw unreadableScenario(source, `cannot be parsed as YAML (${errorText(error)})`, yamlHint);
  }
}

function toPlainValue(document: Document, source: string): unknown {
  try {
    return document.toJS({ maxAliasCount });
  } catch (error) {
    if (errorText(error).includes("resource exhaustion")) {
      throw unreadableScenario(
        source,
        `uses YAML aliases that expand too far (more than ${maxAliasCount}: an alias bomb?); write the values out`,
        yamlHint,
      );
    }
    throw unreadableScenario(source, `cannot be read as YAML (${errorText(error)})`, yamlHint);
  }
}

/** Keys must be plain scalars and only the core tags are allowed (no !!binary, no custom tags). */
function unsupportedNodes(document: Document, at: (offset: number) => string): string[] {
  const problems: string[] = [];
  visit(document, {
    Pair(_, pair) {
      if (!isScalar(pair.key)) {
        const offset = (pair.key as { range?: number[] } | null)?.range?.[0] ?? 0;
        problems.push(`${at(offset)}: invalid YAML: mapping keys must be plain names, not lists or mappings`);
      }
    },
    Node(_, node) {
      if (node.tag !== undefined && !plainTags.has(node.tag)) {
        problems.push(`${at(node.range?.[0] ?? 0)}: unsupported YAML tag ${node.tag}; remove it`);
      }
    },
  });
  return problems;
}

function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current !== "object" || current === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > maxDepth) return deepest;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return deepest;
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0]?.slice(0, 200) ?? "";
}
