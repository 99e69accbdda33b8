export interface TeardownFailure {
  readonly step: string;
  readonly error: unknown;
}

/**
 * Every resource registers how to remove it before it is created; draining runs the steps last-in first-out.
 * A failing step does not stop the others, and draining twice runs each step once. Stacks not yet drained are
 * known to `drainAll`, the process's last resort when an error escapes every `finally`.
 */
export class TeardownStack {
  private static readonly live = new Set<TeardownStack>();
  private readonly steps: Array<{ name: string; undo: () => unknown }> = [];
  private draining: Promise<TeardownFailure[]> | null = null;
  private failures = 0;
  private unsettled = false;

  /** Drains every stack that has steps and has not been drained yet (at once: they are independent). */
  static async drainAll(): Promise<TeardownFailure[]> {
    return (await Promise.all([...TeardownStack.live].map((stack) => stack.drain()))).flat();
  }

  push(name: string, undo: () => unknown): void {
    if (this.draining) throw new Error(`teardown already started; cannot register ${name}`);
    TeardownStack.live.add(this);
    this.steps.push({ name, undo });
  }

  /** A stage was given up on while its work still ran: what it makes later is not this stack's to remove. */
  markUnsettled(): void {
    this.unsettled = true;
  }

  /** No step has failed so far and no stage was left running: a run's record may go (the last step asks). */
  get nothingLeft(): boolean {
    return this.failures === 0 && !this.unsettled;
  }

  get size(): number {
    return this.steps.length;
  }

  drain(): Promise<TeardownFailure[]> {
    this.draining ??= this.runAll().finally(() => TeardownStack.live.delete(this));
    return this.draining;
  }

  private async runAll(): Promise<TeardownFailure[]> {
    const failures: TeardownFailure[] = [];
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      try {
        await step.undo();
      } catch (error) {
        this.failures++;
        failures.push({ step: step.name, error });
      }
    }
    return failures;
  }
}
