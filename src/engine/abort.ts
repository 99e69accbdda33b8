import { isPortlabError } from "../core/errors.js";

/**
 * A run's signal is aborted by an interrupt (SIGINT, SIGTERM: the run stops and reports what it has) or by a
 * failure of a listener the run depends on (its reason is then a PortlabError: the run stops and fails with it).
 */
export function abortedByFailure(signal: AbortSignal): boolean {
  return signal.aborted && isPortlabError(signal.reason);
}

export function interrupted(signal: AbortSignal): boolean {
  return signal.aborted && !isPortlabError(signal.reason);
}

/** Throws the failure that aborted the signal, if one did. */
export function throwIfFailed(signal: AbortSignal): void {
  if (abortedByFailure(signal)) throw signal.reason;
}
