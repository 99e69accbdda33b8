import { describe, expect, it } from "vitest";
import { loadHandleTransport } from "../../src/clients/http/tcp-handle-transport.js";
import { describeTransport, transportFor } from "../../src/clients/http/transport.js";

/** The Node majors portlab supports; on each the short client's fast path (process.binding) was checked to load. */
const CHECKED_MAJORS = [20, 22, 24];
const major = Number(process.versions.node.split(".")[0]);

describe("the short client's TCP transport on this Node", () => {
  it(`uses Node's TCP handle on node ${process.version}, or says why it falls back to net.Socket`, () => {
    const handle = loadHandleTransport();
    const why = describeTransport("127.0.0.1");
    // Printed so the CI log of every major says which path its short client takes.
    console.log(`short client transport on node ${process.version}: ${why}`);
    if (CHECKED_MAJORS.includes(major)) {
      expect(
        handle,
        `process.binding's TCP handle no longer loads on node ${process.version}`,
      ).not.toBeTypeOf("string");
      expect(transportFor("127.0.0.1").kind).toBe("handle");
      expect(why).toBe("Node's TCP handle (process.binding tcp_wrap)");
    } else {
      // A major not checked yet may drop the internal binding: then the fallback is used and says why.
      expect(transportFor("127.0.0.1").kind).toBe(typeof handle === "string" ? "net" : "handle");
      if (typeof handle === "string") expect(why).toContain(handle);
    }
  });

  it("falls back to net.Socket where the handle cannot serve, naming the reason", () => {
    expect(transportFor("localhost").kind).toBe("net");
    expect(describeTransport("localhost")).toBe(
      "net.Socket (the target is a name, and the handle does no DNS)",
    );
    expect(transportFor("127.0.0.1", true).kind).toBe("net");
    expect(describeTransport("127.0.0.1", true)).toMatch(/^net\.Socket \(source addresses are bound/);
  });
});
