import { chromiumAvailable } from "../support/chromium.js";
import { cliBuilt } from "../support/portlab-process.js";
import { privilegedTestsEnabled } from "../support/prerequisites.js";

const enabled = privilegedTestsEnabled() && cliBuilt() && chromiumAvailable();

import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScenarioSummary } from "../../src/core/run-summary.js";
import { type Browser, launchChromium } from "../support/chromium.js";
import { type PortlabExit, repoRoot, runPortlab } from "../support/portlab-process.js";

// Two profiles a reader tells apart at a glance: 1,000 ports at 600 new connections/s run out at ~1.7 s, and
// tcp_tw_reuse=1 levels off with ports to spare. About 15 s of runs.
const scenarioYaml = `
name: report-browser
description: the report of a real run, opened in a real browser
load: { rate: 600, duration: 5s }
clients: [short]
profiles: [narrow-range, tw-reuse]
thresholds:
  - { profile: narrow-range, exhausted: true }
  - { profile: tw-reuse, exhausted: false }
  - { profile: tw-reuse, minOkPerSec: 100000 }   # fails on purpose: run exits 4, and the JUnit file says why
`;

const outputDir = join(repoRoot, "test-output");

interface ChartCheck {
  readonly id: string;
  readonly seriesInSpec: number;
  /** uPlot's series, the x series included. */
  readonly plotSeries: number;
  readonly labels: readonly string[];
  /** Per series: canvas pixels of the series' own colour when only it is shown (0 = nothing drawn). */
  readonly pixelsPerSeries: readonly number[];
  readonly seriesWithData: number;
}

/**
 * In the page: for every chart, draw each series alone and count the pixels of its colour that were not there
 * with no series shown (markers, grid and axes are drawn either way).
 */
async function inspectCharts(page: Page): Promise<ChartCheck[]> {
  return page.evaluate(async () => {
    type Drawn = {
      id: string;
      spec: { series: { color: string; values: (number | null)[] }[] };
      plot: {
        series: { label?: string }[];
        ctx: CanvasRenderingContext2D;
        bbox: { left: number; top: number; width: number; height: number };
        setSeries(index: number, options: { show: boolean }): void;
      };
    };
    const charts = (window as unknown as { portlabCharts: Drawn[] }).portlabCharts;
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const pixels = (plot: Drawn["plot"]) => {
      const { left, top, width, height } = plot.bbox;
      return plot.ctx.getImageData(left, top, width, height).data;
    };
    const results = [];
    for (const chart of charts) {
      const { plot } = chart;
      const count = plot.series.length;
      const showOnly = async (only: number | null) => {
        for (let index = 1; index < count; index++) plot.setSeries(index, { show: index === only });
        await frame();
      };
      await showOnly(null);
      const blank = pixels(plot);
      const pixelsPerSeries: number[] = [];
      for (let index = 1; index < count; index++) {
        const hex = chart.spec.series[index - 1]?.color ?? "#000000";
        const rgb = [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16));
        const near = (data: Uint8ClampedArray, i: number) =>
          (data[i + 3] ?? 0) > 200 &&
          Math.abs((data[i] ?? 0) - (rgb[0] ?? 0)) +
            Math.abs((data[i + 1] ?? 0) - (rgb[1] ?? 0)) +
            Math.abs((data[i + 2] ?? 0) - (rgb[2] ?? 0)) <
            40;
        await showOnly(index);
        const drawn = pixels(plot);
        let own = 0;
        for (let i = 0; i < drawn.length; i += 4) if (near(drawn, i) && !near(blank, i)) own++;
        pixelsPerSeries.push(own);
      }
      for (let index = 1; index < count; index++) plot.setSeries(index, { show: true });
      await frame();
      results.push({
        id: chart.id,
        seriesInSpec: chart.spec.series.length,
        plotSeries: count,
        labels: plot.series.slice(1).map((series) => series.label ?? ""),
        pixelsPerSeries,
        seriesWithData: chart.spec.series.filter((series) => series.values.some((value) => value !== null))
          .length,
      });
    }
    return results;
  });
}

describe.runIf(enabled)("report.html of a real run, in headless chromium", () => {
  let workDir: string;
  let exit: PortlabExit;
  let summary: ScenarioSummary;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const networkRequests: string[] = [];
  let charts: ChartCheck[];
  let cspViolations: string[];

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), "portlab-report-test-"));
    const scenarioPath = join(workDir, "report-browser.yaml");
    await writeFile(scenarioPath, scenarioYaml);
    exit = await runPortlab(
      ["run", scenarioPath, "--out", join(workDir, "run"), "--junit", join(workDir, "junit", "run.xml")],
      { timeoutMs: 45_000 },
    );
    if (exit.code !== 4) throw new Error(`portlab run exited ${exit.code}, expected 4:\n${exit.stderr}`);
    summary = JSON.parse(await readFile(join(workDir, "run", "summary.json"), "utf8")) as ScenarioSummary;

    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(`page error: ${error.message}`));
    page.on("request", (request) => {
      if (!request.url().startsWith("file:")) networkRequests.push(request.url());
    });
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file:")) return route.continue();
      networkRequests.push(url);
      return route.abort();
    });
    // Before the page's own scripts: every Content-Security-Policy violation is recorded.
    await page.addInitScript(() => {
      const violations: string[] = [];
      (window as unknown as { portlabCspViolations: string[] }).portlabCspViolations = violations;
      document.addEventListener("securitypolicyviolation", (event) =>
        violations.push(`${event.effectiveDirective} blocked ${event.blockedURI || "(inline)"}`),
      );
    });
    await page.goto(`file://${join(workDir, "run", "report.html")}`);
    await page.waitForFunction(() => Array.isArray((window as { portlabCharts?: unknown }).portlabCharts));
    charts = await inspectCharts(page);
    cspViolations = await page.evaluate(
      () => (window as unknown as { portlabCspViolations: string[] }).portlabCspViolations,
    );
    await mkdir(outputDir, { recursive: true });
    await page.screenshot({ path: join(outputDir, "report-browser.png"), fullPage: true });
  }, 100_000);

  afterAll(async () => {
    await browser?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it("is written at the end of the run, and run prints its path with the results path", () => {
    const reportPath = join(workDir, "run", "report.html");
    expect(existsSync(reportPath)).toBe(true);
    expect(exit.stdout).toContain(`results: ${join(workDir, "run")}`);
    expect(exit.stdout).toContain(`report:  ${reportPath}`);
    expect(summary.runs.map((run) => run.status)).toEqual(["ran", "ran"]);
  });

  it("writes --junit: one testcase per threshold and run, the failure with its measured and allowed value", async () => {
    const xml = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "testcase" }).parse(
      await readFile(join(workDir, "junit", "run.xml"), "utf8"),
    );
    const suite = xml.testsuites.testsuite;
    expect([suite["@_tests"], suite["@_failures"], suite["@_skipped"]]).toEqual(["3", "1", "0"]);
    const failed = (suite.testcase as Array<{ "@_name": string; failure?: { "#text": string } }>).filter(
      (testCase) => testCase.failure,
    );
    expect(failed.map((testCase) => testCase["@_name"])).toEqual([
      "thresholds[2] tw-reuse short/client-first",
    ]);
    const tw = summary.runs[1];
    expect(failed[0]?.failure?.["#text"]).toContain(
      `measured: ${tw?.okPerSec} ok/s\nallowed: at least 100000 ok/s`,
    );
    expect(exit.stderr).toContain("portlab: threshold failed: thresholds (tw-reuse): tw-reuse short made");
  });

  it("shows no console errors and makes no network request", () => {
    expect(consoleErrors).toEqual([]);
    expect(networkRequests).toEqual([]);
  });

  it("draws every chart of every run: ports, TIME_WAIT, requests and latency", () => {
    const ids = charts.map((chart) => chart.id);
    for (const index of [0, 1])
      for (const kind of ["ports", "time-wait", "requests", "latency"])
        expect(ids).toContain(`run-${index}-${kind}`);
    expect(ids).toContain("overlay");
  });

  it("every chart drew each of its series on the canvas", () => {
    for (const chart of charts) {
      expect(chart.plotSeries, chart.id).toBe(chart.seriesInSpec + 1);
      expect(chart.seriesWithData, chart.id).toBe(chart.seriesInSpec);
      for (const [index, own] of chart.pixelsPerSeries.entries())
        expect(own, `${chart.id}: ${chart.labels[index]}`).toBeGreaterThan(20);
    }
  });

  it("overlays free ports with one series per run", () => {
    const overlay = charts.find((chart) => chart.id === "overlay");
    expect(overlay?.labels).toEqual(["narrow-range short/client-first", "tw-reuse short/client-first"]);
  });

  it("says in words which run ran out of ports, with the model's prediction", async () => {
    const verdicts = await page.locator(".run .verdict").allTextContents();
    expect(verdicts[0]).toMatch(/^ran out of ports at \d\.\d\d s \(the model predicted 1\.67 s\)/);
    expect(verdicts[1]).toMatch(/^never ran out of ports \(the model predicted never\)/);
    expect(await page.locator("table.comparison tbody tr").count()).toBe(2);
    expect(await page.locator("#run-0 details td", { hasText: "net.ipv4.ip_local_port_range" }).count()).toBe(
      1,
    );
  });

  it("runs its scripts by their hashes: no 'unsafe-inline' for script-src, no violation, an injected one blocked", async () => {
    const policy =
      (await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content")) ?? "";
    const scriptSrc = /(?:^|;)\s*script-src ([^;]*)/.exec(policy)?.[1] ?? "";
    expect(scriptSrc).toMatch(/^'sha256-[A-Za-z0-9+/]+={0,2}' 'sha256-[A-Za-z0-9+/]+={0,2}'$/);
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    // The charts drew under that policy (the tests above read them), with nothing refused on the way.
    expect(charts.length).toBeGreaterThan(0);
    expect(cspViolations).toEqual([]);
    expect(consoleErrors.filter((line) => /Content Security Policy/i.test(line))).toEqual([]);
    // The policy is enforced: a script that is not the page's own does not run.
    const ran = await page.evaluate(async () => {
      const script = document.createElement("script");
      script.textContent = "window.portlabInjected = true;";
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return (window as { portlabInjected?: boolean }).portlabInjected === true;
    });
    expect(ran).toBe(false);
    await page.waitForFunction(
      () => (window as unknown as { portlabCspViolations: string[] }).portlabCspViolations.length > 0,
    );
    expect(
      await page.evaluate(
        () => (window as unknown as { portlabCspViolations: string[] }).portlabCspViolations,
      ),
    ).toEqual(["script-src-elem blocked inline"]);
  });
});
