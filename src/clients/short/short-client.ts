import type { CloseMode } from "../../core/connection.js";
import { DeadlineQueue, sweepInterval } from "../http/deadline-queue.js";
import { errorCodeOf, statusError } from "../http/error-codes.js";
import { type ClientEndpoint, type HttpClient, type Outcome, promised } from "../http/http-client.js";
import { RoundRobin, requestBytes } from "../http/request-bytes.js";
import { ResponseParser } from "../http/response-parser.js";
import type { TcpConnection, TcpEvents, TcpTransport } from "../http/tcp-transport.js";
import { transportFor } from "../http/transport.js";

export interface ShortClientOptions extends ClientEndpoint {
  readonly closeMode: CloseMode;
  /** Default: Node's TCP handle where available and the host is an IP address, else net.Socket. */
  readonly transport?: TcpTransport;
}

interface Destination {
  readonly port: number;
  readonly request: Buffer;
}

/** What every request of one client shares. */
interface ShortShared {
  readonly closeMode: CloseMode;
  /** Sockets a `leak` client forgot: closed only when the client closes (the end of the load). */
  readonly leaked: TcpConnection[];
}

/**
 * One request on its own TCP connection, as the transport's events object (no closures per request).
 * The close mode decides what happens once the response is complete:
 * - client-first: close at once: a FIN from the client, TIME_WAIT here;
 * - reset: SO_LINGER 0: an RST, no TIME_WAIT anywhere;
 * - server-first (`Connection: close`): wait for nginx's FIN, then close: TIME_WAIT on the server;
 * - leak (`Connection: close`): never close: CLOSE_WAIT here once nginx's FIN lands, until the load ends.
 */
class ShortRequest implements TcpEvents {
  settled = false;
  connection: TcpConnection | null = null;
  private connectMs: number | undefined;
  private responded = false;
  private readonly parser = new ResponseParser();

  constructor(
    readonly startedAt: number,
    private readonly destination: Destination,
    private readonly shared: ShortShared,
    private readonly resolve: (outcome: Outcome) => void,
  ) {}

  onConnect(error: string | null): void {
    if (error !== null) {
      this.finish(error);
      return;
    }
    this.connectMs = performance.now() - this.startedAt;
    this.connection!.write(this.destination.request);
  }

  onData(buffer: Buffer, length: number): void {
    if (this.responded) return;
    try {
      if (this.parser.feed(buffer, length)) this.onResponse();
    } catch (error) {
      this.connection!.close();
      this.finish(errorCodeOf(error));
    }
  }

  onEnd(): void {
    if (this.settled) return;
    if (!this.responded && this.parser.end()) {
      this.onResponse(); // a body that ran to EOF
      if (this.settled) return;
    }
    this.connection!.close(); // the passive closer's close: no TIME_WAIT on this side
    // Closed before a complete response: "socket hang up".
    this.finish(this.responded ? statusError(this.parser.status) : "ECONNRESET");
  }

  onError(code: string): void {
    if (this.settled) return;
    this.connection!.close();
    this.finish(this.responded ? statusError(this.parser.status) : code);
  }

  /** A timeout or the client closing: the socket goes, whatever state it is in. */
  fail(code: string): void {
    if (this.settled) return;
    this.connection?.close();
    this.finish(this.responded ? statusError(this.parser.status) : code);
  }

  private onResponse(): void {
    this.responded = true;
    const mode = this.shared.closeMode;
    if (mode === "server-first") return; // onEnd closes, after nginx's FIN
    const connection = this.connection!;
    if (mode === "client-first") connection.close();
    else if (mode === "reset") connection.reset();
    else {
      connection.abandon();
      this.shared.leaked.push(connection);
    }
    this.finish(statusError(this.parser.status));
  }

  private finish(error: string | null): void {
    if (this.settled) return;
    this.settled = true;
    const latencyMs = performance.now() - this.startedAt;
    const opened = this.connectMs !== undefined;
    this.resolve(
      opened ? { error, latencyMs, opened, connectMs: this.connectMs } : { error, latencyMs, opened },
    );
  }
}

/** One new TCP connection per request; `closeMode` decides who closes first (and so who keeps TIME_WAIT). */
export function createShortClient(options: ShortClientOptions): HttpClient {
  const { host, ports, path } = options.target;
  const transport = options.transport ?? transportFor(host, options.sourceAddresses.length > 0);
  const closeRequested = options.closeMode === "server-first" || options.closeMode === "leak";
  const destinations = new RoundRobin<Destination>(
    ports.map((port) => ({ port, request: requestBytes(host, port, path, closeRequested) })),
  );
  const addressCycle = new RoundRobin(options.sourceAddresses);
  const shared: ShortShared = { closeMode: options.closeMode, leaked: [] };
  /** Every request not yet settled, in start order, for the timeout sweep and close(). */
  const outstanding = new DeadlineQueue<ShortRequest>();
  let sweeper: NodeJS.Timeout | undefined;
  let closing = false;
  const sweep = (): void =>
    outstanding.failOlderThan(performance.now() - options.requestTimeoutMs, "ETIMEDOUT");

  function send(done: (outcome: Outcome) => void): void {
    const destination = destinations.next()!;
    const request = new ShortRequest(performance.now(), destination, shared, done);
    if (closing) {
      process.nextTick(() => request.fail("ECANCELED"));
      return;
    }
    sweeper ??= setInterval(sweep, sweepInterval(options.requestTimeoutMs));
    outstanding.push(request);
    request.connection = transport.connect(
      { host, port: destination.port, localAddress: addressCycle.next() },
      request,
    );
  }

  async function close(): Promise<void> {
    closing = true;
    clearInterval(sweeper);
    outstanding.failAll("ECANCELED");
    for (const connection of shared.leaked.splice(0)) connection.close();
  }

  return { send, request: promised(send), close };
}
