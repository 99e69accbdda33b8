import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ScenarioSummary } from "../../src/core/run-summary.js";
import { renderCompareMarkdown } from "../../src/results/compare-render.js";
import { compareSummaries } from "../../src/results/compare-runs.js";
import { markdownCodeSpan, markdownListItem, markdownText } from "../../src/results/markdown-text.js";
import type { ReadRun } from "../../src/results/summary-extras.js";

const runsOf = (name: string, profile: string) =>
  (
    JSON.parse(
      readFileSync(join(import.meta.dirname, "..", "fixtures", "runs", name, "summary.json"), "utf8"),
    ) as ScenarioSummary
  ).runs.map((run) => ({ ...run, profile }) as ReadRun);

/** Characters of a Markdown line that are not backslash-escaped (outside code spans these are all live). */
const unescaped = (line: string, character: string) =>
  [...line.matchAll(/\\?[\s\S]/g)].filter((match) => match[0] === character).length;

describe("Markdown text", () => {
  it("in a code span: a fence longer than any backtick run, padded where CommonMark would strip or merge", () => {
    expect(markdownCodeSpan("results/run/summary.json")).toBe("`results/run/summary.json`");
    expect(markdownCodeSpan("a`b")).toBe("``a`b``");
    expect(markdownCodeSpan("x ``` y")).toBe("````x ``` y````");
    expect(markdownCodeSpan("`start")).toBe("`` `start ``");
    expect(markdownCodeSpan("end`")).toBe("`` end` ``");
    expect(markdownCodeSpan(" spaced ")).toBe("`  spaced  `");
    expect(markdownCodeSpan("   ")).toBe("`   `");
    expect(markdownCodeSpan("")).toBe("` `");
    // No escape works inside a code span, and none is needed: the text is shown as it is, on one line.
    expect(markdownCodeSpan("<script>[x](y)|*\\")).toBe("`<script>[x](y)|*\\`");
    expect(markdownCodeSpan("two\nlines\r\nthree")).toBe("`two lines three`");
  });

  it("in a table cell: punctuation that starts emphasis, links, HTML, entities or ends the cell is escaped", () => {
    expect(markdownText("a|b")).toBe("a\\|b");
    expect(markdownText("[click](https://example.com)")).toBe("\\[click\\](https://example.com)");
    expect(markdownText("![img](x)")).toBe("!\\[img\\](x)");
    expect(markdownText("<script>alert(1)</script>")).toBe("\\<script\\>alert(1)\\</script\\>");
    expect(markdownText("`code` *em* _em_ ~~del~~ $x$ &amp; \\")).toBe(
      "\\`code\\` \\*em\\* \\_em\\_ \\~\\~del\\~\\~ \\$x\\$ \\&amp; \\\\",
    );
    expect(markdownText("one\ntwo\r\nthree")).toBe("one two three");
    // What the table holds today reads as it did.
    expect(markdownText("narrow-range")).toBe("narrow-range");
    expect(markdownText("-52.8%")).toBe("-52.8%");
    expect(markdownText(">= 1676.25 (25%)")).toBe("\\>= 1676.25 (25%)");
  });

  it("in a list item: also what would start a block inside the item", () => {
    expect(markdownListItem("narrow-range short: fewer ports")).toBe("- narrow-range short: fewer ports");
    expect(markdownListItem("- nested")).toBe("- \\- nested");
    expect(markdownListItem("+ nested")).toBe("- \\+ nested");
    expect(markdownListItem("# heading")).toBe("- \\# heading");
    expect(markdownListItem("1. ordered")).toBe("- 1\\. ordered");
    expect(markdownListItem("2) ordered")).toBe("- 2\\) ordered");
    expect(markdownListItem("> quote")).toBe("- \\> quote");
    expect(markdownListItem("      indented code")).toBe("- indented code");
    expect(markdownListItem("```fence")).toBe("- \\`\\`\\`fence");
  });
});

describe("renderCompareMarkdown of crafted summaries", () => {
  const profile = "x`|y](evil)[<script>alert(1)</script>";
  const comparison = compareSummaries(runsOf("ports-2000", profile), runsOf("ports-1000", profile), {
    tolerance: null,
    spec: null,
  });
  const sides = {
    base: "base/summary.json (scen``ario`, kernel 6.1`<img src=x onerror=alert(1)>, 2026-12-01)",
    new: "new/summary.json (`default`\n\n# injected heading, kernel 6.18, 2026-12-01)",
  };
  const markdown = renderCompareMarkdown(comparison, sides);
  const lines = markdown.split("\n");

  it("keeps the sides inside their code spans", () => {
    expect(lines[2]).toBe(
      "Baseline ```base/summary.json (scen``ario`, kernel 6.1`<img src=x onerror=alert(1)>, 2026-12-01)``` against ``new/summary.json (`default`  # injected heading, kernel 6.18, 2026-12-01)``.",
    );
    expect(lines[3]).toBe("");
  });

  it("keeps every table row at eight cells, and no HTML or link live in a cell or list item", () => {
    const rows = lines.filter((line) => line.startsWith("| "));
    expect(rows.length).toBeGreaterThan(2);
    for (const row of rows) expect(unescaped(row, "|"), row).toBe(9);
    const items = lines.filter((line) => line.startsWith("- "));
    expect(items.length).toBe(comparison.regressions.length);
    for (const line of [...rows, ...items])
      for (const live of ["<", "[", "]", "`"]) expect(unescaped(line, live), `${live} in ${line}`).toBe(0);
    expect(rows).toContain(
      "| x\\`\\|y\\](evil)\\[\\<script\\>alert(1)\\</script\\> | short/client-first | exhaustedAtMs | 2235 | 1054 | -52.8% | \\>= 2011.5 (10%) | **REGRESSION** |",
    );
  });
});
