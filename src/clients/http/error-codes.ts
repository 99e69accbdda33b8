/**
 * undici's own codes mapped onto the errno names portlab reports (a client program built on undici wraps socket
 * errors in them); unknown ones are kept as they are.
 */
const undiciCodes: Readonly<Record<string, string>> = {
  UND_ERR_CONNECT_TIMEOUT: "ETIMEDOUT",
  UND_ERR_HEADERS_TIMEOUT: "ETIMEDOUT",
  UND_ERR_BODY_TIMEOUT: "ETIMEDOUT",
  UND_ERR_SOCKET: "ECONNRESET",
  UND_ERR_CLOSED: "ECONNRESET",
  UND_ERR_DESTROYED: "ECANCELED",
  UND_ERR_ABORTED: "ECANCELED",
};

function ownCode(error: unknown): string | null {
  if (typeof error !== "object" || error === null) return null;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && code.length > 0 ? code : null;
}

/**
 * The errno-style code of a failed request: the first errno code found along the `cause` chain
 * (undici wraps socket errors), else a mapped UND_ERR_* code, else whatever code there is.
 */
export function errorCodeOf(error: unknown): string {
  let wrapperCode: string | null = null;
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth += 1) {
    const code = ownCode(current);
    if (code !== null && !code.startsWith("UND_ERR_")) return code;
    if (code !== null && wrapperCode === null) wrapperCode = code;
    current = typeof current === "object" ? (current as { cause?: unknown }).cause : undefined;
  }
  if (wrapperCode !== null) return undiciCodes[wrapperCode] ?? wrapperCode;
  if (error instanceof Error && /timed? ?out/i.test(error.message)) return "ETIMEDOUT";
  return "EUNKNOWN";
}

/** A response status as an outcome error: null for 2xx, HTTP_<status> otherwise. */
export function statusError(status: number): string | null {
  return status >= 200 && status < 300 ? null : `HTTP_${status}`;
}
