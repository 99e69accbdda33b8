import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clientLabel } from "../../src/clients/client-label.js";
import { createFetchClient, fetchErrorCode } from "../../src/clients/fetch/fetch-client.js";
import { fetchClient, fetchPattern } from "../../src/clients/fetch/plan.js";
import type { FetchClientSpec } from "../../src/clients/fetch/spec.js";
import type { Profile } from "../../src/core/profile.js";
import type { LoadSpec } from "../../src/core/scenario.js";
import { clientFields } from "../../src/engine/build-run-summary.js";
import { scenarios } from "../../src/engine/scenarios.js";
import { predictRun } from "../../src/kernel/model.js";
import { getProfile } from "../../src/kernel/profile-library.js";
import { refusal } from "../support/refusal.js";

const parse = (yaml: string) => scenarios.parseText(yaml, "test.yaml");
const refused = (yaml: string) => refusal(() => parse(yaml)).message;

describe("scenario: a fetch client", () => {
  it("reads its fields, keeps undici's defaults for the rest and names itself", () => {
    const scenario = parse(
      "name: f\nclients: [fetch, { kind: fetch, close: true }, { kind: fetch, keepAliveTimeout: 900ms, retry: true, connections: 8, pipelining: 2 }]\n",
    );
    expect(scenario.clients).toEqual([
      {
        kind: "fetch",
        close: false,
        connections: null,
        keepAliveTimeoutMs: null,
        pipelining: null,
        retry: false,
      },
      {
        kind: "fetch",
        close: true,
        connections: null,
        keepAliveTimeoutMs: null,
        pipelining: null,
        retry: false,
      },
      { kind: "fetch", close: false, connections: 8, keepAliveTimeoutMs: 900, pipelining: 2, retry: true },
    ]);
    expect(scenario.clients.map((client) => clientLabel(clientFields(client)))).toEqual([
      "fetch (undici, keep-alive)",
      "fetch (undici, Connection: close)",
      "fetch (undici, keep-alive, 8 connections)",
    ]);
    expect(scenario.clients.map((client) => fetchClient.variant(client as FetchClientSpec))).toEqual([
      "keep-alive",
      "close",
      "keep-alive",
    ]);
  });

  it("refuses a bad value with the field's name", () => {
    expect(refused("name: x\nclients: [{ kind: fetch, close: yes-please }]\n")).toContain("clients[0].close");
    expect(refused("name: x\nclients: [{ kind: fetch, close: yes-please }]\n")).toContain("true or false");
    expect(refused("name: x\nclients: [{ kind: fetch, keepAliveTimeout: soon }]\n")).toContain(
      "clients[0].keepAliveTimeout",
    );
    expect(refused("name: x\nclients: [{ kind: fetch, pipelining: 0 }]\n")).toContain(
      "clients[0].pipelining",
    );
    expect(refused("name: x\nclients: [{ kind: fetch, retry: 3 }]\n")).toContain("clients[0].retry");
    expect(refused("name: x\nclients: [{ kind: fetch, keepalive: 1s }]\n")).toContain("keepalive");
  });
});

const spec = (overrides: Partial<FetchClientSpec>): FetchClientSpec => ({
  kind: "fetch",
  close: false,
  connections: null,
  keepAliveTimeoutMs: null,
  pipelining: null,
  retry: false,
  ...overrides,
});

describe("the model's view of fetch", () => {
  const narrow = getProfile("narrow-range") as Profile;
  const rate: LoadSpec = {
    mode: "rate",
    rate: 2000,
    rampFromRate: null,
    rampMs: 0,
    durationMs: 3000,
    maxRequests: 6000,
    requestTimeoutMs: 3000,
    maxInFlight: 5000,
  };

  it("sees Connection: close as a short connection the server closes, keep-alive as an unbounded pool", () => {
    expect(fetchPattern(spec({ close: true }))).toEqual({ kind: "short", close: "server-first" });
    expect(fetchPattern(spec({}))).toEqual({ kind: "pooled", connections: Number.POSITIVE_INFINITY });
    expect(fetchPattern(spec({ connections: 4 }))).toEqual({ kind: "pooled", connections: 4 });
  });

  it("predicts neither runs out (close leaves TIME_WAIT on the server) and says what it knows of the race", () => {
    const keepAlive = predictRun({
      sysctls: {},
      profile: narrow,
      client: fetchPattern(spec({})),
      load: rate,
    });
    expect(keepAlive.exhaustedAtMs).toBeNull();
    expect(keepAlive.reason).toContain("unbounded pool");
    expect(keepAlive.reason).toContain("RTT / reuse interval");
    const close = predictRun({
      sysctls: {},
      profile: narrow,
      client: fetchPattern(spec({ close: true })),
      load: rate,
    });
    // nginx closes first on `Connection: close`: TIME_WAIT lands on the server, the client never runs out.
    expect(close.exhaustedAtMs).toBeNull();
    expect(close.reason).toContain("server closes first");
  });
});

describe("fetch error codes", () => {
  it("maps undici's wrappers onto the errno along the cause chain", () => {
    const errno = Object.assign(new Error("connect EADDRNOTAVAIL"), { code: "EADDRNOTAVAIL" });
    expect(fetchErrorCode(new TypeError("fetch failed", { cause: errno }))).toBe("EADDRNOTAVAIL");
    const socket = Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" });
    expect(fetchErrorCode(new TypeError("fetch failed", { cause: socket }))).toBe("ECONNRESET");
    const timeout = new DOMException("The operation was aborted due to timeout", "TimeoutError");
    expect(fetchErrorCode(timeout)).toBe("ETIMEDOUT");
  });
});

describe("createFetchClient against a real server", () => {
  let server: Server;
  let port: number;
  let connections = 0;

  beforeEach(async () => {
    connections = 0;
    server = createServer((_request, response) => response.end("ok\n"));
    server.on("connection", () => {
      connections += 1;
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const create = (overrides: Partial<FetchClientSpec>) =>
    createFetchClient({
      ...spec(overrides),
      target: { host: "127.0.0.1", ports: [port], path: "/" },
      sourceAddresses: [],
      requestTimeoutMs: 2000,
    });

  it("reuses its keep-alive connections and reports each one it opened with its connect time", async () => {
    const client = create({});
    const outcomes = [];
    for (let i = 0; i < 10; i += 1) outcomes.push(await client.request());
    await client.close();
    expect(outcomes.every((outcome) => outcome.error === null)).toBe(true);
    // Against Node's own server undici opens a second socket after the first response, then keeps it.
    expect(connections).toBeLessThanOrEqual(2);
    expect(outcomes.filter((outcome) => outcome.opened)).toHaveLength(connections);
    expect(outcomes[0]?.connectMs).toBeGreaterThanOrEqual(0);
  });

  it("opens a connection per request with Connection: close", async () => {
    const client = create({ close: true });
    const outcomes = [];
    for (let i = 0; i < 4; i += 1) outcomes.push(await client.request());
    await client.close();
    expect(outcomes.map((outcome) => outcome.error)).toEqual([null, null, null, null]);
    expect(outcomes.filter((outcome) => outcome.opened)).toHaveLength(4);
    expect(connections).toBe(4);
  });

  it("reports a refused connection by its errno", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const freePort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = createFetchClient({
      ...spec({}),
      target: { host: "127.0.0.1", ports: [freePort], path: "/" },
      sourceAddresses: [],
      requestTimeoutMs: 2000,
    });
    const outcome = await client.request();
    await client.close();
    expect(outcome.error).toBe("ECONNREFUSED");
  });
});
