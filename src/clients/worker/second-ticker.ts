/**
 * Calls `onSecond(t)` at t = 1, 2, … seconds on `clock`, re-aimed at each boundary so timer
 * lateness does not accumulate. Calling it late only delays a tick; it never skips one.
 */
export class SecondTicker {
  private timer: NodeJS.Timeout | undefined;
  private next = 1;

  constructor(
    private readonly clock: () => number,
    private readonly onSecond: (t: number) => void,
  ) {}

  /** The second the next tick will report. */
  get nextSecond(): number {
    return this.next;
  }

  start(): void {
    this.arm();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    const wait = Math.max(0, this.next * 1000 - this.clock());
    this.timer = setTimeout(() => this.fire(), Math.ceil(wait));
  }

  private fire(): void {
    while (this.next * 1000 <= this.clock()) {
      const t = this.next;
      this.next += 1;
      this.onSecond(t);
    }
    this.arm();
  }
}
