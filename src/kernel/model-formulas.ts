/**
 * The analytic port-exhaustion model as small pure formulas. Times in milliseconds, rates in
 * connections per second unless a name says otherwise.
 */

/** TCP_TIMEWAIT_LEN: fixed in the kernel, no sysctl changes it. */
export const TIME_WAIT_LEN_MS = 60_000;

/**
 * The TIME_WAIT timer sits on the kernel's timer wheel, whose buckets round a 60 s expiry up by
 * 0 to 2.048 s at HZ=250 (0 to 4.096 s at HZ=1000). Measured in a namespace on 6.18, HZ=250:
 * 100 TIME_WAIT sockets lived 60.03 to 62.05 s, mean 61.04 s. So 1 s of mean slack.
 */
export const TIME_WAIT_SLACK_MS = 1_000;

/** T in the model: how long a TIME_WAIT entry holds its port on average. */
export const TIME_WAIT_MS = TIME_WAIT_LEN_MS + TIME_WAIT_SLACK_MS;

/** tcp_tw_reuse_delay's default; kernels before 6.14 have no sysctl and reuse after about 1 s. */
export const DEFAULT_TW_REUSE_DELAY_MS = 1_000;

/** A short HTTP request over a veth: connect, request, response and close take about 1 ms. */
export const DEFAULT_CONNECTION_LIFETIME_MS = 1;

/**
 * How many connections can hold a distinct port at once. Each source address has its own range;
 * connect() may reuse a source port toward another destination (the 4-tuple rule), but a client
 * that binds before connect (Node's localAddress) reserves the port for all destinations.
 */
export function portSpace(
  usablePerAddress: number,
  sourceAddresses: number,
  destinations: number,
  bindsBeforeConnect: boolean,
): number {
  return usablePerAddress * sourceAddresses * (bindsBeforeConnect ? 1 : destinations);
}

export interface TimeWaitReuseConditions {
  /** net.ipv4.tcp_tw_reuse inside the client host. */
  readonly twReuse: number;
  readonly topology: "veth" | "loopback";
  /** tcp_timestamps is non-zero on the client; the option must be negotiated by both ends. */
  readonly clientTimestamps: boolean;
  readonly serverTimestamps: boolean;
  /** bind() before connect() skips ports held by TIME_WAIT: reuse happens only inside connect(). */
  readonly bindsBeforeConnect: boolean;
}

/** Whether connect() may take over a TIME_WAIT entry (tcp_twsk_unique). 2 = loopback only. */
export function timeWaitReuseApplies(c: TimeWaitReuseConditions): boolean {
  if (c.bindsBeforeConnect) return false;
  if (!c.clientTimestamps || !c.serverTimestamps) return false;
  return c.twReuse === 1 || (c.twReuse === 2 && c.topology === "loopback");
}

/** Ports freed per second once every port cycles: P / cycle. */
export function sustainableRate(ports: number, cycleMs: number): number {
  return (ports * 1000) / cycleMs;
}

/**
 * With tcp_max_tw_buckets B below the port space, TIME_WAIT never holds more than B ports; only
 * connections in flight (r × L) compete for the rest: r ≤ (P − B) / L.
 */
export function sustainableRateWithTimeWaitCap(
  ports: number,
  lifetimeMs: number,
  holdMs: number,
  maxTimeWait: number,
): number {
  const uncapped = sustainableRate(ports, lifetimeMs + holdMs);
  if (maxTimeWait >= ports) return uncapped;
  return Math.max(uncapped, ((ports - maxTimeWait) * 1000) / lifetimeMs);
}

/** Constant rate r: every port is taken before the first is freed iff r × cycle > P, after P / r. */
export function constantRateExhaustionMs(ports: number, ratePerS: number, cycleMs: number): number | null {
  if (ratePerS <= 0 || (ratePerS * cycleMs) / 1000 <= ports) return null;
  return (ports * 1000) / ratePerS;
}
