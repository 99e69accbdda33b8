import { ExitCode } from "../core/errors.js";

export interface InterruptWatch {
  readonly signal: AbortSignal;
  /** 130 after SIGINT, 143 after SIGTERM, null when not interrupted. */
  exitCode(): number | null;
  dispose(): void;
}

/**
 * The first SIGINT/SIGTERM aborts the run (teardown and partial results follow); later ones only say that
 * teardown is under way, so a second Ctrl-C never abandons it.
 */
export function watchInterrupts(say: (line: string) => void): InterruptWatch {
  const controller = new AbortController();
  let received: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) {
      say(`portlab: ${signal} received; teardown is under way and portlab exits when it is done`);
      return;
    }
    received = signal;
    say(`portlab: ${signal} received; stopping the load, tearing down, writing partial results`);
    controller.abort(new Error(`interrupted by ${signal}`));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    signal: controller.signal,
    exitCode: () =>
      received === "SIGINT" ? ExitCode.sigint : received === "SIGTERM" ? ExitCode.sigterm : null,
    dispose() {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}
