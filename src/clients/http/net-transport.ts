import { connect, type Socket } from "node:net";
import { errorCodeOf } from "./error-codes.js";
import type { ConnectOptions, TcpConnection, TcpEvents, TcpTransport } from "./tcp-transport.js";

const READ_BUFFER_BYTES = 16 * 1024;

/**
 * The same transport on net.Socket: slower (a stream per connection), but public API. allowHalfOpen
 * keeps Node from ending the socket by itself after the peer's FIN, so the client decides, as on the handle.
 */
class NetConnection implements TcpConnection {
  private connected = false;
  private open = true;
  private abandoned = false;

  constructor(
    readonly socket: Socket,
    private readonly events: TcpEvents,
  ) {
    socket.once("connect", () => {
      this.connected = true;
      if (this.open) this.events.onConnect(null);
    });
    socket.on("end", () => {
      if (this.open && !this.abandoned) this.events.onEnd();
    });
    socket.on("error", (error) => {
      if (!this.open) return;
      const code = errorCodeOf(error);
      this.open = false;
      socket.destroy();
      if (this.connected) this.events.onError(code);
      else this.events.onConnect(code);
    });
  }

  write(bytes: Buffer): void {
    if (this.open) this.socket.write(bytes);
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    this.socket.destroy();
  }

  reset(): void {
    if (!this.open) return;
    this.open = false;
    if (this.connected) this.socket.resetAndDestroy();
    else this.socket.destroy();
  }

  abandon(): void {
    this.abandoned = true;
  }

  /** false stops reading (net.Socket's onread contract). */
  read(length: number, buffer: Buffer): boolean {
    if (this.open && !this.abandoned) this.events.onData(buffer, length);
    return !this.abandoned;
  }
}

export function createNetTransport(): TcpTransport {
  // One read buffer for all sockets: onread hands it over synchronously, the parser copies what it keeps.
  const readBuffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
  return {
    kind: "net",
    connect(options: ConnectOptions, events: TcpEvents): TcpConnection {
      let connection: NetConnection | null = null;
      const socket = connect({
        host: options.host,
        port: options.port,
        allowHalfOpen: true,
        ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
        onread: {
          buffer: readBuffer,
          callback: (length: number, buffer: Uint8Array): boolean => {
            return connection?.read(length, buffer as Buffer) ?? true;
          },
        },
      });
      connection = new NetConnection(socket, events);
      return connection;
    },
  };
}
