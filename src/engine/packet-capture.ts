import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { type CaptureReport, type CaptureRequest, captureReportSchema } from "../agent/capture-mode.js";
import { decodeLine } from "../agent/protocol.js";
import { packetsWithinBytes } from "../core/capture-size.js";
import { environmentError } from "../core/errors.js";
import type { Host, HostFile } from "../core/host.js";
import type { CaptureSpec } from "../core/scenario.js";
import type { TeardownStack } from "../core/teardown-stack.js";

export interface CaptureResult {
  readonly host: string;
  /** The file's name in the run directory: `<host>-<run>.pcap`. */
  readonly file: string;
  /** Packets tcpdump wrote, as it reported on exit; null when it did not say. */
  readonly packets: number | null;
}

export interface RunningCapture {
  /** Stops tcpdump (it flushes the file), brings the file into the run directory; once, however often called. */
  stop(): Promise<CaptureResult>;
}

const START_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 5_000;

/** The hosts a capture spec selects (a role with no host in this topology selects none). */
export function capturedHosts(hosts: readonly Host[], spec: CaptureSpec | null): Host[] {
  return spec === null ? [] : hosts.filter((host) => spec.roles.includes(host.role));
}

/**
 * tcpdump inside `host` for this run, run by the host's agent (`agent capture`), so it stops the same way under
 * every driver: closing the agent's stdin (or its end, with the runner's) stops tcpdump. Its stop is on
 * `teardown` before it starts; a killed run's capture dies with its namespace or container. The packet cap is
 * the smaller of `packets` and what fits in `bytes` (headers only, so each record has a known bound).
 */
export async function startCapture(
  host: Host,
  directory: string,
  run: number,
  spec: CaptureSpec,
  teardown: TeardownStack,
): Promise<RunningCapture> {
  const file = `${host.name}-${run}.pcap`;
  const local = join(directory, file);
  const output: HostFile = host.outputFile?.(local) ?? { pathInHost: local, collect: async () => undefined };
  const request: CaptureRequest = {
    file: output.pathInHost,
    interface: host.captureInterface ?? "any",
    snapLength: spec.snapLength,
    packets: Math.min(spec.packets, packetsWithinBytes(spec.bytes, spec.snapLength)),
  };
  let stopping: Promise<CaptureResult> | null = null;
  let stopNow: () => Promise<CaptureResult> = async () => ({ host: host.name, file, packets: null });
  const stop = () => {
    stopping ??= stopNow();
    return stopping;
  };
  teardown.push(`stop the capture in ${host.name}`, stop);

  const command = host.agentCommand(["capture", JSON.stringify(request)]);
  const child = spawn(command.file, [...command.args], { stdio: ["pipe", "pipe", "pipe"], detached: true });
  child.stdin.on("error", () => undefined);
  const stderr: string[] = [];
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => stderr.push(chunk));
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  let result: CaptureReport | null = null;
  const capturing = new Promise<boolean>((resolve) => {
    const lines = createInterface({ input: child.stdout });
    lines.on("line", (line) => {
      const decoded = decodeLine(captureReportSchema, line);
      // A line that is not a report is tcpdump's or the agent's noise: kept with stderr for the message.
      if (!decoded.ok) stderr.push(`${decoded.problem}\n`);
      else if (decoded.message.type === "capturing") resolve(true);
      else result = decoded.message;
    });
    void exited.then(() => resolve(false));
    setTimeout(() => resolve(false), START_TIMEOUT_MS).unref();
  });
  stopNow = async () => {
    child.stdin.end();
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
    await output.collect();
    const report = result as CaptureReport | null;
    return { host: host.name, file, packets: report?.type === "captured" ? report.packets : null };
  };
  if (!(await capturing)) {
    await stop();
    const report = result as CaptureReport | null;
    const why = report?.type === "captured" ? report.stderr : stderr.join("").trim();
    throw environmentError(
      "CAPTURE",
      `tcpdump did not start in the ${host.name} host: ${why || "no answer"}`,
      "check that tcpdump is installed in the host (apt-get install tcpdump) or run without --capture",
    );
  }
  return { stop };
}

/** tcpdump in the hosts `spec` selects, for the load; each stop is on `teardown` before it starts. */
export function startCaptures(
  hosts: readonly Host[],
  spec: CaptureSpec | null,
  directory: string,
  run: number,
  teardown: TeardownStack,
): Promise<RunningCapture[]> {
  if (spec === null) return Promise.resolve([]);
  return Promise.all(
    capturedHosts(hosts, spec).map((host) => startCapture(host, directory, run, spec, teardown)),
  );
}
