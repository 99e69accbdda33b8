/** What the model expects of a run (kernel/model.ts computes it; summary.json carries it). */

export interface NatPrediction {
  /** Ports the router maps connections to, per destination ip:port. */
  readonly ports: number;
  /** All destinations together (each listen port has the whole range: the reply tuple includes it). */
  readonly portSpace: number;
  /** How long one short connection keeps its NAT port (until its conntrack entry expires); null for a pool. */
  readonly holdMs: number | null;
  /**
   * New connections per second that never need a port whose conntrack entry is still closing: P / (L + timeout).
   * A NAT that never evicts (older kernels, most NAT gateways) drops SYNs above it; null for a pool.
   */
  readonly sustainableRate: number | null;
  /**
   * When every NAT port is held by a connection that cannot give it up (open ones: a pool, or more in flight than
   * ports), so SYNs are dropped: ms since the load started; null = never in this run.
   */
  readonly exhaustedAtMs: number | null;
  readonly reason: string;
}

export interface ModelPrediction {
  /** Per source address: range minus reserved and bound ports. */
  readonly usablePorts: number;
  /** Ports all sources × destinations can hold at once. */
  readonly portSpace: number;
  /** How long one short connection keeps its port, TIME_WAIT included; null for pooled clients. */
  readonly cycleMs: number | null;
  /** New connections per second, all sources × destinations, that never exhaust; null when ports do not limit. */
  readonly sustainableRate: number | null;
  /** When the first connect() fails for lack of a port, ms since the load started; null = never in this run. */
  readonly exhaustedAtMs: number | null;
  /** The errno exhaustion shows as: EADDRINUSE when the client binds before connect; EMFILE when a leak runs out of descriptors first. */
  readonly errno: "EADDRNOTAVAIL" | "EADDRINUSE" | "EMFILE";
  /** One line: why. */
  readonly reason: string;
  /** Behind a NAT router: when the router's ports run out (the client-side fields are per client host). */
  readonly nat?: NatPrediction;
}
