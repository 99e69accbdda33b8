/**
 * The one TCP interface portlab's own clients are written against: callbacks on an events object
 * (one per connection, no closures), a shared read buffer, and the three ways to end a connection
 * the close modes need. Two implementations: Node's TCP handle (tcp-handle-transport.ts, the fast
 * one) and net.Socket (net-transport.ts, the fallback where that handle is not reachable).
 */
export interface TcpEvents {
  /** The handshake finished (`error` null) or failed with an errno code (ECONNREFUSED, EADDRNOTAVAIL, EMFILE, …). */
  onConnect(error: string | null): void;
  /** `length` bytes arrived in `buffer`, which is shared: valid only during this call. */
  onData(buffer: Buffer, length: number): void;
  /** The peer closed its side (FIN). The connection stays open until close(), reset() or leak. */
  onEnd(): void;
  /** A failure after the handshake (ECONNRESET, EPIPE, …). */
  onError(code: string): void;
}

export interface TcpConnection {
  write(bytes: Buffer): void;
  /** close(2): a FIN when nothing is unread (TIME_WAIT on this side if the peer has not closed yet). */
  close(): void;
  /** SO_LINGER {on, 0} then close: an RST, no TIME_WAIT on either side. */
  reset(): void;
  /** Stops reading and keeps the descriptor: a socket the application forgot (CLOSE_WAIT after the peer's FIN). */
  abandon(): void;
}

export interface ConnectOptions {
  readonly host: string;
  readonly port: number;
  /** bind() to this address first (port 0: the kernel picks, exclusively). */
  readonly localAddress?: string | undefined;
}

export interface TcpTransport {
  readonly kind: "handle" | "net";
  /** Never throws for a socket error: a failed connect reaches onConnect, never synchronously. */
  connect(options: ConnectOptions, events: TcpEvents): TcpConnection;
}
