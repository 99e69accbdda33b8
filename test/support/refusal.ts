import { isPortlabError, type PortlabError } from "../../src/core/errors.js";

/** The PortlabError `run` throws; any other outcome fails the test. */
export function refusal(run: () => unknown): PortlabError {
  try {
    run();
  } catch (error) {
    if (isPortlabError(error)) return error;
    throw error;
  }
  throw new Error("expected a refusal (PortlabError), but it was accepted");
}
