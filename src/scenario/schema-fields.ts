import * as z from "zod";
import { sysctlNameJsonPattern } from "../kernel/sysctl-name.js";
import { durationStringPattern, formatDurationMs, parseDurationMs } from "./duration.js";
import { type ActiveLimits, overLimitMessage } from "./limits.js";
import { checkSysctlValue, describeType, expandSysctlName } from "./sysctl.js";

/** Field builders: each one carries a message that names the fix, so every issue reads `path: message`. */

export function got(input: unknown): string {
  return input === undefined ? "it is missing" : `got ${describeType(input)}`;
}

/** A mapping whose unknown keys are refused with a did-you-mean and the allowed keys. */
export function strictMapping<Shape extends z.ZodRawShape>(shape: Shape, example: string) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === "unrecognized_keys") return unknownKeysMessage(issue.keys, known);
      if (issue.code === "invalid_type") return `must be a mapping such as ${example}, ${got(issue.input)}`;
      return undefined;
    },
  });
}

export function unknownKeysMessage(keys: readonly string[], known: readonly string[]): string {
  const allowed = `allowed keys: ${known.join(", ")}`;
  if (keys.length !== 1)
    return `unknown keys ${keys.map((key) => JSON.stringify(key)).join(", ")}; ${allowed}`;
  const key = keys[0] ?? "";
  const suggestion = closest(key, known);
  return `unknown key ${JSON.stringify(key)}${suggestion ? ` (did you mean ${JSON.stringify(suggestion)}?)` : ""}; ${allowed}`;
}

/** The candidate within edit distance 2 (or equal ignoring case), for did-you-mean hints. */
export function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  // Short words are close to too much ("base" is two edits from "name"): allow one edit there.
  const allowed = word.length >= 5 ? 2 : 1;
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    const prefix = word.length >= 4 && lower.startsWith(word.toLowerCase());
    const distance = lower === word.toLowerCase() ? 0 : prefix ? allowed : editDistance(word, candidate);
    if (distance > allowed) continue;
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2 || a.length > 64 || b.length > 64) return 99;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 99;
}

interface CountOptions {
  /** "requests per second": completes "must be a positive number of …". */
  readonly unit: string;
  readonly example: number;
  readonly integer: boolean;
  /** Never lifted (what the kernel, nginx or the sandbox accept). */
  readonly hardMax: number;
  /** Lifted by the unbounded option. */
  readonly softMax?: (limits: NonNullable<ActiveLimits["values"]>) => number;
  readonly softFix?: string;
  /** Replaces the generated "must be a positive … number of …" sentence. */
  readonly wanted?: string;
}

/** A positive number (zero, negatives, NaN and Infinity refused) with hard and liftable bounds. */
export function positiveCount(options: CountOptions, limits: ActiveLimits) {
  const wanted =
    options.wanted ??
    `must be a positive ${options.integer ? "whole " : ""}number of ${options.unit}, e.g. ${options.example}`;
  const typeError = { error: (issue: { input?: unknown }) => `${wanted} (${got(issue.input)})` };
  let field = z.number(typeError).positive({ error: (issue) => `${wanted} (got ${String(issue.input)})` });
  if (options.integer) field = field.int({ error: (issue) => `${wanted} (got ${String(issue.input)})` });
  field = field.max(options.hardMax, {
    error: (issue) =>
      `must be at most ${options.hardMax}${options.unit ? ` ${options.unit}` : ""} (got ${String(issue.input)})`,
  });
  const soft = limits.values && options.softMax ? options.softMax(limits.values) : null;
  if (soft === null || soft >= options.hardMax) return field;
  return field.refine((value) => value <= soft, {
    error: (issue) =>
      overLimitMessage(
        `${String(issue.input)}`,
        `${soft} ${options.unit}`,
        options.softFix ?? "lower it",
        limits,
      ),
    abort: true,
  });
}

interface DurationOptions {
  readonly example: string;
  readonly minMs: number;
  readonly hardMaxMs: number;
  readonly softMaxMs?: (limits: NonNullable<ActiveLimits["values"]>) => number;
  readonly wholeSeconds?: boolean;
}

/** "10s", "1500ms", "2m" or a number of seconds → whole milliseconds. */
export function durationMs(options: DurationOptions, limits: ActiveLimits) {
  const wanted = `must be a duration such as "${options.example}" ("1500ms", "2m", or a number of seconds)`;
  const error = { error: (issue: { input?: unknown }) => `${wanted}, ${got(issue.input)}` };
  const soft = limits.values && options.softMaxMs ? options.softMaxMs(limits.values) : null;
  return z
    .union([z.number(), z.string().regex(new RegExp(durationStringPattern), error)], error)
    .transform((input, ctx) => {
      const refuse = (message: string) => {
        ctx.addIssue({ code: "custom", message, input });
        return z.NEVER;
      };
      const ms = parseDurationMs(input);
      if (ms === null) return refuse(`${wanted}, ${got(input)} (whole milliseconds at most)`);
      if (ms < options.minMs)
        return refuse(`must be at least ${formatDurationMs(options.minMs)}, ${got(input)}`);
      if (options.wholeSeconds && ms % 1000 !== 0)
        return refuse(`must be whole seconds, e.g. "${options.example}", ${got(input)}`);
      if (ms > options.hardMaxMs)
        return refuse(`must be at most ${formatDurationMs(options.hardMaxMs)}, ${got(input)}`);
      if (soft !== null && ms > soft) {
        return refuse(overLimitMessage(formatDurationMs(ms), formatDurationMs(soft), "shorten it", limits));
      }
      return ms;
    });
}

/** One line of text (names and explanations show in tables and directory names). */
export function oneLine(what: string, maxLength: number) {
  const wanted = `must be one line of text (${what}) of at most ${maxLength} characters`;
  return z
    .string({ error: (issue) => `${wanted}, ${got(issue.input)}` })
    .max(maxLength, { error: wanted })
    .refine((text) => ![...text].some(isControlCharacter), { error: wanted });
}

/** Line breaks and other control characters (a tab is allowed) would break a table row. */
function isControlCharacter(character: string): boolean {
  const code = character.charCodeAt(0);
  return (code < 0x20 && character !== "\t") || code === 0x7f;
}

/** Sysctls by name (short net.ipv4 names expanded), values normalised to the kernel's spacing. */
export function sysctlMap() {
  return z
    .record(z.string(), z.unknown(), {
      error: (issue) =>
        `must be a mapping of sysctl names to values, e.g. { tcp_tw_reuse: 1 }, ${got(issue.input)}`,
    })
    .transform((input, ctx) => {
      const output: Record<string, string> = {};
      const writtenAs: Record<string, string> = {};
      for (const [name, value] of Object.entries(input)) {
        const fullName = expandSysctlName(name);
        if (!fullName.ok) {
          ctx.addIssue({ code: "custom", message: fullName.message, path: [name], input: name });
          continue;
        }
        const earlier = writtenAs[fullName.value];
        if (earlier !== undefined) {
          ctx.addIssue({
            code: "custom",
            message: `is the same sysctl as ${JSON.stringify(earlier)}; keep one`,
            path: [name],
          });
          continue;
        }
        writtenAs[fullName.value] = name;
        const normalised = checkSysctlValue(fullName.value, value);
        if (!normalised.ok)
          ctx.addIssue({ code: "custom", message: normalised.message, path: [name], input: value });
        else output[fullName.value] = normalised.value;
      }
      return output;
    })
    .meta({
      propertyNames: { pattern: sysctlNameJsonPattern },
      additionalProperties: {
        anyOf: [
          { type: "integer", minimum: 0 },
          { type: "string", pattern: "^[0-9][0-9 ,-]*$" },
        ],
      },
    });
}

/**
 * An optional field with an editor description and the default the normaliser applies. The default
 * goes under `inputDefault` because zod drops `default` from transforming fields in input mode;
 * json-schema.ts renames it.
 */
export function documented<T extends z.ZodType>(field: T, description: string, defaultValue?: unknown) {
  return field
    .optional()
    .meta(defaultValue === undefined ? { description } : { description, inputDefault: defaultValue });
}

/** `user: root`, the one way to run the user's program as root (it is trusted code then). */
export function programUserField() {
  return z
    .enum(["root"], {
      error: (issue) =>
        `must be root (run it as root: trusted code that needs root), or left out (the sudo user, else nobody), ${got(issue.input)}`,
    })
    .optional()
    .meta({
      description:
        "root: run the program as root, for trusted code that needs it. Left out, it runs as the user who started portlab through sudo, else as nobody, with a clean environment.",
    });
}

/** Docker's reference grammar, loosely: [registry/]name[:tag][@digest], no spaces or shell characters. */
const IMAGE_NAME = /^[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

/** A Docker image name (a server's or a client's own image), optional. */
export function imageNameField(example: string) {
  return z
    .string({ error: (issue) => `must be a Docker image name such as ${example}, ${got(issue.input)}` })
    .regex(IMAGE_NAME, { error: `must be a Docker image name such as ${example} or registry/app:1.2` })
    .optional();
}
