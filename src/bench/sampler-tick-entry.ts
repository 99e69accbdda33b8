import { connect, createServer, type Server, type Socket } from "node:net";
import { HostTracker } from "../sampler/host-tracker.js";
import { readProcNetSnapshot, readTcpTables } from "../sampler/proc-reader.js";
import { loadSockDiag } from "../sampler/sock-diag.js";
import { summarizeTcpSockets } from "../sampler/tcp-table.js";
import type { TcpSockets } from "../sampler/types.js";
import { median } from "./median.js";
import type { SamplerTickReport, SamplerTickSpec } from "./sampler-tick.js";

/**
 * Process entry the bench runs inside the server host (`ip netns exec … node sampler-tick-entry.js SPEC`, with
 * a raised open-file limit): tops the host up to `sockets` TCP sockets with connected pairs on `address` (it
 * already holds the TIME_WAIT of section a), then times full sampler ticks of its own namespace, through
 * sock_diag and through /proc. One JSON line on stdout.
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

/** `pairs` connected pairs (two sockets each, both in this process), made `batch` at a time. */
async function openPairs(server: Server, port: number, pairs: number): Promise<Socket[]> {
  const held: Socket[] = [];
  server.on("connection", (socket) => held.push(socket));
  const batch = 500;
  for (let made = 0; made < pairs; made += batch) {
    const count = Math.min(batch, pairs - made);
    await Promise.all(
      Array.from(
        { length: count },
        () =>
          new Promise<void>((resolve, reject) => {
            const socket = connect({ host: spec.address, port }, () => resolve());
            socket.once("error", reject);
            held.push(socket);
          }),
      ),
    );
  }
  return held;
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
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, spec.address, resolve));
  const { port } = server.address() as { port: number };
  const missing = Math.max(0, spec.sockets - countSockets());
  const held = await openPairs(server, port, Math.ceil(missing / 2));
  const sockets = countSockets();
  const procMs = timeTicks(() => readTcpTables("/proc", process.pid));
  const diag = loaded.sockDiag;
  const sockDiagMs = diag === null ? null : timeTicks(() => ({ records: diag.dumpTcp() }));
  for (const socket of held) socket.destroy();
  server.close();
  return {
    sockets,
    sockDiagMs,
    procMs,
    ...(loaded.sockDiag === null ? { sockDiagMissing: loaded.reason } : {}),
  };
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
