import { loadavg } from "node:os";
import { watchInterrupts } from "../../src/cli/interrupts.js";
import { ExitCode, isPortlabError } from "../../src/core/errors.js";
import { runCommand } from "../../src/core/exec-file.js";
import { requireRoot } from "../../src/core/require-root.js";
import { TeardownStack } from "../../src/core/teardown-stack.js";
import { dockerAnswers } from "../../src/hosts/docker/docker-cli.js";
import { type BenchResults, benchRows } from "./bench-rows.js";
import { startBenchSandbox } from "./bench-sandbox.js";
import { benchFigure, renderBenchTable } from "./bench-table.js";
import { type DriverOverhead, measureDriverOverhead } from "./driver-overhead.js";
import { runExhaustion, STEADY_WINDOW_START_S } from "./exhaustion-run.js";
import { measureKeepAliveSection, measureShortSection } from "./rate-sections.js";
import { measureRealTicks, measureSyntheticParse, type SamplerTickCost } from "./sampler-tick.js";

// `npm run bench` (root): portlab's clients against wrk, ab and autocannon in one sandbox, the sampler's
// tick cost, and the exhaustion steady state against the model, as one table (or --json). Missing a
// target is a result: the exit code is 0 unless the bench itself broke or was interrupted.

const SHORT_CONCURRENCY = 64;
const POOL_CONNECTIONS = 16;
const ROUND_S = 4;
/** portlab's clients and autocannon warm up this long in the process that then measures (the JIT, as in a steady state). */
const WARMUP_MS = 500;
/** Rounds per tool, interleaved with its peer's; each figure is the median of its rounds. */
const ROUNDS = 5;
/** 1,000 ports at 200 new connections/s: 12x the ~16.4/s they sustain; the first fill comes back after ~61 s. */
const EXHAUSTION = { portRange: "40000-40999", rate: 200, durationS: 80 } as const;

const say = (line: string): void => {
  process.stderr.write(`bench: ${line}\n`);
};

async function step<T>(
  name: string,
  failures: Record<string, string>,
  run: () => Promise<T>,
  signal: AbortSignal,
  announce: string,
): Promise<T | null> {
  if (signal.aborted) return null;
  say(announce);
  try {
    return await run();
  } catch (error) {
    if (signal.aborted) return null;
    // One broken step (a peer crashing, say) leaves the rest of the report standing.
    failures[name] = isPortlabError(error) ? `${error.message} (${error.hint})` : String(error);
    say(`${name} failed: ${failures[name]}`);
    return null;
  }
}

async function namespacesLeft(names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const { stdout } = await runCommand("ip", ["netns", "list"]).catch(() => ({ stdout: "" }));
  const present = new Set(stdout.split("\n").map((line) => line.split(" ")[0]));
  return names.filter((name) => present.has(name));
}

async function runBench(
  signal: AbortSignal,
  nginxBinary: string | undefined,
): Promise<{ results: BenchResults; leftovers: string[] }> {
  const failures: Record<string, string> = {};
  const created: string[] = [];
  const teardown = new TeardownStack();
  let short: BenchResults["short"] = null;
  let keepAlive: BenchResults["keepAlive"] = null;
  const samplerTicks: SamplerTickCost[] = [];
  try {
    say("starting the sandbox (client host, server host, nginx)");
    const bench = await startBenchSandbox(teardown, { nginxBinary });
    created.push(bench.sandbox.client.netns, bench.sandbox.server.netns);
    const sections = { roundS: ROUND_S, warmupMs: WARMUP_MS, rounds: ROUNDS, signal };
    short = await step(
      "short",
      failures,
      () => measureShortSection(bench, SHORT_CONCURRENCY, sections),
      signal,
      `a) short connections, c=${SHORT_CONCURRENCY}: portlab vs wrk (${ROUNDS} rounds of ${ROUND_S} s each), then ab`,
    );
    // Right after a), nginx's host holds tens of thousands of TIME_WAIT sockets: a real tick at scale.
    const realTicks = await step(
      "samplerTick",
      failures,
      () => measureRealTicks(bench.sandbox.server, bench.host, signal),
      signal,
      "c) sampler tick inside the server host at 60,000 sockets, sock_diag and /proc",
    );
    if (realTicks) {
      samplerTicks.push(...realTicks.costs);
      if (realTicks.sockDiagMissing !== null) failures.samplerTick = realTicks.sockDiagMissing;
    }
    keepAlive = await step(
      "keepAlive",
      failures,
      () => measureKeepAliveSection(bench, POOL_CONNECTIONS, sections),
      signal,
      `b) keep-alive, N=${POOL_CONNECTIONS}: portlab pooled vs autocannon (${ROUNDS} rounds each), then wrk`,
    );
  } finally {
    for (const failure of await teardown.drain())
      failures[`teardown: ${failure.step}`] = String(failure.error);
  }
  samplerTicks.push(measureSyntheticParse());
  const exhaustion = await step(
    "exhaustion",
    failures,
    () => runExhaustion({ ...EXHAUSTION, signal, onSandbox: (names) => created.push(...names) }),
    signal,
    `e) exhaustion steady state: ${EXHAUSTION.rate}/s client-first over ports ${EXHAUSTION.portRange} for ${EXHAUSTION.durationS} s`,
  );
  const drivers: DriverOverhead[] = [];
  for (const driver of ["netns", "docker"] as const) {
    if (driver === "docker" && !(await dockerAnswers())) {
      failures[`driver ${driver}`] = "no Docker engine answers: docker rows not measured";
      continue;
    }
    const overhead = await step(
      `driver ${driver}`,
      failures,
      () => measureDriverOverhead(driver, 4, signal),
      signal,
      `f) per-run overhead and short rate through the ${driver} driver`,
    );
    if (overhead !== null) drivers.push(overhead);
  }
  return {
    results: { short, keepAlive, samplerTicks, exhaustion, drivers, failures },
    leftovers: await namespacesLeft(created),
  };
}

/** Each rate's rounds, so a median can be read against its spread. */
function roundDetails(results: BenchResults): string[] {
  const tools = [
    ["a) portlab short", results.short?.portlab],
    ["a) wrk Connection: close", results.short?.wrk],
    ["b) portlab pooled", results.keepAlive?.portlab],
    ["b) autocannon", results.keepAlive?.autocannon],
  ] as const;
  const lines = tools.flatMap(([name, rate]) =>
    rate === undefined ? [] : [`${name}: ${rate.rounds.map((value) => value ?? "-").join(", ")} /s`],
  );
  return lines.length === 0
    ? []
    : [
        "rounds (in the order they ran; each figure is their median):",
        ...lines.map((line) => `   ${line}`),
        "",
      ];
}

function exhaustionDetails(results: BenchResults): string[] {
  const run = results.exhaustion;
  if (run === null) return [];
  const { steady } = run;
  const window = steady.windowMeanPerSec === null ? "-" : steady.windowMeanPerSec.toFixed(1);
  return [
    `e) ${run.usablePorts ?? "?"} usable ports; first fill ${steady.firstFill} ok in s${steady.firstOkSecond}..; ports back in s${steady.recoverySecond ?? "-"} (cycle ${steady.cycleS ?? "-"} s); recycled ${steady.recycled}`,
    `   steady rate = recycled / cycle; the plain mean over s${STEADY_WINDOW_START_S + 1}-s${steady.seconds} is ${window}/s (a window shorter than one cycle sees the burst, not the average)`,
    `   errors: ${JSON.stringify(run.errors)}`,
  ];
}

async function main(argv: readonly string[]): Promise<number> {
  const json = argv.includes("--json");
  requireRoot();
  const interrupts = watchInterrupts(say);
  const startedAt = performance.now();
  // Other work on a shared machine moves the figures: the load average before and after goes with them.
  const loadBefore = loadavg();
  try {
    // PORTLAB_NGINX, as for `portlab run`: read here, passed down.
    const { results, leftovers } = await runBench(interrupts.signal, process.env.PORTLAB_NGINX || undefined);
    const rows = benchRows(results);
    const seconds = Math.round((performance.now() - startedAt) / 1000);
    const interrupted = interrupts.signal.aborted;
    const machine = { loadavgBefore: loadBefore, loadavgAfter: loadavg() };
    if (json) {
      const figures = rows.map(benchFigure);
      process.stdout.write(
        `${JSON.stringify({ figures, rows, results, machine, leftovers, seconds, interrupted }, null, 2)}\n`,
      );
    } else {
      const load = (values: number[]): string => values.map((value) => value.toFixed(2)).join(" ");
      const lines = [
        renderBenchTable(rows),
        "",
        ...roundDetails(results),
        ...exhaustionDetails(results),
        `machine load (1/5/15 min): ${load(machine.loadavgBefore)} before, ${load(machine.loadavgAfter)} after`,
      ];
      if (interrupted) lines.push("interrupted: the rows without numbers did not run");
      for (const [name, why] of Object.entries(results.failures)) lines.push(`failed: ${name}: ${why}`);
      lines.push(
        leftovers.length === 0
          ? `teardown: no namespace left (${seconds} s)`
          : `teardown LEFT namespaces: ${leftovers.join(", ")}`,
      );
      process.stdout.write(`${lines.join("\n")}\n`);
    }
    return interrupts.exitCode() ?? ExitCode.ok;
  } finally {
    interrupts.dispose();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (isPortlabError(error)) {
      process.stderr.write(`bench: ${error.message}\n  hint: ${error.hint}\n`);
      process.exitCode = error.exitCode;
    } else {
      process.stderr.write(
        `bench: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = ExitCode.internal;
    }
  },
);
