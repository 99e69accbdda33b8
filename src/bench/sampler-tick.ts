import { performance } from "node:perf_hooks";
import { readProcFile } from "../sampler/proc-file.js";
import { buildSyntheticTcpTable } from "../sampler/synthetic-tcp-table.js";
import { summarizeTcpTable } from "../sampler/tcp-table.js";

const SOCKETS = 60_000;
const ITERATIONS = 15;
const RANGE = { low: 32768, high: 60999 };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * Cost of one sampler tick's heaviest part: parsing a 60,000-socket tcp table (generated in memory,
 * median of several runs) and a real read + parse of /proc/self/net/tcp.
 */
export async function measureSamplerTick(): Promise<{
  sockets: number;
  parseMs: number;
  readAndParseMs: number;
}> {
  const table = buildSyntheticTcpTable(SOCKETS, RANGE);
  summarizeTcpTable(table.text, RANGE); // warm-up: let the JIT compile the scanner
  const parseTimes: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const started = performance.now();
    summarizeTcpTable(table.text, RANGE);
    parseTimes.push(performance.now() - started);
  }
  const readTimes: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const started = performance.now();
    summarizeTcpTable(readProcFile("/proc/self/net/tcp"), RANGE);
    readTimes.push(performance.now() - started);
  }
  return { sockets: table.sockets, parseMs: median(parseTimes), readAndParseMs: median(readTimes) };
}
