import type { ClientSpec } from "../core/scenario.js";

/** A client that keeps a pool of `connections` open, reused request after request (pooled, autocannon). */
export interface PoolClientSpec<Kind extends string = string> extends ClientSpec {
  readonly kind: Kind;
  readonly connections: number;
}
