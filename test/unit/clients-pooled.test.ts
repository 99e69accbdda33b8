import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Outcome } from "../../src/clients/http/http-client.js";
import { createNetTransport } from "../../src/clients/http/net-transport.js";
import { loadHandleTransport } from "../../src/clients/http/tcp-handle-transport.js";
import type { TcpTransport } from "../../src/clients/http/tcp-transport.js";
import { createPooledClient } from "../../src/clients/pooled/pooled-client.js";

const handle = loadHandleTransport();
const transports: [string, TcpTransport][] = [["net.Socket", createNetTransport()]];
if (typeof handle === "string") console.warn(`the TCP handle transport is not tested here: ${handle}`);
else transports.unshift(["TCP handle", handle]);
let transport: TcpTransport;

let server: Server;
let port: number;
let connections = 0;
let remoteAddresses: string[] = [];

beforeEach(async () => {
  connections = 0;
  remoteAddresses = [];
  server = createServer((request, response) => {
    if (request.url === "/last") response.setHeader("Connection", "close");
    if (request.url === "/error") response.statusCode = 500;
    response.end("ok\n");
  });
  server.keepAliveTimeout = 10_000;
  server.on("connection", (socket) => {
    connections += 1;
    remoteAddresses.push(socket.remoteAddress ?? "");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function pool(connectionCount: number, path = "/", requestTimeoutMs = 2_000, sourceAddresses: string[] = []) {
  return createPooledClient({
    target: { host: "127.0.0.1", ports: [port], path },
    sourceAddresses,
    requestTimeoutMs,
    connections: connectionCount,
    transport,
  });
}

async function closedLoop(
  request: () => Promise<Outcome>,
  total: number,
  concurrency: number,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let claimed = 0;
  const loop = async () => {
    while (claimed < total) {
      claimed += 1;
      outcomes.push(await request());
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return outcomes;
}

describe.each(transports)("pooled client on %s (real sockets on 127.0.0.1)", (_name, chosen) => {
  beforeEach(() => {
    transport = chosen;
  });

  it("serves 200 requests over exactly 4 keep-alive connections", async () => {
    const client = pool(4);
    const outcomes = await closedLoop(() => client.request(), 200, 16);
    await client.close();
    expect(outcomes).toHaveLength(200);
    expect(outcomes.filter((outcome) => outcome.error !== null).map((outcome) => outcome.error)).toEqual([]);
    expect(connections).toBe(4);
    expect(outcomes.filter((outcome) => outcome.opened)).toHaveLength(4);
  });

  it("replaces a connection the server closes (Connection: close)", async () => {
    const client = pool(1, "/last");
    const outcomes = await closedLoop(() => client.request(), 3, 1);
    await client.close();
    expect(outcomes.map((outcome) => outcome.error)).toEqual([null, null, null]);
    expect(connections).toBe(3);
    expect(outcomes.map((outcome) => outcome.opened)).toEqual([true, true, true]);
  });

  it("binds new connections to the source addresses round-robin", async () => {
    const client = pool(4, "/", 2_000, ["127.0.0.2", "127.0.0.3"]);
    const outcomes = await closedLoop(() => client.request(), 40, 4);
    await client.close();
    expect(outcomes.filter((outcome) => outcome.error !== null)).toEqual([]);
    expect(remoteAddresses.sort()).toEqual(["127.0.0.2", "127.0.0.2", "127.0.0.3", "127.0.0.3"]);
  });

  it("reports HTTP_500, ECONNREFUSED and ETIMEDOUT", async () => {
    const failing = pool(2, "/error");
    expect((await failing.request()).error).toBe("HTTP_500");
    await failing.close();

    server.removeAllListeners("request"); // accept, never answer
    const silent = pool(1, "/", 150);
    const [first, queued] = await Promise.all([silent.request(), silent.request()]);
    expect(first.error).toBe("ETIMEDOUT");
    expect(queued.error).toBe("ETIMEDOUT");
    await silent.close();

    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const refused = pool(2);
    expect(await refused.request()).toMatchObject({ error: "ECONNREFUSED", opened: false });
    await refused.close();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve)); // for afterEach
  });

  it("ends requests still in flight with ECANCELED on close", async () => {
    server.removeAllListeners("request");
    const client = pool(1, "/", 5_000);
    const pending = [client.request(), client.request()];
    await new Promise((resolve) => setTimeout(resolve, 50));
    await client.close();
    const outcomes = await Promise.all(pending);
    expect(outcomes.map((outcome) => outcome.error)).toEqual(["ECANCELED", "ECANCELED"]);
  });

  it("times the connect of each new connection, within its first request's time", async () => {
    const client = pool(3);
    const outcomes = await closedLoop(() => client.request(), 30, 3);
    await client.close();
    const opening = outcomes.filter((outcome) => outcome.opened);
    expect(opening).toHaveLength(3);
    for (const outcome of opening) {
      expect(outcome.connectMs).toBeGreaterThan(0);
      expect(outcome.connectMs).toBeLessThanOrEqual(outcome.latencyMs);
    }
    expect(outcomes.filter((outcome) => outcome.connectMs !== undefined)).toHaveLength(3);
  });

  it("never holds more than N connections, even with many requests waiting", async () => {
    const client = pool(2);
    const outcomes = await closedLoop(() => client.request(), 100, 20);
    await client.close();
    expect(outcomes.every((outcome) => outcome.error === null)).toBe(true);
    expect(connections).toBe(2);
  });
});
