import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createNetTransport } from "../../src/clients/http/net-transport.js";
import { loadHandleTransport } from "../../src/clients/http/tcp-handle-transport.js";
import type { TcpTransport } from "../../src/clients/http/tcp-transport.js";
import { transportFor } from "../../src/clients/http/transport.js";
import { createShortClient } from "../../src/clients/short/short-client.js";
import type { CloseMode } from "../../src/core/connection.js";

interface TcpEntry {
  readonly localPort: number;
  readonly remotePort: number;
  readonly state: string;
  readonly key: string;
}

/** /proc/self/net/tcp of this namespace: on loopback both ends of a connection are in it. */
function tcpEntries(): TcpEntry[] {
  return readFileSync("/proc/self/net/tcp", "utf8")
    .split("\n")
    .slice(1)
    .filter((line) => line.trim().length > 0)
    .map((line) => {
      const [, local, remote, state] = line.trim().split(/\s+/);
      return {
        localPort: Number.parseInt(local!.split(":")[1]!, 16),
        remotePort: Number.parseInt(remote!.split(":")[1]!, 16),
        state: state!,
        key: `${local}-${remote}`,
      };
    });
}

const TIME_WAIT = "06";
const CLOSE_WAIT = "08";

/** Client-side sockets toward `serverPort` in `state`. */
function clientSockets(serverPort: number, state: string): TcpEntry[] {
  return tcpEntries().filter(
    (entry) => entry.state === state && entry.remotePort === serverPort && entry.localPort !== serverPort,
  );
}

const handle = loadHandleTransport();
const transports: [string, TcpTransport][] = [["net.Socket", createNetTransport()]];
if (typeof handle === "string") console.warn(`the TCP handle transport is not tested here: ${handle}`);
else transports.unshift(["TCP handle", handle]);

/** New TIME_WAIT entries since `before`, split by which side of `serverPort` holds them. */
function newTimeWaits(before: Set<string>, serverPort: number): { client: number; server: number } {
  const fresh = tcpEntries().filter((entry) => entry.state === TIME_WAIT && !before.has(entry.key));
  return {
    client: fresh.filter((entry) => entry.remotePort === serverPort && entry.localPort !== serverPort).length,
    server: fresh.filter((entry) => entry.localPort === serverPort).length,
  };
}

let server: Server;
let port: number;
let connections = 0;

beforeEach(async () => {
  connections = 0;
  server = createServer((request, response) => {
    if (request.url === "/missing") response.statusCode = 404;
    response.end("ok\n");
  });
  server.on("connection", () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let transport: TcpTransport;

function client(closeMode: CloseMode, path = "/", requestTimeoutMs = 2_000) {
  return createShortClient({
    target: { host: "127.0.0.1", ports: [port], path },
    sourceAddresses: [],
    requestTimeoutMs,
    closeMode,
    transport,
  });
}

async function timeWaitsAfter(closeMode: CloseMode, requests: number) {
  const before = new Set(
    tcpEntries()
      .filter((entry) => entry.state === TIME_WAIT)
      .map((entry) => entry.key),
  );
  const short = client(closeMode);
  for (let index = 0; index < requests; index += 1) {
    const outcome = await short.request();
    expect(outcome).toMatchObject({ error: null, opened: true });
  }
  await short.close();
  await new Promise((resolve) => setTimeout(resolve, 100)); // let the last FIN/ACKs land
  return newTimeWaits(before, port);
}

it("this Node exposes the TCP handle the fast transport uses; a host name goes through net.Socket (DNS)", () => {
  expect(typeof handle === "string" ? handle : handle.kind).toBe("handle");
  expect(transportFor("127.0.0.1").kind).toBe("handle");
  expect(transportFor("::1").kind).toBe("handle");
  expect(transportFor("nginx.internal").kind).toBe("net");
});

describe.each(transports)("short client on %s (real sockets on 127.0.0.1)", (_name, chosen) => {
  beforeEach(() => {
    transport = chosen;
  });

  it("client-first: a new connection per request, TIME_WAIT on the client side", async () => {
    const timeWaits = await timeWaitsAfter("client-first", 5);
    expect(connections).toBe(5);
    expect(timeWaits.client).toBe(5);
    expect(timeWaits.server).toBe(0);
  });

  it("server-first: Connection: close, TIME_WAIT on the server side", async () => {
    const timeWaits = await timeWaitsAfter("server-first", 5);
    expect(connections).toBe(5);
    expect(timeWaits.server).toBe(5);
    expect(timeWaits.client).toBe(0);
  });

  it("reset: RST after the response, no TIME_WAIT anywhere", async () => {
    const timeWaits = await timeWaitsAfter("reset", 5);
    expect(connections).toBe(5);
    expect(timeWaits).toEqual({ client: 0, server: 0 });
  });

  it("counts a non-2xx status as HTTP_<status>", async () => {
    const short = client("client-first", "/missing");
    expect((await short.request()).error).toBe("HTTP_404");
    await short.close();
  });

  it("counts a refused connection as ECONNREFUSED, not opened", async () => {
    const closedPort = port;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const short = createShortClient({
      target: { host: "127.0.0.1", ports: [closedPort], path: "/" },
      sourceAddresses: [],
      requestTimeoutMs: 2_000,
      closeMode: "client-first",
      transport,
    });
    expect(await short.request()).toMatchObject({ error: "ECONNREFUSED", opened: false });
    await short.close();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve)); // for afterEach
  });

  it("times out a request that gets no answer as ETIMEDOUT", async () => {
    server.removeAllListeners("request"); // accept, never answer
    const short = client("client-first", "/", 150);
    const outcome = await short.request();
    expect(outcome.error).toBe("ETIMEDOUT");
    expect(outcome.latencyMs).toBeGreaterThanOrEqual(140);
    await short.close();
  });

  it("binds the given source addresses round-robin", async () => {
    const seen = new Set<string>();
    server.on("connection", (socket) => seen.add(socket.remoteAddress ?? ""));
    const short = createShortClient({
      target: { host: "127.0.0.1", ports: [port], path: "/" },
      sourceAddresses: ["127.0.0.2", "127.0.0.3"],
      requestTimeoutMs: 2_000,
      closeMode: "reset",
      transport,
    });
    for (let index = 0; index < 4; index += 1) expect((await short.request()).error).toBeNull();
    await short.close();
    expect([...seen].sort()).toEqual(["127.0.0.2", "127.0.0.3"]);
  });

  it("times the TCP connect apart from the request: measured, and within the request time", async () => {
    const short = client("client-first");
    for (let index = 0; index < 5; index += 1) {
      const outcome = await short.request();
      expect(outcome.error).toBeNull();
      expect(outcome.connectMs).toBeGreaterThan(0);
      expect(outcome.connectMs).toBeLessThanOrEqual(outcome.latencyMs);
    }
    await short.close();
  });

  it("a refused connect has no connect time", async () => {
    const closedPort = port;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const short = client("client-first");
    const outcome = await short.request();
    expect(outcome.error).toBe("ECONNREFUSED");
    expect(outcome.connectMs).toBeUndefined();
    await short.close();
    await new Promise<void>((resolve) => server.listen(closedPort, "127.0.0.1", resolve));
  });

  it("leak: the server closes, the client never does: CLOSE_WAIT here until the client closes", async () => {
    const short = client("leak");
    for (let index = 0; index < 6; index += 1) expect((await short.request()).error).toBeNull();
    // Each response is followed by the server's FIN; give the last one time to land.
    await expect.poll(() => clientSockets(port, CLOSE_WAIT).length, { timeout: 2_000 }).toBe(6);
    expect(connections).toBe(6);
    await short.close();
    await expect.poll(() => clientSockets(port, CLOSE_WAIT).length, { timeout: 2_000 }).toBe(0);
    expect(newTimeWaits(new Set(), port).client).toBe(0); // the client closed last: no TIME_WAIT here
  });
});
