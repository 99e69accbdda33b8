import type { LoadSpec } from "./scenario.js";

/** `total` split over `count` parts as evenly as whole numbers allow; the first parts take the remainder. */
export function wholeShare(total: number, index: number, count: number): number {
  if (!Number.isFinite(total)) return total;
  return Math.floor(total / count) + (index < total % count ? 1 : 0);
}

/**
 * The part of the offered load one of `count` client hosts runs: rate (and ramp start) divided evenly,
 * concurrency, request and in-flight bounds split as whole numbers. Durations and timeouts stay.
 */
export function shareOfLoad(load: LoadSpec, index: number, count: number): LoadSpec {
  if (count <= 1) return load;
  if (load.mode === "concurrency")
    return {
      ...load,
      concurrency: Math.max(1, wholeShare(load.concurrency, index, count)),
      maxRequests: Math.max(1, wholeShare(load.maxRequests, index, count)),
    };
  return {
    ...load,
    rate: load.rate / count,
    rampFromRate: load.rampFromRate === null ? null : load.rampFromRate / count,
    maxRequests: Math.max(1, wholeShare(load.maxRequests, index, count)),
    maxInFlight: Math.max(1, Math.ceil(load.maxInFlight / count)),
  };
}
