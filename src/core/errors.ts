import { type ErrorCode, type ErrorCodeOf, type ErrorKind, errorCodes } from "./error-codes.js";

export type { ErrorCode, ErrorKind } from "./error-codes.js";

/** Exit codes: the one table docs/errors.md documents. */
export const ExitCode = {
  ok: 0,
  internal: 1,
  invalidInput: 2,
  environment: 3,
  thresholdFailed: 4,
  sighup: 129,
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

/**
 * The only error library code throws on purpose. `code` is stable (scripts may match on it) and comes from a
 * table of codes (error-codes.ts, or a driver's own), which also decides its kind and so its exit code; `hint`
 * says how to fix it; only cli/main.ts turns it into output and an exit code.
 */
export class PortlabError extends Error {
  readonly code: string;
  readonly hint: string;
  readonly kind: ErrorKind;

  constructor(code: string, kind: ErrorKind, message: string, hint: string, options?: { cause?: unknown }) {
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

export function invalidInput(
  code: ErrorCodeOf<"invalid-input">,
  message: string,
  hint: string,
): PortlabError {
  return new PortlabError(code, "invalid-input", message, hint);
}

export function environmentError(
  code: ErrorCodeOf<"environment">,
  message: string,
  hint: string,
  cause?: unknown,
): PortlabError {
  return new PortlabError(code, "environment", message, hint, { cause });
}

/** A bug in portlab, not in the input or the machine (exit 1). */
export function internalError(
  code: ErrorCodeOf<"internal">,
  message: string,
  hint: string,
  cause?: unknown,
): PortlabError {
  return new PortlabError(code, "internal", message, hint, { cause });
}

/** One module's own error codes by kind (a driver's), each with the line docs/errors.md shows for it. */
export type CodesByKind = Readonly<
  Partial<Record<Exclude<ErrorKind, "threshold">, Readonly<Record<string, string>>>>
>;

/**
 * The constructors of a module's own codes, typed by its table: a driver declares its codes in its folder
 * (`netnsErrors.environment("SANDBOX", …)`), and the complete table lists them with the rest.
 */
export function errorTable<const Table extends CodesByKind>(codes: Table) {
  type Of<K extends keyof Table> = keyof NonNullable<Table[K]> & string;
  return {
    codes,
    invalidInput: (code: Of<"invalid-input">, message: string, hint: string) =>
      new PortlabError(code, "invalid-input", message, hint),
    environment: (code: Of<"environment">, message: string, hint: string, cause?: unknown) =>
      new PortlabError(code, "environment", message, hint, { cause }),
    internal: (code: Of<"internal">, message: string, hint: string, cause?: unknown) =>
      new PortlabError(code, "internal", message, hint, { cause }),
  };
}

export function isPortlabError(error: unknown): error is PortlabError {
  return error instanceof PortlabError;
}
