import {
  type ErrorCode,
  type ErrorCodeEntry,
  type ErrorCodeOf,
  type ErrorKind,
  errorCodes,
} from "./error-codes.js";

export type { ErrorCode, ErrorKind } from "./error-codes.js";

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

const exitCodeByKind: Record<ErrorKind, ExitCodeValue> = {
  "invalid-input": ExitCode.invalidInput,
  environment: ExitCode.environment,
  threshold: ExitCode.thresholdFailed,
  internal: ExitCode.internal,
};

/** The exit code a PortlabError with this code ends the command with. */
export function exitCodeOf(code: ErrorCode): ExitCodeValue {
  return exitCodeByKind[errorCodes[code].kind];
}

/**
 * The only error library code throws on purpose. `code` is stable (scripts may match on it) and comes from
 * the table in error-codes.ts, which also decides its kind and so its exit code; `hint` says how to fix it;
 * only cli/main.ts turns it into output and an exit code.
 */
export class PortlabError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;
  readonly kind: ErrorKind;

  constructor(code: ErrorCode, message: string, hint: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PortlabError";
    // A code outside the table can only come from untyped code: treat it as the bug it is.
    this.kind = (errorCodes[code] as ErrorCodeEntry | undefined)?.kind ?? "internal";
    this.code = code;
    this.hint = hint;
  }

  get exitCode(): ExitCodeValue {
    return exitCodeByKind[this.kind];
  }
}

export function invalidInput(
  code: ErrorCodeOf<"invalid-input">,
  message: string,
  hint: string,
): PortlabError {
  return new PortlabError(code, message, hint);
}

export function environmentError(
  code: ErrorCodeOf<"environment">,
  message: string,
  hint: string,
  cause?: unknown,
): PortlabError {
  return new PortlabError(code, message, hint, { cause });
}

/** A bug in portlab, not in the input or the machine (exit 1). */
export function internalError(
  code: ErrorCodeOf<"internal">,
  message: string,
  hint: string,
  cause?: unknown,
): PortlabError {
  return new PortlabError(code, message, hint, { cause });
}

export function isPortlabError(error: unknown): error is PortlabError {
  return error instanceof PortlabError;
}
