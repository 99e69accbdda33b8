import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Everything portlab creates carries this prefix and a run id, so `portlab clean` finds leftovers by name. */
export const NAME_PREFIX = "portlab-";

/** A run's id: 8 hex digits, in every name and label the run's driver makes. */
export function newRunId(): string {
  return randomBytes(4).toString("hex");
}

/** The run's private temporary directory on this machine. */
export function runTempDir(runId: string): string {
  return join(tmpdir(), `${NAME_PREFIX}${runId}`);
}
