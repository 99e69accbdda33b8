import type { ClientSpec } from "../../core/scenario.js";

/**
 * undici 7's `fetch` on an undici Agent (undici's own copy, not Node's global fetch, so every Node major runs the
 * same undici). Unset fields keep undici's defaults: no per-origin connection limit, 4 s keepAliveTimeout,
 * pipelining 1.
 */
export interface FetchClientSpec extends ClientSpec {
  readonly kind: "fetch";
  /** Sends `Connection: close`: a new connection per request, which the server closes after its response. */
  readonly close: boolean;
  /** The Agent's `connections` per origin; null is undici's default (no limit). */
  readonly connections: number | null;
  /** How long undici keeps an idle socket for reuse, in ms; null is undici's default (4 s, or the server's hint). */
  readonly keepAliveTimeoutMs: number | null;
  /** Requests in flight per connection; null is undici's default (1). */
  readonly pipelining: number | null;
  /** Retries idempotent requests that fail on a socket (undici's retry interceptor). */
  readonly retry: boolean;
}
