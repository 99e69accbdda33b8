import { setTimeout as sleep } from "node:timers/promises";
import type { Argv } from "yargs";
import { ExitCode, invalidInput } from "../core/errors.js";
import { TeardownStack } from "../core/teardown-stack.js";
import { diagnose, type InspectReport } from "../inspect/diagnose.js";
import type { Reading } from "../inspect/reading.js";
import { renderText } from "../inspect/render-text.js";
import { openTarget } from "../inspect/target.js";
import { parseDurationMs } from "../scenario/duration.js";
import type { ArgumentsOf } from "./arguments-of.js";
import type { InterruptWatch } from "./interrupts.js";

const WATCH_PERIOD_MS = 1000;
const INTERVAL_HINT = "give a duration from 100ms to 60s, e.g. --interval 3s";

export type InspectArguments = ArgumentsOf<typeof inspectBuilder>;

export function inspectBuilder(yargs: Argv) {
  return yargs
    .option("netns", { type: "string", describe: "inspect this named network namespace (root)" })
    .option("pid", { type: "string", describe: "inspect the network namespace of this process" })
    .conflicts("netns", "pid")
    .option("interval", {
      type: "string",
      default: "3s",
      describe: "time between the two readings the rate of new connections comes from",
    })
    .option("nat-ports", {
      type: "string",
      describe:
        "this node's SNAT port budget per destination at a NAT gateway (e.g. 1024 for Azure's load balancer): judged instead of the local range",
    })
    .option("watch", { type: "boolean", default: false, describe: "repeat every second until Ctrl-C" })
    .option("count", { type: "number", describe: "with --watch: stop after this many reports" })
    .option("json", {
      type: "boolean",
      default: false,
      describe: "print JSON (one line per report with --watch)",
    })
    .example("$0 inspect", "this machine's network namespace, no root needed")
    .example("$0 inspect --netns NAME --json", "another namespace, as JSON");
}

interface InspectPlan {
  readonly intervalMs: number;
  /** Reports to print; Infinity for --watch without --count. */
  readonly reports: number;
  /** --nat-ports: the gateway's budget per destination for this node, or null for the local range. */
  readonly natPorts: number | null;
}

/** Most ports one node can hold toward one destination: 16 gateway addresses of 65,536 ports. */
export const MAX_NAT_PORTS = 1_048_576;

/** `--nat-ports 1024`: a whole number of ports, 1 to MAX_NAT_PORTS. */
export function parseNatPorts(text: string | undefined): number | null {
  if (text === undefined) return null;
  const value = /^\s*[1-9]\d{0,6}\s*$/.test(String(text)) ? Number(text) : Number.NaN;
  if (!(value >= 1 && value <= MAX_NAT_PORTS))
    throw invalidInput(
      "INVALID_NAT_PORTS",
      `--nat-ports ${JSON.stringify(text)} is not a number of ports from 1 to ${MAX_NAT_PORTS.toLocaleString("en-US")}`,
      "give the node's SNAT ports per destination, e.g. --nat-ports 1024 (Azure load balancer, pool of 1-50) or 64 (GCP Cloud NAT)",
    );
  return value;
}

function planOf(args: InspectArguments): InspectPlan {
  const intervalMs = parseDurationMs(args.interval);
  if (intervalMs === null || intervalMs < 100 || intervalMs > 60_000) {
    throw invalidInput(
      "INVALID_INTERVAL",
      `--interval ${JSON.stringify(args.interval)} is not 100ms-60s`,
      INTERVAL_HINT,
    );
  }
  if (args.pid !== undefined && !/^[1-9]\d{0,9}$/.test(args.pid)) {
    throw invalidInput(
      "INVALID_PID",
      `--pid ${JSON.stringify(args.pid)} is not a process id`,
      "give a positive integer",
    );
  }
  if (args.count !== undefined) {
    if (!args.watch)
      throw invalidInput("INVALID_FLAGS", "--count needs --watch", "add --watch, or drop --count");
    if (!(Number.isInteger(args.count) && args.count > 0 && args.count <= 1_000_000)) {
      throw invalidInput(
        "INVALID_COUNT",
        `--count ${args.count} is not 1-1000000`,
        "give a whole number of reports",
      );
    }
  }
  const natPorts = parseNatPorts(args["nat-ports"]);
  return { intervalMs, reports: args.watch ? (args.count ?? Infinity) : 1, natPorts };
}

/** Sleeps, or returns false when interrupted. */
async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await sleep(Math.max(0, ms), undefined, { signal });
    return true;
  } catch (error) {
    if (signal.aborted) return false;
    throw error;
  }
}

/**
 * `portlab inspect`: reads a namespace twice, `--interval` apart, and prints the diagnosis. With --watch it reads
 * every second and compares each reading with the oldest one within the interval. Read-only throughout.
 */
export async function executeInspect(args: InspectArguments, interrupts: InterruptWatch): Promise<number> {
  const plan = planOf(args);
  const teardown = new TeardownStack();
  const print = (report: InspectReport, label: string) => {
    if (args.json) process.stdout.write(`${JSON.stringify(report, null, args.watch ? undefined : 2)}\n`);
    else {
      const clear = args.watch && process.stdout.isTTY ? "\x1b[H\x1b[2J" : args.watch ? "\n" : "";
      process.stdout.write(`${clear}${renderText(report, label)}`);
    }
  };
  try {
    const target = await openTarget(
      { netns: args.netns, pid: args.pid === undefined ? undefined : Number(args.pid) },
      teardown,
    );
    const history: Reading[] = [(await target.read()).reading];
    const startedAt = Date.now();
    for (let printed = 0; printed < plan.reports; printed++) {
      const dueAt = args.watch ? startedAt + (printed + 1) * WATCH_PERIOD_MS : startedAt + plan.intervalMs;
      if (!(await pause(dueAt - Date.now(), interrupts.signal))) break;
      const { reading, kernelParams } = await target.read();
      // Compare with the oldest reading about an interval back (the first one outside --watch).
      const oldest = reading.atMs - plan.intervalMs - WATCH_PERIOD_MS / 2;
      while (history.length > 1 && (history[0] as Reading).atMs < oldest) history.shift();
      const report = diagnose(history[0] as Reading, reading, kernelParams, target.description, {
        natPorts: plan.natPorts,
      });
      print(report, target.label);
      history.push(reading);
    }
  } finally {
    await teardown.drain();
  }
  return ExitCode.ok;
}
