import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { captureReportSchema, captureRequestSchema } from "../../src/agent/capture-mode.js";
import {
  AGENT_PROTOCOL,
  agentToRunnerSchema,
  decodeLine,
  MAX_LINE_BYTES,
  runnerToAgentSchema,
} from "../../src/agent/protocol.js";
import { sysctlReplySchema, sysctlRequestSchema } from "../../src/kernel/sysctl-request.js";

/** Every message either end checks, as JSON Schema: what an agent of the same protocol version must speak. */
function protocolShape(): string {
  const schemas = [
    runnerToAgentSchema,
    agentToRunnerSchema,
    captureRequestSchema,
    captureReportSchema,
    sysctlRequestSchema,
    sysctlReplySchema,
  ];
  return JSON.stringify(schemas.map((schema) => z.toJSONSchema(schema, { unrepresentable: "any" })));
}

/** The shape each protocol version was released with. Change a message: bump AGENT_PROTOCOL and add its line. */
const SHAPES: Record<number, string> = {
  1: "e82b24d03c89542e",
  // start-program: the program's user (runAs), the sandbox's scratch directory, user: root
  2: "0a7a121579c31575",
  // start-load's command client: its image (always null through the agent)
  3: "ffdbb20bf6852685",
};

describe("the agent protocol", () => {
  it(`is version ${AGENT_PROTOCOL}, and its messages are the ones that version was released with`, () => {
    const hash = createHash("sha256").update(protocolShape()).digest("hex").slice(0, 16);
    expect(
      hash,
      "a message changed: bump AGENT_PROTOCOL (src/agent/protocol.ts) and record the new hash here",
    ).toBe(SHAPES[AGENT_PROTOCOL]);
  });

  it("refuses a line that is not JSON, not a message, of an unknown type, or too long, saying why", () => {
    expect(decodeLine(agentToRunnerSchema, "hello")).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^not JSON/),
    });
    expect(decodeLine(agentToRunnerSchema, "null")).toMatchObject({ ok: false });
    expect(decodeLine(agentToRunnerSchema, '{"type":"tock"}')).toMatchObject({ ok: false });
    const tick = decodeLine(agentToRunnerSchema, '{"type":"tick","t":1,"sent":1,"ok":"many"}');
    expect(tick).toMatchObject({ ok: false, problem: expect.stringMatching(/^ok: /) });
    expect(
      decodeLine(agentToRunnerSchema, `{"type":"warning","message":"${"x".repeat(MAX_LINE_BYTES)}"}`),
    ).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/bytes \(at most/),
    });
    expect(decodeLine(agentToRunnerSchema, '{"type":"ready","pid":7,"protocol":1}')).toEqual({
      ok: true,
      message: { type: "ready", pid: 7, protocol: 1 },
    });
  });
});
