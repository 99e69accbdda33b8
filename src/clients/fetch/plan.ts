import * as z from "zod";
import type { ConnectionPattern } from "../../core/connection.js";
import { connectionsField, nofileField } from "../../scenario/schema-client-fields.js";
import { durationMs, got, positiveCount, strictMapping } from "../../scenario/schema-fields.js";
import { ownClientKind } from "../own-client-plan.js";
import type { FetchClientSpec } from "./spec.js";

const VARIANTS = ["keep-alive", "close"] as const;

function booleanField(name: string) {
  return z.boolean({ error: (issue) => `${name} must be true or false, ${got(issue.input)}` }).optional();
}

/**
 * The model's view: `close` is a short connection the server closes first (nginx answers `Connection: close` by
 * closing); keep-alive is a pool of `connections`, unbounded (Infinity) when undici's default Agent has no limit.
 */
export function fetchPattern(client: FetchClientSpec): ConnectionPattern {
  if (client.close) return { kind: "short", close: "server-first" };
  return { kind: "pooled", connections: client.connections ?? Number.POSITIVE_INFINITY };
}

/** Node's fetch as an app uses it: undici's fetch on an undici Agent, keep-alive or `Connection: close`. */
export const fetchClient = ownClientKind({
  kind: "fetch",
  entry: (limits) =>
    strictMapping(
      {
        kind: z.literal("fetch"),
        close: booleanField("close"),
        connections: connectionsField(limits),
        keepAliveTimeout: durationMs({ example: "900ms", minMs: 1, hardMaxMs: 3_600_000 }, limits).optional(),
        pipelining: positiveCount(
          { unit: "requests per connection", example: 1, integer: true, hardMax: 100 },
          limits,
        ).optional(),
        retry: booleanField("retry"),
        nofile: nofileField(),
      },
      "{ kind: fetch, close: true } or { kind: fetch, keepAliveTimeout: 900ms, retry: true }",
    ),
  normalise: (raw): Omit<FetchClientSpec, "nofile"> => ({
    kind: "fetch",
    close: raw.close ?? false,
    connections: raw.connections ?? null,
    keepAliveTimeoutMs: raw.keepAliveTimeout ?? null,
    pipelining: raw.pipelining ?? null,
    retry: raw.retry ?? false,
  }),
  // --close takes a close mode (short); this kind's `close` is true or false, so only --connections applies.
  flagKeys: ["connections"],
  pattern: fetchPattern,
  // The server closes a `Connection: close` request's connection: server-first, as the short client names it.
  summary: (client) => ({ closeMode: client.close ? "server-first" : null, connections: client.connections }),
  label: (fields) => {
    if (fields.closeMode !== null && fields.closeMode !== undefined)
      return "fetch (undici, Connection: close)";
    const pool =
      fields.connections === null || fields.connections === undefined
        ? ""
        : `, ${fields.connections} connections`;
    return `fetch (undici, keep-alive${pool})`;
  },
  variants: VARIANTS,
  variant: (client) => (client.close ? "close" : "keep-alive"),
});
