import { describe, expect, it } from "vitest";
import { errorCodeOf, statusError } from "../../src/clients/http/error-codes.js";

function errnoError(code: string): Error {
  return Object.assign(new Error(code), { code });
}

describe("errorCodeOf", () => {
  it("keeps errno codes", () => {
    for (const code of ["EADDRNOTAVAIL", "EADDRINUSE", "ECONNREFUSED", "ECONNRESET", "EMFILE", "EPIPE"]) {
      expect(errorCodeOf(errnoError(code))).toBe(code);
    }
  });

  it("unwraps undici errors to the errno code in their cause", () => {
    const wrapped = Object.assign(new Error("other side closed"), {
      code: "UND_ERR_SOCKET",
      cause: errnoError("ECONNRESET"),
    });
    expect(errorCodeOf(wrapped)).toBe("ECONNRESET");
    const twice = Object.assign(new TypeError("fetch failed"), {
      cause: Object.assign(new Error("x"), { cause: errnoError("EADDRNOTAVAIL") }),
    });
    expect(errorCodeOf(twice)).toBe("EADDRNOTAVAIL");
  });

  it("maps undici codes without an errno cause", () => {
    expect(errorCodeOf(errnoError("UND_ERR_CONNECT_TIMEOUT"))).toBe("ETIMEDOUT");
    expect(errorCodeOf(errnoError("UND_ERR_HEADERS_TIMEOUT"))).toBe("ETIMEDOUT");
    expect(errorCodeOf(errnoError("UND_ERR_SOMETHING_NEW"))).toBe("UND_ERR_SOMETHING_NEW");
  });

  it("names code-less timeouts and unknown failures", () => {
    expect(errorCodeOf(new Error("request timed out"))).toBe("ETIMEDOUT");
    expect(errorCodeOf(new Error("boom"))).toBe("EUNKNOWN");
    expect(errorCodeOf("a string")).toBe("EUNKNOWN");
  });
});

describe("statusError", () => {
  it("is null for 2xx and HTTP_<status> otherwise", () => {
    expect(statusError(200)).toBeNull();
    expect(statusError(204)).toBeNull();
    expect(statusError(301)).toBe("HTTP_301");
    expect(statusError(503)).toBe("HTTP_503");
  });
});
