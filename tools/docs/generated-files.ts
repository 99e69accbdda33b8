import { join } from "node:path";
import * as z from "zod";
import { packageRoot } from "../../src/core/package-root.js";
import { scenarioSummarySchema } from "../../src/core/run-summary.js";
import { sampleLineSchema } from "../../src/core/sample-line.js";
import { scenarios } from "../../src/engine/scenarios.js";
import { metrics } from "../../src/metrics/registry.js";
import { scenarioJsonSchemaText } from "../../src/scenario/json-schema.js";

/** The editor JSON Schema of the scenario format, next to the scenarios that name it. */
export const scenarioJsonSchemaPath = join(packageRoot, "scenarios", "portlab.schema.json");

/** The published schemas of the files CI scripts read: summary.json and a line of samples.ndjson. */
export const summarySchemaPath = join(packageRoot, "docs", "schema", "summary.schema.json");
export const samplesSchemaPath = join(packageRoot, "docs", "schema", "samples.schema.json");

function publishedSchema(schema: z.ZodType, id: string, title: string): string {
  const json = z.toJSONSchema(schema, { target: "draft-2020-12", io: "output" });
  return `${JSON.stringify({ $schema: json.$schema, $id: id, title, ...json }, null, 2)}\n`;
}

export const metricsPagePath = join(packageRoot, "docs", "metrics.md");

/** docs/metrics.md, from the registry: every metric, where it comes from, and where it shows. */
function metricsPage(): string {
  const rows = metrics.map((metric) => {
    const source =
      metric.source === "run"
        ? "the run's summary fields"
        : `samples of the ${metric.roles.join(", ")} hosts, ${metric.over} per host, ${metric.across === "max" ? "highest host" : "first client host"} for the run (\`metrics.${metric.name}\` in summary.json)`;
    const shown = [
      metric.column ? `table column "${metric.column}"` : null,
      metric.source === "hosts" && metric.chart ? `report chart "${metric.chart.title}"` : null,
      "compare",
    ]
      .filter((place) => place !== null)
      .join(", ");
    return `| \`${metric.name}\` | ${metric.description} | ${source} | ${metric.better} is better | ${shown} |`;
  });
  return [
    "# Metrics",
    "",
    "Written by `npm run docs` from `src/metrics/registry.ts`. A metric is one file in `src/metrics/` and one line in",
    "the registry; the table, summary.json's `metrics`, the report's host charts and `portlab compare` iterate it.",
    "",
    "| metric | what | from | better | shown in |",
    "|---|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}

/** Every file `npm run docs` writes, with its text; a unit test holds the committed files to these. */
export function generatedFiles(): ReadonlyArray<{ readonly path: string; readonly text: string }> {
  return [
    { path: metricsPagePath, text: metricsPage() },
    { path: scenarioJsonSchemaPath, text: scenarioJsonSchemaText(scenarios.catalog) },
    {
      path: summarySchemaPath,
      text: publishedSchema(scenarioSummarySchema, "summary.schema.json", "portlab summary.json"),
    },
    {
      path: samplesSchemaPath,
      text: publishedSchema(sampleLineSchema, "samples.schema.json", "a line of portlab samples.ndjson"),
    },
  ];
}
