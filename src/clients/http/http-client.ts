import type { WorkerTarget } from "../worker/protocol.js";

/** What one request ended with. A client never rejects: failures are outcomes too. */
export interface Outcome {
  /** null when a 2xx response arrived; otherwise an errno-style code (ECONNRESET, …) or HTTP_<status>. */
  readonly error: string | null;
  /** From request() to the complete response (or to the failure). */
  readonly latencyMs: number;
  /** Whether this request opened a new TCP connection (the handshake completed). */
  readonly opened: boolean;
  /** When it opened one: from connect() to the completed handshake, apart from latencyMs. */
  readonly connectMs?: number;
}

/** Short-connection and pooled clients behind one interface, so the load loops do not care which. */
export interface HttpClient {
  /**
   * Sends one request; `done` gets its outcome, always later than send returns. The load loops use this form:
   * a promise per request costs several µs of V8's promise and microtask machinery, ~10% of a short connection.
   */
  send(done: (outcome: Outcome) => void): void;
  /** The same as a promise. */
  request(): Promise<Outcome>;
  /** Ends every connection; requests still in flight end with ECANCELED. */
  close(): Promise<void>;
}

/** `request()` for a client that has `send`. */
export function promised(send: HttpClient["send"]): HttpClient["request"] {
  return () => new Promise<Outcome>((resolve) => send(resolve));
}

export interface ClientEndpoint {
  readonly target: WorkerTarget;
  /** Bound round-robin as localAddress; empty lets the kernel choose. */
  readonly sourceAddresses: readonly string[];
  readonly requestTimeoutMs: number;
}
