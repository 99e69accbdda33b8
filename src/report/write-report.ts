import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { readSummary } from "../results/read-summary.js";
import { uplotAssets } from "./inline-assets.js";
import { renderReportHtml } from "./render-report.js";
import { buildReportModel } from "./report-model.js";
import { parseSamples } from "./sample-records.js";

export const REPORT_FILE = "report.html";

/**
 * (Re)writes report.html in a run directory from its summary.json and samples.ndjson (missing samples draw no
 * charts). Written beside, then renamed, so a reader never opens half a file. Returns its path.
 */
export async function writeReport(directory: string): Promise<string> {
  const { summary, directory: runDirectory } = await readSummary(directory);
  const samplesText = await readFile(join(runDirectory, "samples.ndjson"), "utf8").catch(() => "");
  const { records, skipped } = parseSamples(samplesText);
  const html = renderReportHtml(buildReportModel(summary, records, skipped), await uplotAssets());
  const path = join(runDirectory, REPORT_FILE);
  const partial = join(runDirectory, `.${REPORT_FILE}.${process.pid}`);
  await writeFile(partial, html);
  await rename(partial, path);
  return path;
}
