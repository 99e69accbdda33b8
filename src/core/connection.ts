/**
 * Who closes a short connection first, and so which side holds TIME_WAIT; `leak`: the server closes and
 * the client never does (CLOSE_WAIT on the client until the load ends).
 */
export type CloseMode = "client-first" | "server-first" | "reset" | "leak";

/**
 * How a client uses ports, which is all the model needs of it (each client kind says which it is, see
 * clients/registry.ts): `short`, a new connection per request closed `close`-wise (a leak under its `nofile`), or
 * `pooled`, a pool of `connections` kept open (Infinity: no limit, as undici's default Agent; the model sizes it from the load).
 */
export type ConnectionPattern =
  | { readonly kind: "short"; readonly close: CloseMode; readonly nofile?: number }
  | { readonly kind: "pooled"; readonly connections: number };
