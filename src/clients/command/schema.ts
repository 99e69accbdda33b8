import * as z from "zod";
import type { ActiveLimits } from "../../scenario/limits.js";
import {
  got,
  imageNameField,
  positiveCount,
  programUserField,
  strictMapping,
} from "../../scenario/schema-fields.js";
import { shellCommandProblem } from "../../scenario/shell-command.js";

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Set by portlab for every command client; the scenario may not change them. */
export const TARGET_ENV = [
  "PORTLAB_TARGET_URL",
  "PORTLAB_TARGET_HOST",
  "PORTLAB_TARGET_PORT",
  "PORTLAB_TARGET_PORTS",
];
function argvField() {
  const wanted = "must be a list of program and arguments such as [java, -jar, loadtest.jar]";
  return z
    .array(
      z
        .string({ error: (issue) => `must be text, ${got(issue.input)}` })
        .min(1, { error: "must not be empty" })
        .max(4096, { error: "must be at most 4096 characters" })
        .refine((arg) => !arg.includes("\0"), { error: "must not contain a NUL character" }),
      { error: (issue) => `${wanted}, ${got(issue.input)}` },
    )
    .min(1, { error: `${wanted} (it names no program)` })
    .max(1024, { error: "must have at most 1024 arguments" })
    .superRefine((argv, ctx) => {
      const problem = shellCommandProblem(argv, "run: [./my-client.sh]");
      if (problem !== null) ctx.addIssue({ code: "custom", message: problem });
    });
}

function envField() {
  return z
    .record(
      z
        .string()
        .regex(ENV_NAME, { error: "must be an environment variable name such as JAVA_OPTS" })
        .refine((name) => !TARGET_ENV.includes(name), {
          error: "is set by portlab (the target of the run); leave it out",
        }),
      z.union([z.string(), z.number()]).transform(String),
      {
        // A bad name keeps its own message (zod reports it as "invalid key" with the name's issues inside).
        error: (issue) => {
          if (issue.code === "invalid_key")
            return (issue as { issues?: { message: string }[] }).issues?.[0]?.message;
          return `must be a mapping of names to values, e.g. { JAVA_OPTS: -Xmx512m }, ${got(issue.input)}`;
        },
      },
    )
    .optional();
}

/** How the program connects, when the user says so: the model then predicts it like portlab's own client. */
function expectField(limits: ActiveLimits) {
  const rate = positiveCount(
    { unit: "new connections per second", example: 400, integer: false, hardMax: 1_000_000 },
    limits,
  );
  const connections = positiveCount(
    { unit: "connections", example: 16, integer: true, hardMax: 100_000 },
    limits,
  );
  const close = z
    .enum(["client-first", "server-first", "reset"], {
      error: (issue) => `must be client-first, server-first or reset, ${got(issue.input)}`,
    })
    .optional();
  return z
    .discriminatedUnion(
      "kind",
      [
        strictMapping(
          { kind: z.literal("short"), rate, close },
          "{ kind: short, rate: 400 } (a new connection per request, 400 a second)",
        ),
        strictMapping({ kind: z.literal("pooled"), connections }, "{ kind: pooled, connections: 16 }"),
      ],
      {
        error: (issue) =>
          `must be { kind: short, rate: N } or { kind: pooled, connections: N }, ${got((issue.input as { kind?: unknown } | undefined)?.kind)}`,
      },
    )
    .optional()
    .meta({
      description:
        "Optional: how the program connects, so the model predicts it like portlab's own client (short: a new connection per request at `rate` a second; pooled: a pool). Without it the run has no prediction.",
    });
}

/** `{ kind: command, run: [java, -jar, loadtest.jar], env: {…}, errors: strace, expect: {…} }`, or `image: …` */
export function commandClientEntry(limits: ActiveLimits) {
  return strictMapping(
    {
      kind: z.literal("command"),
      image: imageNameField("my-loadtest:latest").meta({
        description:
          "Your own client image (docker driver): the client host's program runs as a container of it, in the client host's network namespace; `run` then replaces its entrypoint and command, and left out they run as the image has them.",
      }),
      run: argvField().optional().meta({
        description:
          "Your own client program and its arguments, started inside the client host for the load's duration; never through a shell. Needed unless `image` is given.",
      }),
      env: envField().meta({
        description:
          "Its environment, besides PORTLAB_TARGET_URL, PORTLAB_TARGET_HOST, PORTLAB_TARGET_PORT and PORTLAB_TARGET_PORTS.",
      }),
      errors: z
        .enum(["strace"], {
          error: (issue) =>
            `must be strace (failed connect() calls seen by strace), or left out (not observed), ${got(issue.input)}`,
        })
        .optional()
        .meta({
          description:
            "strace: count its failed connect() calls by errno (strace -f, some overhead); left out, errors are not observed.",
        }),
      expect: expectField(limits),
      user: programUserField(),
    },
    "{ kind: command, run: [java, -jar, loadtest.jar] }",
  );
}
