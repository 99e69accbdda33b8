import { errorCodes } from "../core/error-codes.js";
import { type ErrorKind, ExitCode } from "../core/errors.js";
import { drivers } from "../hosts/registry.js";

/** One error code as docs/errors.md lists it. */
export interface ErrorCodeRow {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly exitCode: number;
  readonly meaning: string;
  /** Who declares it: portlab's core table, or a driver (its name). */
  readonly declaredBy: string;
}

const exitOf: Record<ErrorKind, number> = {
  "invalid-input": ExitCode.invalidInput,
  environment: ExitCode.environment,
  threshold: ExitCode.thresholdFailed,
  internal: ExitCode.internal,
};

/** Every code a PortlabError can carry: the core table's, then each driver's own. */
export function allErrorCodes(): ErrorCodeRow[] {
  const core = Object.entries(errorCodes).map(([code, entry]) => ({
    code,
    kind: entry.kind,
    exitCode: exitOf[entry.kind],
    meaning: entry.meaning,
    declaredBy: "portlab",
  }));
  const own = drivers.flatMap((driver) =>
    Object.entries(driver.errorCodes).flatMap(([kind, codes]) =>
      Object.entries(codes ?? {}).map(([code, meaning]) => ({
        code,
        kind: kind as ErrorKind,
        exitCode: exitOf[kind as ErrorKind],
        meaning,
        declaredBy: driver.name,
      })),
    ),
  );
  return [...core, ...own];
}
