import type { LatencySummary } from "../clients/protocol.js";

/**
 * A small log-linear histogram of latencies in microseconds: exact below 64 µs, then 32 buckets per
 * power of two (≤ 3.2 % relative error), up to ~35 minutes. Cheap enough to update per request.
 */
const linearLimit = 64;
const subBucketBits = 5;
const subBuckets = 1 << subBucketBits;
const firstExponent = 6; // 2^6 = linearLimit
const maxExponent = 30;
const bucketCount = linearLimit + (maxExponent - firstExponent + 1) * subBuckets;
const maxMicros = 2 ** (maxExponent + 1) - 1;

function indexOf(micros: number): number {
  if (micros < linearLimit) return micros;
  const exponent = 31 - Math.clz32(micros);
  const sub = (micros >>> (exponent - subBucketBits)) & (subBuckets - 1);
  return linearLimit + (exponent - firstExponent) * subBuckets + sub;
}

/** The middle of a bucket's value range, in microseconds. */
function valueAt(index: number): number {
  if (index < linearLimit) return index;
  const exponent = firstExponent + Math.floor((index - linearLimit) / subBuckets);
  const sub = (index - linearLimit) % subBuckets;
  const width = 2 ** (exponent - subBucketBits);
  const low = 2 ** exponent + sub * width;
  return low + (width - 1) / 2;
}

function roundMs(micros: number): number {
  return Math.round(micros) / 1000;
}

export class LatencyHistogram {
  private readonly counts = new Uint32Array(bucketCount);
  private total = 0;
  private maxMicrosSeen = 0;

  get count(): number {
    return this.total;
  }

  record(latencyMs: number): void {
    const micros = Math.min(maxMicros, Math.max(0, Math.round(latencyMs * 1000)));
    this.counts[indexOf(micros)]! += 1;
    this.total += 1;
    if (micros > this.maxMicrosSeen) this.maxMicrosSeen = micros;
  }

  /** The latency (ms) at or below which `percent` % of the recorded values fall; 0 when empty. */
  percentile(percent: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil((percent / 100) * this.total));
    let seen = 0;
    for (let index = 0; index < bucketCount; index += 1) {
      seen += this.counts[index]!;
      if (seen >= rank) return roundMs(Math.min(valueAt(index), this.maxMicrosSeen));
    }
    return roundMs(this.maxMicrosSeen);
  }

  /** p50/p90/p99/max in ms, or null when nothing was recorded. */
  summary(): LatencySummary | null {
    if (this.total === 0) return null;
    return {
      p50: this.percentile(50),
      p90: this.percentile(90),
      p99: this.percentile(99),
      max: roundMs(this.maxMicrosSeen),
    };
  }
}
