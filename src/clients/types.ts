import type { WorkerTarget } from "./protocol.js";

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
  request(): Promise<Outcome>;
  /** Ends every connection; requests still in flight end with ECANCELED. */
  close(): Promise<void>;
}

export interface ClientEndpoint {
  readonly target: WorkerTarget;
  /** Bound round-robin as localAddress; empty lets the kernel choose. */
  readonly sourceAddresses: readonly string[];
  readonly requestTimeoutMs: number;
}
