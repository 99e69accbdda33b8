import { drawReport } from "./browser-charts.js";
import type { ChartSpec, ReportModel, RunPanel } from "./chart-spec.js";
import { contentSecurityPolicy } from "./content-security-policy.js";
import { escapeHtml, htmlTable } from "./html-escape.js";
import { type InlineAssets, jsonForScript, safeInline } from "./inline-assets.js";
import { pageStyle } from "./page-style.js";

function figure(chart: ChartSpec): string {
  return `<figure><figcaption>${escapeHtml(chart.title)}</figcaption><div class="chart" data-chart-id="${escapeHtml(chart.id)}"></div></figure>`;
}

function runSection(run: RunPanel): string {
  const exhausted = /ran out of ports at/.test(run.verdict) ? " exhausted" : "";
  const reason = run.predictionReason
    ? `<p class="muted">model: ${escapeHtml(run.predictionReason)}</p>`
    : "";
  const charts =
    run.charts.length > 0
      ? `<div class="charts">${run.charts.map(figure).join("\n")}</div>`
      : `<p class="muted">no samples for this run</p>`;
  const parameters =
    run.parameters.length > 0
      ? `<details><summary>kernel parameters read back in the hosts</summary>${htmlTable(
          ["parameter", "client", "server"],
          run.parameters.map((row) => [row.name, row.client, row.server]),
        )}</details>`
      : "";
  return `<section class="run" id="run-${run.index}">
<h2>${escapeHtml(run.profile)} · ${escapeHtml(run.client)}</h2>
<p class="muted">${escapeHtml(run.explanation)}</p>
<p class="verdict${exhausted}">${escapeHtml(run.verdict)}</p>
${reason}
${charts}
${parameters}
</section>`;
}

const howToRead = `<ul class="help">
<li><b>Free client ports, every run</b>: one line per run. A line that falls to 0 ran out of ephemeral ports
(connect() fails with EADDRNOTAVAIL); a line that levels off above 0 is a fix that holds.</li>
<li>In each run: the <b>solid red line</b> is when the first connect() failed for lack of a port, the <b>dashed grey
line</b> is when the model predicted it. Ports in use and TIME_WAIT rise together when TIME_WAIT holds the ports;
errors/s appear when free ports reach 0.</li>
<li>Hover a chart to read values; the cursor moves on every chart at once. Time is seconds since the load started.</li>
</ul>`;

/** Line ends as HTML parsing leaves them (CR LF and CR become LF), so a script's hash is of what the browser runs. */
function asParsed(script: string): string {
  return script.replace(/\r\n?/g, "\n");
}

/** The whole report page: data embedded as JSON, uPlot and the drawing code inlined; nothing is fetched. */
export function renderReportHtml(model: ReportModel, assets: InlineAssets): string {
  const finished = model.finishedAt ? `, finished ${escapeHtml(model.finishedAt)}` : "";
  const banner = model.interrupted
    ? `<p class="banner">This scenario was interrupted: the report shows the runs finished before the interrupt.</p>`
    : "";
  const skipped =
    model.skippedSamples > 0
      ? `<p class="muted">${model.skippedSamples} unreadable line(s) of samples.ndjson were skipped.</p>`
      : "";
  const overlay = model.overlay
    ? `<section id="overlay-section"><h2>${escapeHtml(model.overlay.title)}</h2><div class="chart" data-chart-id="overlay"></div></section>`
    : "";
  const drawScript = `window.portlabCharts = (${drawReport.toString()})(JSON.parse(document.getElementById("portlab-data").textContent), uPlot);`;
  // The texts exactly as the page holds them: the policy allows each by its hash.
  const scripts = [assets.script, safeInline(drawScript, "script")].map(asParsed);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(scripts)}">
<title>${escapeHtml(model.title)}</title>
<style>${assets.style}</style>
<style>${safeInline(pageStyle, "style")}</style>
</head>
<body>
<header>
<h1>${escapeHtml(model.title)}</h1>
<p class="meta">kernel ${escapeHtml(model.kernel)} · started ${escapeHtml(model.startedAt)}${finished} · portlab ${escapeHtml(model.portlab)}</p>
${banner}${skipped}
</header>
${overlay}
<section id="comparison"><h2>Comparison</h2>
${htmlTable(model.table.columns, model.table.rows, "comparison")}
</section>
<section id="how-to-read"><h2>How to read this report</h2>${howToRead}</section>
${model.runs.map(runSection).join("\n")}
<script type="application/json" id="portlab-data">${jsonForScript(model)}</script>
${scripts.map((script) => `<script>${script}</script>`).join("\n")}
</body>
</html>
`;
}
