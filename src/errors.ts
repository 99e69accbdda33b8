/** Exit codes: the one table the README documents. */
export const ExitCode = {
  ok: 0,
  internal: 1,
  invalidInput: 2,
  environment: 3,
  thresholdFailed: 4,
  sigint: 130,
  sigterm: 143,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export type ErrorKind = "invalid-input" | "environment" | "threshold" | "internal";

const exitCodeByKind: Record<ErrorKind, ExitCodeValue> = {
  "invalid-input": ExitCode.invalidInput,
  environment: ExitCode.environment,
  threshold: ExitCode.thresholdFailed,
  internal: ExitCode.internal,
};

/**
 * The only error library code throws on purpose. `code` is stable (scripts may match on it),
 * `hint` says how to fix it, and only cli/main.ts turns it into output and an exit code.
 */
export class PortlabError extends Error {
  readonly code: string;
  readonly hint: string;
  readonly kind: ErrorKind;

  constructor(kind: ErrorKind, code: string, message: string, hint: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PortlabError";
    this.kind = kind;
    this.code = code;
    this.hint = hint;
  }

  get exitCode(): ExitCodeValue {
    return exitCodeByKind[this.kind];
  }
}

export function invalidInput(code: string, message: string, hint: string): PortlabError {
  return new PortlabError("invalid-input", code, message, hint);
}

export function environmentError(code: string, message: string, hint: string, cause?: unknown): PortlabError {
  return new PortlabError("environment", code, message, hint, { cause });
}

export function isPortlabError(error: unknown): error is PortlabError {
  return error instanceof PortlabError;
}
