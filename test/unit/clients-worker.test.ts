import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PoolClientSpec } from "../../src/clients/pool-spec.js";
import type { ShortClientSpec } from "../../src/clients/short/spec.js";
import type {
  DoneMessage,
  RunnerToWorker,
  StartMessage,
  TickMessage,
  WorkerToRunner,
} from "../../src/clients/worker/protocol.js";
import { runWorker, type WorkerChannel } from "../../src/clients/worker/run-worker.js";

/** The runner's side of the IPC channel, in process. */
function fakeChannel() {
  const sent: WorkerToRunner[] = [];
  let deliver: (message: RunnerToWorker) => void = () => {};
  let disconnect: () => void = () => {};
  const channel: WorkerChannel = {
    send: (message) => sent.push(message),
    onMessage: (listener) => {
      deliver = listener;
    },
    onDisconnect: (listener) => {
      disconnect = listener;
    },
  };
  return {
    channel,
    sent,
    deliver: (message: RunnerToWorker) => deliver(message),
    disconnect: () => disconnect(),
  };
}

let server: Server;
let port: number;

beforeEach(async () => {
  server = createServer((_request, response) => response.end("ok\n"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function startMessage(
  durationMs: number,
  client: ShortClientSpec | PoolClientSpec = { kind: "short", close: "reset" },
): StartMessage {
  return {
    type: "start",
    client,
    load: {
      mode: "rate",
      rate: 100,
      rampFromRate: null,
      rampMs: 0,
      durationMs,
      maxRequests: 100_000,
      requestTimeoutMs: 1_000,
      maxInFlight: 100,
    },
    target: { host: "127.0.0.1", ports: [port], path: "/" },
    sourceAddresses: [],
  };
}

function ticksOf(sent: WorkerToRunner[]): TickMessage[] {
  return sent.filter((message): message is TickMessage => message.type === "tick");
}

describe("runWorker", () => {
  it("waits for start (the agent said ready), runs the load, ticks every second aligned to the start, then done", async () => {
    const { channel, sent, deliver } = fakeChannel();
    const finished = runWorker(channel);
    expect(sent).toEqual([]);
    deliver(startMessage(1_100));
    await finished;
    const ticks = ticksOf(sent);
    expect(ticks.map((tick) => tick.t)).toEqual([1, 2]);
    const done = sent.at(-1) as DoneMessage;
    expect(done.type).toBe("done");
    expect(done.sent).toBe(110);
    expect(done.ok).toBe(110);
    expect(done.opened).toBe(110);
    expect(ticks.reduce((sum, tick) => sum + tick.sent, 0)).toBe(done.sent);
    expect(ticks.reduce((sum, tick) => sum + tick.ok, 0)).toBe(done.ok);
    // Request 100 is due at exactly 1000 ms; if it leaves a moment later it belongs to second 2.
    expect(ticks[0]!.sent).toBeGreaterThanOrEqual(97);
    expect(ticks[0]!.sent).toBeLessThanOrEqual(100);
    expect(ticks[0]!.latencyMs).not.toBeNull();
    // Every request opened a connection: its connect time is there, apart from and within the request time.
    expect(ticks[0]!.connectMs).not.toBeNull();
    expect(done.connectMs!.p50).toBeGreaterThan(0);
    expect(done.connectMs!.p50).toBeLessThanOrEqual(done.latencyMs!.p50);
  });

  it("stops early on `stop` and still reports", async () => {
    const { channel, sent, deliver } = fakeChannel();
    const finished = runWorker(channel);
    deliver(startMessage(10_000, { kind: "pooled", connections: 2 }));
    setTimeout(() => deliver({ type: "stop" }), 300);
    await finished;
    const done = sent.at(-1) as DoneMessage;
    expect(done.type).toBe("done");
    expect(done.durationMs).toBeLessThan(2_000);
    expect(done.sent).toBeGreaterThan(20);
    expect(done.ok).toBe(done.sent);
    expect(done.opened).toBeLessThanOrEqual(2);
  });

  it("stops when the runner disconnects, before or during the load", async () => {
    const idle = fakeChannel();
    const idleRun = runWorker(idle.channel);
    idle.disconnect();
    await idleRun;
    expect(idle.sent).toEqual([]);

    const busy = fakeChannel();
    const busyRun = runWorker(busy.channel);
    busy.deliver(startMessage(10_000));
    setTimeout(() => busy.disconnect(), 200);
    await busyRun;
    expect(busy.sent.at(-1)?.type).toBe("done");
  });

  it("runs autocannon and maps its responses onto ticks", async () => {
    const { channel, sent, deliver } = fakeChannel();
    const finished = runWorker(channel);
    deliver({
      ...startMessage(500, { kind: "autocannon", connections: 2 }),
      load: {
        mode: "concurrency",
        concurrency: 2,
        durationMs: 500,
        maxRequests: 100_000,
        requestTimeoutMs: 1_000,
      },
    });
    await finished;
    const done = sent.at(-1) as DoneMessage;
    expect(done.type).toBe("done");
    expect(done.ok).toBeGreaterThan(100);
    expect(done.opened).toBe(2);
    expect(done.connectMs?.max).toBeGreaterThan(0); // seen through net's diagnostics channel
    expect(ticksOf(sent).reduce((sum, tick) => sum + tick.ok, 0)).toBe(done.ok);
  });
});
