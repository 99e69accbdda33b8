import { randomBytes } from "node:crypto";

/** Everything portlab creates carries this prefix and a run id (its record, run-record.ts, says what it made). */
export const NAME_PREFIX = "portlab-";

/** A run's id: 8 hex digits, in every name and label the run's driver makes. */
export function newRunId(): string {
  return randomBytes(4).toString("hex");
}
