import { describe, expect, it } from "vitest";
import { requestBytes } from "../../src/clients/http/request-bytes.js";
import { hostPort, targetUrl } from "../../src/clients/http/target-url.js";

describe("target URLs", () => {
  it("put an IPv6 literal in brackets, an IPv4 address or a name as it is", () => {
    expect(targetUrl("198.18.0.1", 8080)).toBe("http://198.18.0.1:8080/");
    expect(targetUrl("fd00::1", 8080, "/x")).toBe("http://[fd00::1]:8080/x");
    expect(targetUrl("localhost", 80, "")).toBe("http://localhost:80");
    expect(new URL(targetUrl("fd00::1", 8080)).hostname).toBe("[fd00::1]");
  });

  it("give the same authority to the Host header the clients send", () => {
    const head = requestBytes("fd00::1", 8081, "/", false).toString("latin1");
    expect(head).toContain(`\r\nHost: ${hostPort("fd00::1", 8081)}\r\n`);
    expect(hostPort("fd00::1", 8081)).toBe("[fd00::1]:8081");
  });
});
