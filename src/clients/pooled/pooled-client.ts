import { DeadlineQueue, sweepInterval } from "../http/deadline-queue.js";
import { errorCodeOf, statusError } from "../http/error-codes.js";
import { type ClientEndpoint, type HttpClient, type Outcome, promised } from "../http/http-client.js";
import { RoundRobin, requestBytes } from "../http/request-bytes.js";
import { ResponseParser } from "../http/response-parser.js";
import type { TcpConnection, TcpEvents, TcpTransport } from "../http/tcp-transport.js";
import { transportFor } from "../http/transport.js";

export interface PooledClientOptions extends ClientEndpoint {
  /** Keep-alive connections at most; opened on demand, reused, one request at a time each. */
  readonly connections: number;
  /** Default: Node's TCP handle where available and the host is an IP address, else net.Socket. */
  readonly transport?: TcpTransport;
}

/** One request: waits for a connection, then is on the wire until its response ends or it fails. */
class PooledRequest {
  settled = false;
  connection: KeepAlive | null = null;

  constructor(
    readonly startedAt: number,
    private readonly resolve: (outcome: Outcome) => void,
  ) {}

  /** A timeout or the pool closing: a request on the wire takes its connection with it (a half-read response cannot be reused). */
  fail(code: string): void {
    if (this.settled) return;
    const connection = this.connection;
    this.connection = null;
    connection?.drop();
    this.settle(code, false, undefined);
  }

  settle(error: string | null, opened: boolean, connectMs: number | undefined): void {
    if (this.settled) return;
    this.settled = true;
    const latencyMs = performance.now() - this.startedAt;
    this.resolve(
      connectMs === undefined ? { error, latencyMs, opened } : { error, latencyMs, opened, connectMs },
    );
  }
}

interface Pool {
  readonly closing: boolean;
  /** The connection is free again: the next waiting request takes it, or it waits idle. */
  release(connection: KeepAlive): void;
  /** The connection is gone (server closed, error, timeout): forget it. */
  remove(connection: KeepAlive): void;
}

/**
 * One keep-alive TCP connection, pipelining 1. The request that opens it carries `opened` and the
 * handshake time; a response that says `Connection: close` (or HTTP/1.0) ends the connection after it.
 */
class KeepAlive implements TcpEvents {
  tcp: TcpConnection | null = null;
  private current: PooledRequest | null = null;
  private connected = false;
  private connectStartedAt = 0;
  private connectMs: number | undefined;
  private readonly parser = new ResponseParser();

  constructor(
    private readonly pool: Pool,
    private readonly request: Buffer,
  ) {}

  /** Opens the connection for `first`, which is sent once the handshake is done. */
  open(
    transport: TcpTransport,
    host: string,
    port: number,
    localAddress: string | undefined,
    first: PooledRequest,
  ): void {
    this.assign(first);
    this.connectStartedAt = performance.now();
    this.tcp = transport.connect({ host, port, localAddress }, this);
  }

  send(request: PooledRequest): void {
    this.assign(request);
    this.parser.reset();
    this.tcp!.write(this.request);
  }

  private assign(request: PooledRequest): void {
    this.current = request;
    request.connection = this;
  }

  onConnect(error: string | null): void {
    if (error !== null) {
      this.end(error);
      return;
    }
    this.connected = true;
    this.connectMs = performance.now() - this.connectStartedAt;
    if (this.current !== null) this.send(this.current);
  }

  onData(buffer: Buffer, length: number): void {
    const request = this.current;
    if (request === null) return; // nothing asked: ignore stray bytes
    let complete: boolean;
    try {
      complete = this.parser.feed(buffer, length);
    } catch (error) {
      this.end(errorCodeOf(error));
      return;
    }
    if (complete) this.complete(request);
  }

  private complete(request: PooledRequest): void {
    this.current = null;
    request.connection = null;
    const connectMs = this.connectMs;
    this.connectMs = undefined;
    request.settle(statusError(this.parser.status), connectMs !== undefined, connectMs);
    if (this.parser.keepAlive && !this.pool.closing) this.pool.release(this);
    else this.drop();
  }

  onEnd(): void {
    if (this.current !== null && this.parser.end()) {
      this.complete(this.current); // a body that ran to EOF (the connection ends with it)
      return;
    }
    this.end("ECONNRESET"); // closed with a request on the wire: "socket hang up"
  }

  onError(code: string): void {
    this.end(code);
  }

  /** Closes the connection and forgets it; the request on it (if any) is the caller's to settle. */
  drop(): void {
    this.tcp?.close();
    this.tcp = null;
    this.pool.remove(this);
  }

  /** The connection failed: its request (if any) fails with `code`, the connection goes. */
  private end(code: string): void {
    const request = this.current;
    this.current = null;
    this.drop();
    if (request !== null) {
      request.connection = null;
      request.settle(
        this.pool.closing ? "ECANCELED" : code,
        this.connected && this.connectMs !== undefined,
        this.connectMs,
      );
    }
  }
}

/**
 * A keep-alive pool of at most `connections` TCP connections, pipelining 1, on portlab's transport.
 * Requests take an idle connection, else open a new one while fewer than `connections` exist, else
 * wait in order. Each new connection takes the next port and source address round-robin.
 */
export function createPooledClient(options: PooledClientOptions): HttpClient {
  const { host, ports, path } = options.target;
  const transport = options.transport ?? transportFor(host, options.sourceAddresses.length > 0);
  const destinations = new RoundRobin(
    ports.map((port) => ({ port, request: requestBytes(host, port, path, false) })),
  );
  const addressCycle = new RoundRobin(options.sourceAddresses);
  const live = new Set<KeepAlive>();
  const idle: KeepAlive[] = [];
  /** Every request not yet settled (on a connection or waiting for one), for the timeout sweep. */
  const outstanding = new DeadlineQueue<PooledRequest>();
  /** Requests waiting for a free connection, first come first served. */
  const waiting = new DeadlineQueue<PooledRequest>();
  let sweeper: NodeJS.Timeout | undefined;

  const pool = {
    closing: false,
    release(connection: KeepAlive): void {
      const next = waiting.shift();
      if (next !== undefined) connection.send(next);
      else idle.push(connection);
    },
    remove(connection: KeepAlive): void {
      if (!live.delete(connection)) return;
      const at = idle.indexOf(connection);
      if (at >= 0) idle.splice(at, 1);
      // A request waiting for a connection gets a new one in place of the one that went.
      const next = pool.closing ? undefined : waiting.shift();
      if (next !== undefined) open(next);
    },
  };

  function open(first: PooledRequest): void {
    const destination = destinations.next()!;
    const connection = new KeepAlive(pool, destination.request);
    live.add(connection);
    connection.open(transport, host, destination.port, addressCycle.next(), first);
  }

  const sweep = (): void =>
    outstanding.failOlderThan(performance.now() - options.requestTimeoutMs, "ETIMEDOUT");

  function send(done: (outcome: Outcome) => void): void {
    const request = new PooledRequest(performance.now(), done);
    if (pool.closing) {
      process.nextTick(() => request.fail("ECANCELED"));
      return;
    }
    sweeper ??= setInterval(sweep, sweepInterval(options.requestTimeoutMs));
    outstanding.push(request);
    const connection = idle.pop();
    if (connection !== undefined) connection.send(request);
    else if (live.size < options.connections) open(request);
    else waiting.push(request);
  }

  async function close(): Promise<void> {
    pool.closing = true;
    clearInterval(sweeper);
    waiting.failAll("ECANCELED");
    outstanding.failAll("ECANCELED");
    for (const connection of [...live]) connection.drop();
    idle.length = 0;
  }

  return { send, request: promised(send), close };
}
