import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { replaceFile } from "../core/fresh-file.js";
import { checkOwnDirectory } from "../core/output-directory.js";
import { readSummary } from "../results/read-summary.js";
import { uplotAssets } from "./inline-assets.js";
import { renderReportHtml } from "./render-report.js";
import { buildReportModel } from "./report-model.js";
import { parseSamples } from "./sample-records.js";

export const REPORT_FILE = "report.html";

/**
 * (Re)writes report.html in a run directory from its summary.json and samples.ndjson (missing samples draw no
 * charts). Written fresh beside, then renamed (never through a link), so a reader never opens half a file, and
 * only into a directory of root's or the sudo user's. Returns its path.
 */
export async function writeReport(directory: string): Promise<string> {
  const { summary, directory: runDirectory } = await readSummary(directory);
  const samplesText = await readFile(join(runDirectory, "samples.ndjson"), "utf8").catch(() => "");
  const { records, skipped } = parseSamples(samplesText);
  const html = renderReportHtml(buildReportModel(summary, records, skipped), await uplotAssets());
  await checkOwnDirectory("report", runDirectory);
  const path = join(runDirectory, REPORT_FILE);
  await replaceFile(path, html);
  return path;
}
