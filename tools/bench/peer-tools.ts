import { findTool } from "../../src/core/find-tool.js";
import type { SandboxHost } from "../../src/hosts/netns/namespace-host.js";
import { runMeasured } from "./run-measured.js";

/** A peer tool's result, or why there is none (not installed, failed, unreadable output). */
export type PeerResult =
  | {
      readonly ok: true;
      readonly ratePerSec: number;
      readonly requests: number;
      readonly errors: number;
      readonly peakRssKb: number | null;
    }
  | { readonly ok: false; readonly reason: string };

const aptPackages: Readonly<Record<string, string>> = { wrk: "wrk", ab: "apache2-utils" };

function missing(tool: string): PeerResult {
  return { ok: false, reason: `${tool} not installed (apt-get install ${aptPackages[tool] ?? tool})` };
}

/** `wrk -t1 -cC -dDs [-H 'Connection: close'] URL` → Requests/sec, requests, socket errors + non-2xx. */
export function parseWrkOutput(
  text: string,
): { ratePerSec: number; requests: number; errors: number } | null {
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(text);
  const total = /(\d+) requests in/.exec(text);
  if (!rate || !total) return null;
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(text);
  const socketErrors = socket ? socket.slice(1).reduce((sum, value) => sum + Number(value), 0) : 0;
  return {
    ratePerSec: Math.round(Number(rate[1])),
    requests: Number(total[1]),
    errors: socketErrors + Number(non2xx?.[1] ?? 0),
  };
}

/** `ab` → Requests per second, Complete requests, Failed requests + Non-2xx. */
export function parseAbOutput(text: string): { ratePerSec: number; requests: number; errors: number } | null {
  const rate = /Requests per second:\s+([\d.]+)/.exec(text);
  const complete = /Complete requests:\s+(\d+)/.exec(text);
  if (!rate || !complete) return null;
  const failed = /Failed requests:\s+(\d+)/.exec(text);
  const non2xx = /Non-2xx responses:\s+(\d+)/.exec(text);
  return {
    ratePerSec: Math.round(Number(rate[1])),
    requests: Number(complete[1]),
    errors: Number(failed?.[1] ?? 0) + Number(non2xx?.[1] ?? 0),
  };
}

async function runPeer(
  tool: string,
  args: readonly string[],
  host: SandboxHost,
  timeoutMs: number,
  parse: (text: string) => { ratePerSec: number; requests: number; errors: number } | null,
  signal: AbortSignal | undefined,
): Promise<PeerResult> {
  const path = findTool(tool);
  if (path === null) return missing(tool);
  const run = await runMeasured(host.wrap(path, args), timeoutMs, signal);
  const parsed = parse(run.stdout);
  if (parsed === null) {
    const why = run.timedOut
      ? `timed out after ${timeoutMs} ms`
      : `exit ${run.exitCode}: ${(run.stderr || run.stdout).trim().slice(-200)}`;
    return { ok: false, reason: `${tool} gave no result (${why})` };
  }
  return { ok: true, ...parsed, peakRssKb: run.peakRssKb };
}

export interface WrkOptions {
  readonly url: string;
  readonly connections: number;
  readonly durationS: number;
  readonly connectionClose: boolean;
}

/** One wrk thread, like portlab's single event loop per client process. */
export function runWrk(host: SandboxHost, options: WrkOptions, signal?: AbortSignal): Promise<PeerResult> {
  const close = options.connectionClose ? ["-H", "Connection: close"] : [];
  const args = [
    "-t1",
    `-c${options.connections}`,
    `-d${options.durationS}s`,
    "--timeout",
    "5s",
    ...close,
    options.url,
  ];
  return runPeer("wrk", args, host, (options.durationS + 10) * 1000, parseWrkOutput, signal);
}

export interface AbOptions {
  readonly url: string;
  readonly concurrency: number;
  readonly requests: number;
  /** ab stops at whichever comes first: `requests` or this many seconds. */
  readonly timeLimitS: number;
}

/** ab without -k: HTTP/1.0, one connection per request, nginx closes first. */
export function runAb(host: SandboxHost, options: AbOptions, signal?: AbortSignal): Promise<PeerResult> {
  // -t before -n: -t implies -n 50000, a later -n replaces that.
  const args = [
    "-q",
    "-t",
    String(options.timeLimitS),
    "-n",
    String(options.requests),
    "-c",
    String(options.concurrency),
    "-s",
    "5",
    options.url,
  ];
  return runPeer("ab", args, host, (options.timeLimitS + 10) * 1000, parseAbOutput, signal);
}
