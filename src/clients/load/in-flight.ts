import type { HttpClient, Outcome } from "../http/http-client.js";
import type { StatsRecorder } from "./stats-recorder.js";

/**
 * Sends requests through a client and records their outcomes, and knows how many are still out.
 * `drain` waits for them for a bounded time; whatever is still out then is recorded as ETIMEDOUT
 * and its late outcome is ignored, so sent = ok + failed always holds.
 */
export class InFlight {
  private count = 0;
  private abandoned = false;
  private idleWaiter: (() => void) | null = null;

  constructor(
    private readonly client: HttpClient,
    private readonly recorder: StatsRecorder,
    private readonly clock: () => number,
  ) {}

  get size(): number {
    return this.count;
  }

  /** Sends one request now; `recorded` runs once its outcome has been recorded. */
  send(recorded?: () => void): void {
    this.recorder.sent(this.clock());
    this.count += 1;
    this.client.send((outcome) => {
      this.settle(outcome);
      recorded?.();
    });
  }

  private settle(outcome: Outcome): void {
    if (this.abandoned) return;
    this.count -= 1;
    this.recorder.outcome(outcome, this.clock());
    if (this.count === 0 && this.idleWaiter !== null) this.idleWaiter();
  }

  /** Waits until nothing is in flight or `timeoutMs` passed; returns how many were abandoned. */
  async drain(timeoutMs: number): Promise<number> {
    if (this.count > 0) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.idleWaiter = resolve;
        timer = setTimeout(resolve, timeoutMs);
      });
      clearTimeout(timer);
      this.idleWaiter = null;
    }
    const left = this.count;
    this.abandoned = true;
    const now = this.clock();
    for (let index = 0; index < left; index += 1) {
      this.recorder.outcome({ error: "ETIMEDOUT", latencyMs: timeoutMs, opened: false }, now);
    }
    this.count = 0;
    return left;
  }
}
