import { connect, createServer, type Server } from "node:net";
import type { TcpSockets } from "../../src/core/sample.js";
import { HostTracker } from "../../src/sampler/host-tracker.js";
import { readProcNetSnapshot, readTcpTables } from "../../src/sampler/proc-reader.js";
import { loadSockDiag } from "../../src/sampler/sock-diag.js";
import { summarizeTcpSockets } from "../../src/sampler/tcp-table.js";
import { median } from "./median.js";
import type { SamplerTickReport, SamplerTickSpec } from "./sampler-tick.js";

/**
 * Process entry the bench runs inside the server host (`ip netns exec … node sampler-tick-entry.js SPEC`): tops
 * the host up to `sockets` TCP sockets with TIME_WAIT of its own on `address` (the host already holds section
 * a's), then times full sampler ticks of its own namespace, through sock_diag and through /proc. One JSON line
 * on stdout.
 */
const spec = JSON.parse(process.argv[2] ?? "null") as SamplerTickSpec;

function countSockets(): number {
  const diag = loadSockDiag().sockDiag;
  const sockets: TcpSockets | null = diag ? { records: diag.dumpTcp() } : readTcpTables("/proc", process.pid);
  if (sockets === null) return 0;
  return Object.values(summarizeTcpSockets(sockets, null).states).reduce(
    (sum, count) => sum + (count ?? 0),
    0,
  );
}

/**
 * Adds TIME_WAIT sockets (they hold no descriptor, so the open-file limit does not bound them) until the host
 * holds `target` sockets: connections to three listeners of this process, each closed by this side at once.
 * Bounded by `deadlineMs`; returns the count reached.
 */
async function topUp(target: number, deadlineMs: number): Promise<number> {
  const servers = await Promise.all(
    [0, 1, 2].map(
      () =>
        new Promise<Server>((resolve) => {
          const server = createServer((socket) => socket.on("error", () => {}));
          server.listen(0, spec.address, () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  const deadline = Date.now() + deadlineMs;
  let count = countSockets();
  let made = 0;
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const socket = connect({ host: spec.address, port: ports[made++ % ports.length] as number }, () => {
        socket.destroy(); // the active close: TIME_WAIT on this side
        resolve();
      });
      socket.once("error", () => resolve());
    });
  while (count < target && Date.now() < deadline) {
    const batch = Math.min(2_000, target - count);
    for (let started = 0; started < batch; started += 256)
      await Promise.all(Array.from({ length: Math.min(256, batch - started) }, one));
    count = countSockets();
  }
  for (const server of servers) server.close();
  return count;
}

function timeTicks(read: () => TcpSockets | null): number {
  const tracker = new HostTracker(
    { host: "server", pid: process.pid, portRange: null, usablePorts: null },
    1000,
  );
  const times: number[] = [];
  for (let i = 0; i < spec.iterations; i++) {
    const started = performance.now();
    const sockets = read();
    const snapshot = sockets === null ? null : readProcNetSnapshot("/proc", process.pid, sockets);
    if (snapshot === null) throw new Error("this process's /proc/<pid>/net is unreadable");
    tracker.observe(i + 1, snapshot);
    times.push(performance.now() - started);
  }
  return median(times) ?? 0;
}

async function main(): Promise<SamplerTickReport> {
  const loaded = loadSockDiag();
  const sockets = await topUp(spec.sockets, 60_000);
  const procMs = timeTicks(() => readTcpTables("/proc", process.pid));
  const diag = loaded.sockDiag;
  const sockDiagMs = diag === null ? null : timeTicks(() => ({ records: diag.dumpTcp() }));
  return { sockets, sockDiagMs, procMs, ...("reason" in loaded ? { sockDiagMissing: loaded.reason } : {}) };
}

main().then(
  (report) => {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
