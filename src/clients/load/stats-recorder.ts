import type { Outcome } from "../http/http-client.js";
import type { DoneMessage, TickMessage } from "../worker/protocol.js";
import { LatencyHistogram } from "./latency-histogram.js";

export type TickStats = Omit<TickMessage, "type">;
export type LoadTotals = Omit<DoneMessage, "type" | "durationMs">;

interface Counts {
  sent: number;
  ok: number;
  late: number;
  dropped: number;
  opened: number;
  errors: Record<string, number>;
}

interface SecondBucket extends Counts {
  /** Request latency of successful requests. */
  readonly latency: LatencyHistogram;
  /** TCP handshake time of the connections opened. */
  readonly connect: LatencyHistogram;
}

function emptyCounts(): Counts {
  return { sent: 0, ok: 0, late: 0, dropped: 0, opened: 0, errors: {} };
}

function emptyBucket(): SecondBucket {
  return { ...emptyCounts(), latency: new LatencyHistogram(), connect: new LatencyHistogram() };
}

/** Second `t` covers (t-1, t] seconds after the load started; time 0 belongs to second 1. */
export function secondOf(elapsedMs: number): number {
  return Math.max(1, Math.ceil(elapsedMs / 1000));
}

/**
 * Buckets what the load did into seconds since the load started, and keeps run totals. Latency is
 * recorded for successful requests only; connect time for every connection that opened. Each value
 * is recorded once, in its second's histograms, which join the run's totals when the second is taken.
 * All times are ms since load start.
 */
export class StatsRecorder {
  private readonly seconds = new Map<number, SecondBucket>();
  private readonly totals = emptyCounts();
  private readonly latencyTaken = new LatencyHistogram();
  private readonly connectTaken = new LatencyHistogram();
  private failed = 0;
  private readonly firstErrorMs: Record<string, number> = {};
  private lastTaken = 0;

  /** The bucket asked for last: nearly every call is for the current second (twice per request). */
  private current: { readonly t: number; readonly bucket: SecondBucket } | null = null;

  private bucket(elapsedMs: number): SecondBucket {
    const t = Math.max(secondOf(elapsedMs), this.lastTaken + 1);
    if (this.current?.t === t) return this.current.bucket;
    let bucket = this.seconds.get(t);
    if (bucket === undefined) {
      bucket = emptyBucket();
      this.seconds.set(t, bucket);
    }
    this.current = { t, bucket };
    return bucket;
  }

  sent(elapsedMs: number): void {
    this.bucket(elapsedMs).sent += 1;
    this.totals.sent += 1;
  }

  /** A request sent, but later than its schedule allowed (counted in `sent` too). */
  late(elapsedMs: number): void {
    this.bucket(elapsedMs).late += 1;
    this.totals.late += 1;
  }

  /** A scheduled request that was not sent because too many were in flight. */
  dropped(elapsedMs: number): void {
    this.bucket(elapsedMs).dropped += 1;
    this.totals.dropped += 1;
  }

  /** A connection opened apart from any outcome (autocannon's), with its handshake time when known. */
  opened(elapsedMs: number, connectMs?: number): void {
    const bucket = this.bucket(elapsedMs);
    bucket.opened += 1;
    this.totals.opened += 1;
    if (connectMs !== undefined) bucket.connect.record(connectMs);
  }

  outcome(outcome: Outcome, elapsedMs: number): void {
    const bucket = this.bucket(elapsedMs);
    if (outcome.opened) {
      bucket.opened += 1;
      this.totals.opened += 1;
    }
    if (outcome.connectMs !== undefined) bucket.connect.record(outcome.connectMs);
    if (outcome.error === null) {
      bucket.ok += 1;
      this.totals.ok += 1;
      bucket.latency.record(outcome.latencyMs);
      return;
    }
    const code = outcome.error;
    bucket.errors[code] = (bucket.errors[code] ?? 0) + 1;
    this.totals.errors[code] = (this.totals.errors[code] ?? 0) + 1;
    this.failed += 1;
    if (!(code in this.firstErrorMs)) this.firstErrorMs[code] = Math.round(elapsedMs);
  }

  /**
   * Stats of second `t`, removed from the recorder. Anything recorded later for an already taken
   * second goes into the next one, so no outcome is lost once a tick has been sent.
   */
  takeSecond(t: number): TickStats {
    const bucket = this.seconds.get(t) ?? emptyBucket();
    this.seconds.delete(t);
    if (this.current?.t === t) this.current = null;
    this.lastTaken = Math.max(this.lastTaken, t);
    this.latencyTaken.add(bucket.latency);
    this.connectTaken.add(bucket.connect);
    return {
      t,
      sent: bucket.sent,
      ok: bucket.ok,
      errors: bucket.errors,
      late: bucket.late,
      dropped: bucket.dropped,
      opened: bucket.opened,
      latencyMs: bucket.latency.summary(),
      connectMs: bucket.connect.summary(),
    };
  }

  /** The last second that holds anything not yet taken (0 if none). */
  lastPendingSecond(): number {
    let last = 0;
    for (const t of this.seconds.keys()) last = Math.max(last, t);
    return last;
  }

  totalsSoFar(): LoadTotals {
    const latency = new LatencyHistogram();
    const connect = new LatencyHistogram();
    latency.add(this.latencyTaken);
    connect.add(this.connectTaken);
    for (const bucket of this.seconds.values()) {
      latency.add(bucket.latency);
      connect.add(bucket.connect);
    }
    return {
      sent: this.totals.sent,
      ok: this.totals.ok,
      failed: this.failed,
      late: this.totals.late,
      dropped: this.totals.dropped,
      opened: this.totals.opened,
      errors: { ...this.totals.errors },
      firstErrorMs: { ...this.firstErrorMs },
      latencyMs: latency.summary(),
      connectMs: connect.summary(),
    };
  }
}
