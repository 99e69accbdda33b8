/** What the queue needs of a request: when it started, whether it ended, and how to end it. */
export interface Deadlined {
  readonly startedAt: number;
  readonly settled: boolean;
  fail(code: string): void;
}

/**
 * Requests in start order, so one sweep a few times per timeout (instead of a timer per request) ends
 * those past their deadline and stops at the first one still within it. Also a FIFO wait queue.
 */
export class DeadlineQueue<T extends Deadlined> {
  private items: T[] = [];
  private head = 0;

  push(item: T): void {
    this.skipSettled();
    this.items.push(item);
  }

  /** Next unsettled item, removed; undefined when there is none. */
  shift(): T | undefined {
    this.skipSettled();
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head]!;
    this.head += 1;
    return item;
  }

  /** Drops settled items from the front (most end in start order); compacts once the dead prefix is large. */
  private skipSettled(): void {
    while (this.head < this.items.length && this.items[this.head]!.settled) this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  failOlderThan(startedBefore: number, code: string): void {
    this.skipSettled();
    for (let index = this.head; index < this.items.length; index += 1) {
      const item = this.items[index]!;
      if (item.startedAt > startedBefore) break;
      if (!item.settled) item.fail(code);
    }
  }

  failAll(code: string): void {
    const items = this.items;
    const head = this.head;
    this.items = [];
    this.head = 0;
    for (let index = head; index < items.length; index += 1)
      if (!items[index]!.settled) items[index]!.fail(code);
  }
}

/** Runs `sweep` every `everyMs` while started; one timer for all requests. */
export function sweepInterval(requestTimeoutMs: number): number {
  return Math.min(1_000, Math.max(5, Math.floor(requestTimeoutMs / 10)));
}
