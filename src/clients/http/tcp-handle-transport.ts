import { isIPv6 } from "node:net";
import { getSystemErrorName } from "node:util";
import type { ConnectOptions, TcpConnection, TcpEvents, TcpTransport } from "./tcp-transport.js";

/**
 * TCP straight on Node's own TCP handle (the libuv stream net.Socket wraps), through process.binding's
 * allow-listed `tcp_wrap` and `stream_wrap`. Why: a new connection per request through net.Socket
 * costs ~80 µs of JavaScript (a Duplex stream, its states, 'connect'/'end'/'close' events, a shutdown
 * request); on the handle it is ~25 µs, which is what lets one thread keep up with wrk (measured on a
 * 2-core machine: 4.7k against 7.2k new connections/s under the same load). It is not a public API:
 * `loadHandleTransport` checks every piece it uses and returns why when one is missing, and the
 * clients then use net.Socket (net-transport.ts) with the same behaviour.
 */

interface ConnectRequest {
  oncomplete: (status: number, handle: TcpHandle) => void;
  address: string;
  port: number;
}

interface WriteRequest {
  handle: TcpHandle;
  oncomplete: (status: number, handle: TcpHandle) => void;
  async: boolean;
  buffer: Buffer | null;
}

interface TcpHandle {
  onread: ((this: TcpHandle) => undefined) | null;
  owner: HandleConnection | undefined;
  useUserBuffer(buffer: Uint8Array): void;
  bind(address: string, port: number): number;
  bind6(address: string, port: number, flags: number): number;
  connect(request: ConnectRequest, address: string, port: number): number;
  connect6(request: ConnectRequest, address: string, port: number): number;
  readStart(): number;
  readStop(): number;
  writeBuffer(request: WriteRequest, data: Buffer): number;
  close(callback?: () => void): void;
  reset(callback?: () => void): number;
}

interface Bindings {
  readonly TCP: new (type: number) => TcpHandle;
  readonly TCPConnectWrap: new () => ConnectRequest;
  readonly WriteWrap: new () => WriteRequest;
  readonly socketType: number;
  readonly state: Int32Array;
  readonly readBytesIndex: number;
  readonly asyncWriteIndex: number;
}

/** libuv's UV_EOF, the same on every platform. */
const UV_EOF = -4095;
const READ_BUFFER_BYTES = 16 * 1024;

const codeOf = (status: number): string => {
  try {
    return getSystemErrorName(status);
  } catch {
    return `E${-status}`;
  }
};

/** The pieces of Node's TCP handle this transport uses, or why this Node does not offer them. */
function loadBindings(): Bindings | string {
  try {
    const binding = (process as unknown as { binding(name: string): Record<string, unknown> }).binding;
    const tcp = binding("tcp_wrap") as {
      TCP?: Bindings["TCP"];
      TCPConnectWrap?: Bindings["TCPConnectWrap"];
      constants?: { SOCKET?: number };
    };
    const stream = binding("stream_wrap") as {
      WriteWrap?: Bindings["WriteWrap"];
      streamBaseState?: Int32Array;
      kReadBytesOrError?: number;
      kLastWriteWasAsync?: number;
    };
    const proto = tcp.TCP?.prototype as Partial<Record<keyof TcpHandle, unknown>> | undefined;
    const methods = ["useUserBuffer", "bind", "bind6", "connect", "connect6", "readStart", "readStop"];
    const complete =
      typeof tcp.TCP === "function" &&
      typeof tcp.TCPConnectWrap === "function" &&
      typeof tcp.constants?.SOCKET === "number" &&
      typeof stream.WriteWrap === "function" &&
      stream.streamBaseState instanceof Int32Array &&
      typeof stream.kReadBytesOrError === "number" &&
      typeof stream.kLastWriteWasAsync === "number" &&
      [...methods, "writeBuffer", "close", "reset"].every(
        (name) => typeof proto?.[name as keyof TcpHandle] === "function",
      );
    if (!complete) return "process.binding('tcp_wrap'/'stream_wrap') lacks a piece this transport uses";
    return {
      TCP: tcp.TCP!,
      TCPConnectWrap: tcp.TCPConnectWrap!,
      WriteWrap: stream.WriteWrap!,
      socketType: tcp.constants!.SOCKET!,
      state: stream.streamBaseState!,
      readBytesIndex: stream.kReadBytesOrError!,
      asyncWriteIndex: stream.kLastWriteWasAsync!,
    };
  } catch (error) {
    return `process.binding('tcp_wrap') is not available (${error instanceof Error ? error.message : String(error)})`;
  }
}

class HandleConnection implements TcpConnection {
  private open = true;

  constructor(
    private readonly bindings: Bindings,
    readonly handle: TcpHandle,
    readonly events: TcpEvents,
  ) {
    handle.owner = this;
  }

  write(bytes: Buffer): void {
    if (!this.open) return;
    const request = new this.bindings.WriteWrap();
    request.handle = this.handle;
    request.oncomplete = afterWrite;
    request.async = false;
    request.buffer = null;
    const status = this.handle.writeBuffer(request, bytes);
    if (status < 0) process.nextTick(failLater, this, codeOf(status));
    else if (this.bindings.state[this.bindings.asyncWriteIndex] !== 0) request.buffer = bytes; // keep it alive
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    this.handle.close();
  }

  reset(): void {
    if (!this.open) return;
    this.open = false;
    if (this.handle.reset() < 0) this.handle.close(); // not connected: a plain close
  }

  abandon(): void {
    if (this.open) this.handle.readStop();
  }

  /** From libuv: bytes, EOF or a read error. */
  read(length: number, buffer: Buffer): void {
    if (!this.open) return;
    if (length > 0) this.events.onData(buffer, length);
    else if (length === UV_EOF) this.events.onEnd();
    else if (length < 0) this.events.onError(codeOf(length));
  }

  connected(status: number): void {
    if (!this.open) return;
    if (status < 0) {
      this.close();
      this.events.onConnect(codeOf(status));
      return;
    }
    this.events.onConnect(null);
  }

  failedEarly(code: string): void {
    this.close();
    this.events.onConnect(code);
  }

  writeFailed(code: string): void {
    if (this.open) this.events.onError(code);
  }
}

function afterConnect(status: number, handle: TcpHandle): void {
  handle.owner?.connected(status);
}

function afterWrite(status: number, handle: TcpHandle): void {
  if (status < 0) handle.owner?.writeFailed(codeOf(status));
}

function failLater(connection: HandleConnection, code: string): void {
  connection.writeFailed(code);
}

function connectFailedLater(connection: HandleConnection, code: string): void {
  connection.failedEarly(code);
}

/** The handle transport, or null where this Node does not expose what it needs. */
export function loadHandleTransport(): TcpTransport | string {
  const loaded = loadBindings();
  if (typeof loaded === "string") return loaded;
  const bindings: Bindings = loaded;
  // One read buffer for every connection: libuv reads into it, the callback parses synchronously.
  const readBuffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
  const { state, readBytesIndex } = bindings;
  function onRead(this: TcpHandle): undefined {
    this.owner?.read(state[readBytesIndex]!, readBuffer);
    return undefined; // anything else would be taken as the next read buffer
  }

  // A client connects to the same few hosts over and over: test each for IPv6 once (isIPv6 is a regex).
  const families = new Map<string, boolean>();
  const isV6 = (address: string): boolean => {
    let v6 = families.get(address);
    if (v6 === undefined) {
      v6 = isIPv6(address);
      if (families.size < 1024) families.set(address, v6);
    }
    return v6;
  };

  function connect(options: ConnectOptions, events: TcpEvents): TcpConnection {
    const handle = new bindings.TCP(bindings.socketType);
    const connection = new HandleConnection(bindings, handle, events);
    handle.onread = onRead;
    handle.useUserBuffer(readBuffer);
    const v6 = isV6(options.host);
    let status = 0;
    if (options.localAddress !== undefined) {
      status = isV6(options.localAddress)
        ? handle.bind6(options.localAddress, 0, 0)
        : handle.bind(options.localAddress, 0);
    }
    if (status === 0) {
      const request = new bindings.TCPConnectWrap();
      request.oncomplete = afterConnect;
      request.address = options.host;
      request.port = options.port;
      status = v6
        ? handle.connect6(request, options.host, options.port)
        : handle.connect(request, options.host, options.port);
    }
    // Reading is asked for with the connect: libuv registers both at once, one epoll_ctl fewer per connection.
    if (status === 0) status = handle.readStart();
    // EMFILE, EADDRNOTAVAIL, …: reported like an asynchronous failure, after the caller holds the connection.
    if (status < 0) process.nextTick(connectFailedLater, connection, codeOf(status));
    return connection;
  }

  return { kind: "handle", connect };
}
