import * as z from "zod";
import { checkSubnet } from "./check-subnet.js";
import { joinOr } from "./client-kinds.js";
import type { Drivers } from "./driver-capabilities.js";
import type { ActiveLimits } from "./limits.js";
import {
  documented,
  durationMs,
  got,
  imageNameField,
  positiveCount,
  programUserField,
  strictMapping,
} from "./schema-fields.js";
import { shellCommandProblem } from "./shell-command.js";

/** nginx settings in the server host. */
export function serverSection(limits: ActiveLimits) {
  const count = (unit: string, example: number, hardMax: number, description: string) =>
    documented(positiveCount({ unit, example, integer: true, hardMax }, limits), description, example);
  const port = {
    unit: "",
    example: 80,
    integer: true,
    hardMax: 65535,
    wanted: "must be a port number from 1 to 65535, e.g. 80",
  };
  return strictMapping(
    {
      port: documented(
        positiveCount(port, limits),
        "First port nginx listens on (a profile's server.listenPorts adds consecutive ones).",
        80,
      ),
      workers: count("nginx worker processes", 1, 64, "nginx worker processes."),
      keepaliveTimeout: documented(
        durationMs({ example: "60s", minMs: 1000, hardMaxMs: 3_600_000, wholeSeconds: true }, limits),
        "nginx keepalive_timeout, whole seconds.",
        "60s",
      ),
      keepaliveRequests: count(
        "requests per keep-alive connection",
        1000000,
        1_000_000_000,
        "nginx keepalive_requests.",
      ),
      backlog: count("queued connections (listen backlog)", 4096, 65535, "listen backlog."),
      bodyBytes: count("response body bytes", 2, 1_048_576, "Size of the response body."),
      image: imageNameField("my-service:latest").meta({
        description:
          "Your own server image, run as the server host under the docker driver (instead of nginx).",
      }),
      command: z
        .array(z.string().min(1, { error: "must not be empty" }), {
          error: (issue) =>
            `must be a list of program and arguments such as [./server, --port, "8080"], ${got(issue.input)}`,
        })
        .min(1, { error: 'must name a program, e.g. [./server, --port, "8080"]' })
        .superRefine((argv, ctx) => {
          const problem = shellCommandProblem(argv, "command: [./my-server.sh]");
          if (problem !== null) ctx.addIssue({ code: "custom", message: problem });
        })
        .optional()
        .meta({
          description:
            "Your own server program, started inside the server host under the netns driver (instead of nginx); never run through a shell.",
        }),
      env: z
        .record(
          z.string().regex(ENV_NAME, { error: "must be an environment variable name such as JAVA_OPTS" }),
          z.union([z.string(), z.number()]).transform(String),
          {
            error: (issue) =>
              `must be a mapping of names to values, e.g. { JAVA_OPTS: -Xmx512m }, ${got(issue.input)}`,
          },
        )
        .optional()
        .meta({ description: "Environment of your own server (image or command)." }),
      user: programUserField().meta({
        description:
          "root: run server.command as root, for trusted code that needs it. Left out, it runs as the user who started portlab through sudo, else as nobody, with a clean environment.",
      }),
      readyTimeout: documented(
        durationMs({ example: "30s", minMs: 100, hardMaxMs: 600_000 }, limits),
        "How long the server may take until a TCP connect to it succeeds.",
        "30s",
      ),
    },
    "{ port: 80, workers: 1 }",
  ).superRefine((server, ctx) => {
    if (server.user !== undefined && server.command === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["user"],
        message: "applies to server.command only: leave it out, or give server.command",
      });
    if (server.image !== undefined && server.command !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["command"],
        message: "give server.image (docker driver) or server.command (netns driver), not both",
      });
  });
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The two hosts and their link. */
export function sandboxSection(drivers: Drivers) {
  const names = drivers.names() as [string, ...string[]];
  const described = drivers.all.map((driver) => `${driver.name} (${driver.description})`);
  return strictMapping(
    {
      driver: documented(
        z.enum(names, { error: (issue) => `must be ${joinOr(names)}, ${got(issue.input)}` }),
        `How the hosts are made: ${joinOr(described)}.`,
        names[0],
      ),
      subnet: z
        .string({ error: (issue) => `must be an IPv4 subnet such as 198.18.0.0/24, ${got(issue.input)}` })
        .superRefine((subnet, ctx) => {
          const problem = checkSubnet(subnet);
          if (problem !== null) ctx.addIssue({ code: "custom", message: problem, input: subnet });
        })
        .optional()
        .meta({
          description:
            "IPv4 link subnet for the hosts, /16 to /29 (RFC 2544 benchmarking range by default); under docker no route or address of this machine may overlap it.",
          inputDefault: "198.18.0.0/24",
        }),
    },
    "{ driver: docker, subnet: 198.18.0.0/24 }",
  );
}
