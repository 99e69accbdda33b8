import { internalError, type PortlabError } from "../errors.js";

/** A bench step that broke (not a missed target): a bug or a broken environment. */
export function internalErrorOf(message: string, cause?: unknown): PortlabError {
  return internalError("BENCH_STEP", message, "run `portlab doctor`; rebuild with `npm run build`", cause);
}
