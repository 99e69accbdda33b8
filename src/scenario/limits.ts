/**
 * Sane bounds for one scenario, so a typo cannot run for a day or fill the disk. They can be lifted
 * only by an explicit option (`unbounded`); structural bounds (port numbers, sizes the kernel or
 * nginx refuse) are in the schema and never lifted.
 */
export const scenarioLimits = {
  durationMs: 10 * 60_000,
  requestTimeoutMs: 60_000,
  rate: 100_000,
  concurrency: 10_000,
  connections: 10_000,
  maxInFlight: 100_000,
  maxRequests: 10_000_000,
  runs: 64,
  /** Every capture file of a scenario together: megabytes a file × captured hosts × runs. */
  captureMegabytes: 1000,
} as const;

export type ScenarioLimits = typeof scenarioLimits;

/** What the validators need to know about limits for one parse. */
export interface ActiveLimits {
  /** null: the caller lifted the limits explicitly. */
  readonly values: ScenarioLimits | null;
  /** How the reader can lift them, named in the message (the CLI passes its flag). */
  readonly liftWith: string;
}

export interface LimitOptions {
  /** Lift the sane limits (long runs, huge rates, many runs). */
  readonly unbounded?: boolean;
  /** Named in limit messages as the way to lift them, e.g. a CLI flag; default "the unbounded option". */
  readonly unboundedFlag?: string;
}

export function activeLimits(options: LimitOptions | undefined): ActiveLimits {
  return {
    values: options?.unbounded === true ? null : scenarioLimits,
    liftWith: options?.unboundedFlag ?? "the unbounded option",
  };
}

export function overLimitMessage(value: string, limit: string, fix: string, limits: ActiveLimits): string {
  return `${value} is over the limit of ${limit}; ${fix}, or lift the limits explicitly with ${limits.liftWith}`;
}
