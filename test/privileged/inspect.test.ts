import { privilegedTestsEnabled } from "../support/prerequisites.js";

const enabled = privilegedTestsEnabled();

import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readProcessStatSync } from "../../src/core/process-stat.js";
import { TeardownStack } from "../../src/core/teardown-stack.js";
import { applySysctls } from "../../src/hosts/host-sysctls.js";
import type { Sandbox } from "../../src/hosts/netns/namespace-host.js";
import { createNetnsSandbox } from "../../src/hosts/netns/namespaces.js";
import {
  cliBuilt,
  leftoversOf,
  livePids,
  repoRoot,
  runPortlab,
  startPortlab,
} from "../support/portlab-process.js";

/**
 * `portlab inspect` against a client namespace whose sockets the test made itself: exact counts per destination,
 * the time-to-exhaustion prediction against the model's P / r (and against the exhaustion that follows), and
 * the read-only promise, as a non-root user under strace.
 */

const built = enabled && cliBuilt();
const SETPRIV = "/usr/bin/setpriv";
const NOBODY = [SETPRIV, "--reuid=65534", "--regid=65534", "--clear-groups"];
const hasSetpriv = existsSync(SETPRIV);
const strace = ["/usr/bin/strace", "/bin/strace"].find((path) => existsSync(path)) ?? null;
for (const [missing, what] of [
  [!hasSetpriv, "setpriv (util-linux): the non-root inspect tests"],
  [strace === null, "strace: the no-write syscall check"],
] as const) {
  if (!built || !missing) continue;
  if (process.env.CI === "true") throw new Error(`under CI the inspect tests need ${what}`);
  console.warn(`skipping ${what}: not installed`);
}

/**
 * Syscalls that could change a file or a namespace; inspect may only ever open files for reading. "?" lets strace
 * skip the ones an architecture does not have (arm64 has no open, creat, mkdir…).
 */
const MODIFYING_SYSCALLS = [
  "open",
  "openat",
  "creat",
  "mkdir",
  "mkdirat",
  "unlink",
  "unlinkat",
  "rename",
  "renameat",
  "renameat2",
  "truncate",
  "ftruncate",
  "symlink",
  "symlinkat",
  "link",
  "linkat",
  "chmod",
  "fchmod",
  "fchmodat",
  "setns",
  "unshare",
].map((name) => `?${name}`);

const fixtures = join(repoRoot, "test", "fixtures", "inspect");
const TIME_WAITS = 150;
const HELD = 5;
const CLOSE_WAITS = 3;
const RATE = 100;
const NARROW = { low: 40000, high: 41499 }; // P = 1,500: P / r = 15 s at 100/s

interface Destination {
  local: string;
  remote: string;
  states: Record<string, number>;
  portsInUse: number;
  portsLeft: number;
  newPerSec: number;
  exhaustsInS: number | null;
  sustainablePerSec: number;
  changes: Array<{ change: string; holds: boolean }>;
}

interface Report {
  at: string;
  target: Record<string, unknown>;
  kernelParams: Record<string, string | null>;
  ports: { usable: number };
  activeOpensPerSec: number;
  destinations: Destination[];
}

/** A fixture program in a namespace, answering each stdin command with lines. */
interface Program {
  readonly child: ChildProcessWithoutNullStreams;
  /** Sends a line (or nothing) and resolves with the next line it prints. */
  ask(line: string | null): Promise<string>;
}

function startIn(netns: string, script: string, args: readonly string[]): Program {
  const child = spawn("ip", ["netns", "exec", netns, process.execPath, join(fixtures, script), ...args]);
  const waiters: Array<(line: string) => void> = [];
  const early: string[] = [];
  createInterface({ input: child.stdout }).on("line", (line) => {
    const waiter = waiters.shift();
    if (waiter) waiter(line);
    else early.push(line);
  });
  return {
    child,
    ask(line) {
      const answer = new Promise<string>((resolve, reject) => {
        const queued = early.shift();
        if (queued !== undefined) return resolve(queued);
        waiters.push(resolve);
        child.once("exit", (code) => reject(new Error(`${script} in ${netns} exited (${code})`)));
      });
      if (line !== null) child.stdin.write(`${line}\n`);
      return answer;
    },
  };
}

/** Every readable value under /proc/sys/net/{ipv4,core} of the namespace the script runs in. */
const walkScript = `
const fs = require("fs"), path = require("path"), values = {};
const walk = (dir) => { for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
  const p = path.join(dir, e.name);
  if (e.isDirectory()) walk(p); else try { values[p] = fs.readFileSync(p, "utf8"); } catch {}
} };
walk("/proc/sys/net/ipv4"); walk("/proc/sys/net/core");
process.stdout.write(JSON.stringify(values));`;

function netSysctls(netns: string | null): Record<string, string> {
  const command = [process.execPath, "-e", walkScript];
  const [file, ...args] = netns === null ? command : ["ip", "netns", "exec", netns, ...command];
  return JSON.parse(execFileSync(file as string, args, { encoding: "utf8", maxBuffer: 64 << 20 }));
}

/** Pids whose parent is `pid` (the reader `ip netns exec` turned into). */
function childrenOf(pid: number): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => readProcessStatSync(Number(entry))?.ppid === pid)
    .map(Number);
}

function changedValues(before: Record<string, string>, after: Record<string, string>): string[] {
  const paths = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...paths].filter((path) => before[path] !== after[path]);
}

describe.runIf(built)("portlab inspect on real namespaces", () => {
  const teardown = new TeardownStack();
  const programs: Program[] = [];
  let sandbox: Sandbox;
  let client: Program;
  let serverAddress: string;
  let clientAddress: string;
  const toward = (report: Report, port: number) =>
    report.destinations.find((d) => d.remote === `${serverAddress}:${port}` && d.local === clientAddress);

  beforeAll(async () => {
    sandbox = await createNetnsSandbox(
      { subnet: "198.18.0.0/24", clientAddresses: 1, topology: "veth" },
      teardown,
    );
    serverAddress = sandbox.server.addresses[0] as string;
    clientAddress = sandbox.client.addresses[0] as string;
    const server = startIn(sandbox.server.netns, "tcp-server.cjs", [serverAddress]);
    programs.push(server);
    expect(await server.ask(null)).toBe("ready");
    client = startIn(sandbox.client.netns, "tcp-client.cjs", []);
    programs.push(client);
    expect(await client.ask(null)).toBe("ready");
    expect(await client.ask(`tw ${serverAddress} 8080 ${TIME_WAITS}`)).toBe("done");
    expect(await client.ask(`hold ${serverAddress} 8081 ${HELD}`)).toBe("done");
    expect(await client.ask(`closewait ${serverAddress} 8082 ${CLOSE_WAITS}`)).toBe("done");
  });

  afterAll(async () => {
    for (const { child } of programs) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    }
    expect(await teardown.drain()).toEqual([]);
    if (sandbox) expect(leftoversOf([sandbox.id])).toEqual([]);
  });

  it("--netns: TIME_WAIT, ESTABLISHED and CLOSE_WAIT counts per destination match what the client made", async () => {
    const exit = await runPortlab([
      "inspect",
      "--netns",
      sandbox.client.netns,
      "--json",
      "--interval",
      "500ms",
    ]);
    expect(exit.code, exit.stderr).toBe(0);
    const report = JSON.parse(exit.stdout) as Report;
    expect(report.target).toEqual({ kind: "netns", name: sandbox.client.netns });
    expect(report.kernelParams["net.ipv4.ip_local_port_range"]).toBe("32768 60999"); // the namespace's, fresh
    const usable = report.ports.usable;
    expect(usable).toBe(28_232);
    // Each destination has the whole range to itself (4-tuple rule): ports toward one do not count for another.
    expect(toward(report, 8080)).toMatchObject({
      states: { TIME_WAIT: TIME_WAITS },
      portsInUse: TIME_WAITS,
      portsLeft: usable - TIME_WAITS,
      newPerSec: 0,
      exhaustsInS: null,
    });
    expect(toward(report, 8081)).toMatchObject({ states: { ESTABLISHED: HELD }, portsLeft: usable - HELD });
    expect(toward(report, 8082)).toMatchObject({ states: { CLOSE_WAIT: CLOSE_WAITS } });
    expect(report.destinations).toHaveLength(3);
    expect(report.activeOpensPerSec).toBe(0);
  });

  it("--pid of the client program shows the same sockets (its namespace, parameters read through nsenter)", async () => {
    const exit = await runPortlab([
      "inspect",
      "--pid",
      String(client.child.pid),
      "--json",
      "--interval",
      "200ms",
    ]);
    expect(exit.code, exit.stderr).toBe(0);
    const report = JSON.parse(exit.stdout) as Report;
    expect(report.target).toEqual({ kind: "pid", pid: client.child.pid });
    expect(toward(report, 8080)?.states).toEqual({ TIME_WAIT: TIME_WAITS });
    expect(toward(report, 8082)?.states).toEqual({ CLOSE_WAIT: CLOSE_WAITS });
  });

  it("--watch prints a report a second until SIGINT, then exits 130 and its reader in the namespace is gone", async () => {
    const run = startPortlab(["inspect", "--netns", sandbox.client.netns, "--watch", "--json"]);
    const reports = () => run.stdout().split("\n").filter(Boolean);
    await run.waitFor("three reports", () => reports().length >= 3, 15_000);
    const readers = childrenOf(run.pid);
    expect(readers).toHaveLength(1);
    run.signal("SIGINT");
    const exit = await run.exited;
    expect(exit.code, exit.stderr).toBe(130);
    for (const line of reports()) {
      const report = JSON.parse(line) as Report;
      expect(toward(report, 8080)?.states).toEqual({ TIME_WAIT: TIME_WAITS });
    }
    expect(livePids(readers)).toEqual([]);
  });

  it.runIf(hasSetpriv)(
    "as a non-root user, another namespace is refused with exit 3 saying root is needed",
    async () => {
      for (const target of [
        ["--netns", sandbox.client.netns],
        ["--pid", String(client.child.pid)],
      ]) {
        const exit = await runPortlab(["inspect", ...target], { cwd: "/", wrapper: NOBODY });
        expect(exit.code, exit.stderr).toBe(3);
        expect(exit.stderr).toMatch(/^portlab: reading the kernel parameters of .* needs root/);
        expect(exit.stderr).toMatch(/fix: run it with sudo/);
        expect(exit.stdout).toBe("");
      }
    },
  );

  it.runIf(hasSetpriv)(
    "as a non-root user on its own namespace it succeeds, sees the sockets and writes nothing",
    async () => {
      const hostBefore = netSysctls(null);
      const namespaceBefore = netSysctls(sandbox.client.netns);
      const traceDir = mkdtempSync(join(tmpdir(), "plt-inspect-strace-"));
      try {
        // Inside the client namespace, as nobody, without --netns; under strace when there is one.
        const traced =
          strace === null
            ? []
            : [
                strace,
                "-ff",
                "-qq",
                "-o",
                join(traceDir, "trace"),
                "-e",
                `trace=${MODIFYING_SYSCALLS.join(",")}`,
              ];
        const exit = await runPortlab(["inspect", "--json", "--interval", "500ms"], {
          cwd: "/",
          wrapper: ["ip", "netns", "exec", sandbox.client.netns, ...traced, ...NOBODY],
        });
        expect(exit.code, exit.stderr).toBe(0);
        const report = JSON.parse(exit.stdout) as Report;
        expect(report.target).toEqual({ kind: "current" });
        expect(toward(report, 8080)?.states).toEqual({ TIME_WAIT: TIME_WAITS });
        expect(toward(report, 8081)?.states).toEqual({ ESTABLISHED: HELD });
        if (strace !== null) {
          const calls = readdirSync(traceDir).flatMap((file) =>
            readFileSync(join(traceDir, file), "utf8").split("\n").filter(Boolean),
          );
          expect(calls.length).toBeGreaterThan(10); // it did trace the opens
          expect(
            calls.filter((call) => !/^openat\(.*O_RDONLY/.test(call) || /O_CREAT|O_WRONLY|O_RDWR/.test(call)),
          ).toEqual([]);
        }
      } finally {
        rmSync(traceDir, { recursive: true, force: true });
      }
      expect(changedValues(hostBefore, netSysctls(null))).toEqual([]);
      expect(changedValues(namespaceBefore, netSysctls(sandbox.client.netns))).toEqual([]);
    },
  );

  it(`${RATE} new connections/s with ${NARROW.high - NARROW.low + 1} ports: it predicts exhaustion within 15% of P / r, and it comes then`, async () => {
    await applySysctls(
      sandbox.client,
      { "net.ipv4.ip_local_port_range": `${NARROW.low} ${NARROW.high}` },
      [],
    );
    const ports = NARROW.high - NARROW.low + 1;
    const modelMs = (ports / RATE) * 1000;
    const started = Number(
      (await client.ask(`rate ${serverAddress} 9090 ${RATE} 25`)).replace("started ", ""),
    );
    const finished = client.ask(null);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const exit = await runPortlab(["inspect", "--netns", sandbox.client.netns, "--json", "--interval", "3s"]);
    expect(exit.code, exit.stderr).toBe(0);
    const report = JSON.parse(exit.stdout) as Report;
    const destination = toward(report, 9090);
    expect(destination?.newPerSec).toBeGreaterThan(RATE * 0.85);
    expect(destination?.newPerSec).toBeLessThan(RATE * 1.15);
    expect(destination?.exhaustsInS).not.toBeNull();
    // The prediction, as a moment since the load started, against the model's P / r.
    const predictedMs = Date.parse(report.at) - started + (destination?.exhaustsInS as number) * 1000;
    expect(Math.abs(predictedMs - modelMs) / modelMs).toBeLessThan(0.15);
    expect(destination?.changes.filter((change) => change.holds).map((change) => change.change)).toContain(
      "tcp_tw_reuse=1",
    );
    // And the client's first EADDRNOTAVAIL came at about that moment.
    const outcome = JSON.parse(await finished) as { firstErrorAtMs: number | null; errorCode: string | null };
    expect(outcome.errorCode).toBe("EADDRNOTAVAIL");
    expect(Math.abs((outcome.firstErrorAtMs as number) - predictedMs) / predictedMs).toBeLessThan(0.15);
  });
});
