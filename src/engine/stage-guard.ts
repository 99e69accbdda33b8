import { environmentError } from "../errors.js";

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

/**
 * Settles as `work` does, or rejects as soon as the run is aborted (SIGINT/SIGTERM) or the stage outlives
 * `boundMs`. Why: a stage that never settles would otherwise hold the run before its `finally`, so teardown
 * would never run. Whatever the stage made is on the teardown stack already (every piece registers before it
 * is created), so giving up on it loses nothing; its late outcome is ignored.
 */
export function guardStage<T>(
  stage: string,
  work: Promise<T>,
  signal: AbortSignal,
  boundMs: number,
): Promise<T> {
  work.catch(() => undefined); // a rejection after the guard gave up is not an unhandled one
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      reject(
        environmentError(
          "STAGE_TIMEOUT",
          `the run's ${stage} stage did not finish within ${Math.round(boundMs / 1000)} s`,
          "something it waits for hangs (a docker or ip command, a process in a host): see run.log; the run was torn down",
        ),
      );
    }, boundMs);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
