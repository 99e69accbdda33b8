import { environmentError } from "../core/errors.js";

/** How long each stage of a run may take before the run gives up on it and tears down. */
export const STAGE_BOUNDS_MS = {
  /** Hosts up; the docker driver may build its images first (minutes on a cold machine). */
  hosts: 15 * 60_000,
  parameters: 60_000,
  /** Added to the server's own readyTimeout. */
  server: 60_000,
  agents: 60_000,
  captures: 60_000,
  /** A test's pause point (fault-injection.ts) waits a fixed time of its own. */
  pause: 10 * 60_000,
} as const;

/** After SIGINT/SIGTERM, how long a stage still gets to settle by itself before the run gives up on it. */
export const ABORT_GRACE_MS = 10_000;

/**
 * Settles as `work` does, or rejects when the stage outlives `boundMs` (STAGE_TIMEOUT), or `ABORT_GRACE_MS`
 * after the run is aborted. Why: a stage that never settles would otherwise hold the run before its `finally`,
 * so teardown would never run. A stage that settles soon after an abort is waited for, so what it was making
 * exists by the time teardown removes it; only a hung stage is given up on, and anything it makes after that
 * is left to `portlab clean`. Its late outcome is ignored.
 */
export function guardStage<T>(
  stage: string,
  work: Promise<T>,
  signal: AbortSignal,
  boundMs: number,
): Promise<T> {
  work.catch(() => undefined); // a rejection after the guard gave up is not an unhandled one
  return new Promise<T>((resolve, reject) => {
    let grace: NodeJS.Timeout | undefined;
    const done = (): void => {
      clearTimeout(timer);
      clearTimeout(grace);
      signal.removeEventListener("abort", onAbort);
    };
    const onAbort = (): void => {
      grace = setTimeout(() => {
        done();
        reject(signal.reason);
      }, ABORT_GRACE_MS);
    };
    const timer = setTimeout(() => {
      done();
      reject(
        environmentError(
          "STAGE_TIMEOUT",
          `the run's ${stage} stage did not finish within ${Math.round(boundMs / 1000)} s`,
          "something it waits for hangs (a docker or ip command, a process in a host): see run.log; the run was torn down",
        ),
      );
    }, boundMs);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        done();
        resolve(value);
      },
      (error: unknown) => {
        done();
        reject(error);
      },
    );
  });
}
