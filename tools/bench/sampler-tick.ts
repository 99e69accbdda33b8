import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import type { SandboxHost } from "../../src/hosts/netns/namespace-host.js";
import { buildSyntheticTcpTable } from "../../src/sampler/synthetic-tcp-table.js";
import { summarizeTcpTable } from "../../src/sampler/tcp-table.js";
import { internalErrorOf } from "./internal-error.js";
import { median } from "./median.js";
import { runMeasured } from "./run-measured.js";

const SOCKETS = 60_000;
const ITERATIONS = 15;
const RANGE = { low: 32768, high: 60999 };

export interface SamplerTickCost {
  /** Sockets in the measured table. */
  readonly sockets: number;
  /** Median cost of one tick. */
  readonly tickMs: number;
  /**
   * `sock_diag`, `proc`: a full tick (sockets listed, sockstat/netstat/snmp read, summarised) of a live host
   * holding `sockets`, as the sampling agent takes it; `synthetic`: parsing a generated /proc table only.
   */
  readonly kind: "sock_diag" | "proc" | "synthetic";
}

/** What the bench asks of sampler-tick-entry.js. */
export interface SamplerTickSpec {
  /** Top the host up to this many sockets (with TIME_WAIT: they hold no descriptor). */
  readonly sockets: number;
  /** An address of the host, for the connected pairs that top it up. */
  readonly address: string;
  readonly iterations: number;
}

export interface SamplerTickReport {
  readonly sockets: number;
  /** null when the sock_diag addon cannot be used (sockDiagMissing says why). */
  readonly sockDiagMs: number | null;
  readonly procMs: number;
  readonly sockDiagMissing?: string;
}

/** Parsing a generated 60,000-socket tcp table: the /proc path's parsing step, without the kernel's part. */
export function measureSyntheticParse(): SamplerTickCost {
  const table = buildSyntheticTcpTable(SOCKETS, RANGE);
  summarizeTcpTable(table.text, RANGE); // warm-up: let the JIT compile the scanner
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const started = performance.now();
    summarizeTcpTable(table.text, RANGE);
    times.push(performance.now() - started);
  }
  return { sockets: table.sockets, tickMs: median(times) ?? 0, kind: "synthetic" };
}

/**
 * Full sampler ticks inside `host` once it holds 60,000 sockets (its TIME_WAIT topped up by the entry), through
 * sock_diag and through /proc: the sampling agent's view of its host. The `sock_diag` cost is missing when the
 * addon is not built.
 */
export async function measureRealTicks(
  host: SandboxHost,
  address: string,
  signal?: AbortSignal,
): Promise<{ readonly costs: SamplerTickCost[]; readonly sockDiagMissing: string | null }> {
  const spec: SamplerTickSpec = { sockets: SOCKETS, address, iterations: ITERATIONS };
  // The bench runs from its own build (build/tools/bench/), its entry points beside it.
  const entry = fileURLToPath(new URL("./sampler-tick-entry.js", import.meta.url));
  const run = await runMeasured(host.wrap(process.execPath, [entry, JSON.stringify(spec)]), 120_000, signal);
  let report: SamplerTickReport;
  try {
    report = JSON.parse(run.stdout.trim().split("\n").pop() ?? "") as SamplerTickReport;
  } catch (error) {
    const why = run.timedOut ? "timed out" : `exit ${run.exitCode}: ${run.stderr.trim().slice(-300)}`;
    throw internalErrorOf(`the sampler tick measurement gave no report (${why})`, error);
  }
  const costs: SamplerTickCost[] = [{ sockets: report.sockets, tickMs: report.procMs, kind: "proc" }];
  if (report.sockDiagMs !== null)
    costs.unshift({ sockets: report.sockets, tickMs: report.sockDiagMs, kind: "sock_diag" });
  return { costs, sockDiagMissing: report.sockDiagMissing ?? null };
}
