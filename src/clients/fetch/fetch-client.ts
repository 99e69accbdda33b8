import { Agent, buildConnector, type Dispatcher, fetch, interceptors } from "undici";
import { errorCodeOf, statusError } from "../http/error-codes.js";
import { type ClientEndpoint, type HttpClient, type Outcome, promised } from "../http/http-client.js";
import { RoundRobin } from "../http/request-bytes.js";

export interface FetchClientOptions extends ClientEndpoint {
  readonly close: boolean;
  readonly connections: number | null;
  readonly keepAliveTimeoutMs: number | null;
  readonly pipelining: number | null;
  readonly retry: boolean;
}

/** What the connector saw: each handshake's time, handed to the next request that completes (undici does not say which request opened which socket). */
class Handshakes {
  opened = 0;
  private readonly pending: number[] = [];

  record(ms: number): void {
    this.opened += 1;
    this.pending.push(ms);
  }

  /** One handshake not yet attributed, if any. */
  take(): number | undefined {
    return this.pending.shift();
  }
}

function hostForUrl(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

/** An undici Agent with undici's defaults but for the fields set, counting and timing every connection it opens. */
function createAgent(options: FetchClientOptions, localAddress: string | undefined, handshakes: Handshakes) {
  const connector = buildConnector({ timeout: options.requestTimeoutMs });
  const connect: buildConnector.connector = (connectOptions, callback) => {
    const startedAt = performance.now();
    const withAddress = localAddress === undefined ? connectOptions : { ...connectOptions, localAddress };
    return connector(withAddress, (error, socket) => {
      if (error === null || error === undefined) handshakes.record(performance.now() - startedAt);
      // undici's callback takes (error, null) or (null, socket).
      (callback as (error: Error | null, socket: unknown) => void)(error, socket);
    });
  };
  const agent = new Agent({
    connect,
    headersTimeout: options.requestTimeoutMs,
    bodyTimeout: options.requestTimeoutMs,
    ...(options.connections === null ? {} : { connections: options.connections }),
    ...(options.keepAliveTimeoutMs === null ? {} : { keepAliveTimeout: options.keepAliveTimeoutMs }),
    ...(options.pipelining === null ? {} : { pipelining: options.pipelining }),
  });
  // undici's retry interceptor retries idempotent methods on ECONNRESET, UND_ERR_SOCKET and the like.
  const dispatcher: Dispatcher = options.retry
    ? agent.compose(interceptors.retry({ maxRetries: 2, minTimeout: 0, timeoutFactor: 1 }))
    : agent;
  return { agent, dispatcher };
}

/**
 * Requests with undici's fetch on one Agent per source address (round-robin), or one Agent when the kernel
 * chooses. Each request reads its body to the end so the socket goes back to the pool.
 */
export function createFetchClient(options: FetchClientOptions): HttpClient {
  const { host, ports, path } = options.target;
  const handshakes = new Handshakes();
  const addresses = options.sourceAddresses.length === 0 ? [undefined] : options.sourceAddresses;
  const agents = addresses.map((address) => createAgent(options, address, handshakes));
  const dispatchers = new RoundRobin(agents.map((entry) => entry.dispatcher));
  const urls = new RoundRobin(ports.map((port) => `http://${hostForUrl(host)}:${port}${path}`));
  const headers: Record<string, string> = options.close ? { connection: "close" } : {};
  let closing = false;

  function outcome(error: string | null, startedAt: number): Outcome {
    const latencyMs = performance.now() - startedAt;
    const connectMs = handshakes.take();
    return connectMs === undefined
      ? { error, latencyMs, opened: false }
      : { error, latencyMs, opened: true, connectMs };
  }

  function send(done: (outcome: Outcome) => void): void {
    const startedAt = performance.now();
    if (closing) {
      process.nextTick(() => done({ error: "ECANCELED", latencyMs: 0, opened: false }));
      return;
    }
    // No AbortSignal per request: the Agent's connect, headers and body timeouts bound it (a signal each costs more than the request).
    fetch(urls.next()!, { headers, dispatcher: dispatchers.next()! })
      .then(async (response) => {
        await response.arrayBuffer();
        done(outcome(statusError(response.status), startedAt));
      })
      .catch((error: unknown) => done(outcome(closing ? "ECANCELED" : fetchErrorCode(error), startedAt)));
  }

  async function close(): Promise<void> {
    closing = true;
    await Promise.all(agents.map((entry) => entry.agent.destroy().catch(() => undefined)));
  }

  return { send, request: promised(send), close };
}

/** A fetch failure's code: an abort by its timeout is ETIMEDOUT, else the errno along the cause chain. */
export function fetchErrorCode(error: unknown): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    const cause = (error as { cause?: unknown }).cause;
    if (error.name === "TimeoutError" || (cause instanceof Error && cause.name === "TimeoutError"))
      return "ETIMEDOUT";
  }
  return errorCodeOf(error);
}
