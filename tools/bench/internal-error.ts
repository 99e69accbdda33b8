/** A bench step that broke (not a missed target): a bug or a broken environment; the bench exits 1 on it. */
export class BenchStepError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(`${message} (run \`portlab doctor\`; rebuild with \`npm run build\`)`, options);
    this.name = "BenchStepError";
  }
}

export function internalErrorOf(message: string, cause?: unknown): BenchStepError {
  return new BenchStepError(message, { cause });
}
