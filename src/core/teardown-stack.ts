export interface TeardownFailure {
  readonly step: string;
  readonly error: unknown;
}

/**
 * Every resource registers how to remove it before it is created; draining runs the steps last-in first-out.
 * A failing step does not stop the others, and draining twice runs each step once.
 */
export class TeardownStack {
  private readonly steps: Array<{ name: string; undo: () => unknown }> = [];
  private draining: Promise<TeardownFailure[]> | null = null;

  push(name: string, undo: () => unknown): void {
    if (this.draining) throw new Error(`teardown already started; cannot register ${name}`);
    this.steps.push({ name, undo });
  }

  get size(): number {
    return this.steps.length;
  }

  drain(): Promise<TeardownFailure[]> {
    this.draining ??= this.runAll();
    return this.draining;
  }

  private async runAll(): Promise<TeardownFailure[]> {
    const failures: TeardownFailure[] = [];
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      try {
        await step.undo();
      } catch (error) {
        failures.push({ step: step.name, error });
      }
    }
    return failures;
  }
}
