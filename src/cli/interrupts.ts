import { ExitCode } from "../core/errors.js";

export interface InterruptWatch {
  readonly signal: AbortSignal;
  /** 129 after SIGHUP, 130 after SIGINT, 143 after SIGTERM, null when not interrupted. */
  exitCode(): number | null;
  dispose(): void;
}

const EXIT_CODES: Readonly<Record<string, number>> = {
  SIGHUP: ExitCode.sighup,
  SIGINT: ExitCode.sigint,
  SIGTERM: ExitCode.sigterm,
};
const SIGNALS = Object.keys(EXIT_CODES) as NodeJS.Signals[];

/**
 * The first SIGHUP/SIGINT/SIGTERM aborts the run (teardown and partial results follow); later ones only say that
 * teardown is under way, so a second Ctrl-C never abandons it. (A closed terminal's EPIPE/EIO on stdout and stderr
 * does not end it either: see portlab.ts.)
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
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return {
    signal: controller.signal,
    exitCode: () => (received === null ? null : (EXIT_CODES[received] ?? null)),
    dispose() {
      for (const signal of SIGNALS) process.off(signal, onSignal);
    },
  };
}
