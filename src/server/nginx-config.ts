import { readFileSync } from "node:fs";
import { isIPv4 } from "node:net";
import { isAbsolute } from "node:path";
import { invalidInput } from "../core/errors.js";
import { packagePath } from "../core/package-root.js";

/** What the rendered nginx.conf depends on; every value is validated before it reaches the template. */
export interface NginxConfigOptions {
  /** Directory nginx runs in: config, pid file, error log and temp paths all live here. */
  readonly prefix: string;
  /** IPv4 literal nginx binds on. */
  readonly listenAddress: string;
  readonly ports: readonly number[];
  readonly workers: number;
  /** 0 disables keep-alive (nginx closes after every response). */
  readonly keepaliveTimeoutS: number;
  readonly keepaliveRequests: number;
  readonly backlog: number;
  readonly bodyBytes: number;
}

/** The server settings of a scenario that go into nginx.conf (the same whichever driver runs nginx). */
export type NginxTuning = Pick<
  NginxConfigOptions,
  "workers" | "keepaliveTimeoutS" | "keepaliveRequests" | "backlog" | "bodyBytes"
>;

export function nginxTuning(spec: NginxTuning): NginxTuning {
  const { workers, keepaliveTimeoutS, keepaliveRequests, backlog, bodyBytes } = spec;
  return { workers, keepaliveTimeoutS, keepaliveRequests, backlog, bodyBytes };
}

/** Connections per worker: far above what one exhausted client port range can open. */
export const WORKER_CONNECTIONS = 65535;
export const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** nginx rejects a single config token longer than about 4 KiB, so larger bodies are built from variables. */
const BODY_CHUNK_BYTES = 1024;
const BODY_CHAR = "x";
/** Characters a prefix may contain: nothing nginx's config parser treats specially (quotes, `;`, `{`, `$`, `#`, spaces). */
const SAFE_PATH = /^\/[A-Za-z0-9._/-]*$/;

export function nginxTemplatePath(): string {
  return packagePath("docker", "nginx", "nginx.conf.template");
}

export function readNginxTemplate(): string {
  return readFileSync(nginxTemplatePath(), "utf8");
}

export function nginxPaths(prefix: string): { config: string; pidFile: string; errorLog: string } {
  return { config: `${prefix}/nginx.conf`, pidFile: `${prefix}/nginx.pid`, errorLog: `${prefix}/error.log` };
}

/** Replaces every `{{name}}` in the template; throws if the template names a value this renderer lacks. */
export function renderNginxConfig(template: string, options: NginxConfigOptions): string {
  validateNginxConfigOptions(options);
  const body = bodyDirectives(options.bodyBytes);
  const values: Record<string, string> = {
    prefix: options.prefix,
    workers: String(options.workers),
    workerConnections: String(WORKER_CONNECTIONS),
    rlimitNofile: String(WORKER_CONNECTIONS * 2 + 1024),
    keepaliveTimeoutS: String(options.keepaliveTimeoutS),
    keepaliveRequests: String(options.keepaliveRequests),
    listen: options.ports
      .map((port) => `        listen ${options.listenAddress}:${port} backlog=${options.backlog};`)
      .join("\n"),
    bodyVariables: body.variables.map((line) => `            ${line}`).join("\n"),
    bodyExpression: body.expression,
  };
  return template.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`nginx template names an unknown placeholder {{${name}}}`);
    return value;
  });
}

export function validateNginxConfigOptions(options: NginxConfigOptions): void {
  if (!isAbsolute(options.prefix) || !SAFE_PATH.test(options.prefix)) {
    throw invalidInput(
      "NGINX_OPTION",
      `nginx prefix ${JSON.stringify(options.prefix)} must be an absolute path of letters, digits, . _ - and /`,
      "set TMPDIR to a plain path such as /tmp",
    );
  }
  if (!isIPv4(options.listenAddress)) {
    throw invalidInput(
      "NGINX_OPTION",
      `nginx listen address ${JSON.stringify(options.listenAddress)} is not an IPv4 literal`,
      "use an IPv4 address such as 198.18.0.1",
    );
  }
  if (options.ports.length === 0) {
    throw invalidInput("NGINX_OPTION", "nginx needs at least one port to listen on", "set server.port");
  }
  if (new Set(options.ports).size !== options.ports.length) {
    throw invalidInput(
      "NGINX_OPTION",
      `nginx ports repeat: ${options.ports.join(", ")}`,
      "list each port once",
    );
  }
  for (const port of options.ports) requireInteger("port", port, 1, 65535);
  requireInteger("workers", options.workers, 1, 64);
  requireInteger("keepaliveTimeoutS", options.keepaliveTimeoutS, 0, 86_400);
  requireInteger("keepaliveRequests", options.keepaliveRequests, 1, 1_000_000_000);
  requireInteger("backlog", options.backlog, 1, 1_000_000);
  requireInteger("bodyBytes", options.bodyBytes, 0, MAX_BODY_BYTES);
}

function requireInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidInput(
      "NGINX_OPTION",
      `nginx ${name} must be an integer from ${min} to ${max}, got ${value}`,
      `fix server.${name} in the scenario`,
    );
  }
}

/**
 * A body of exactly `bytes` characters: a 1 KiB literal doubled through `set` variables, the
 * doublings picked by the bits of bytes / 1 KiB, plus a literal remainder.
 */
function bodyDirectives(bytes: number): { variables: string[]; expression: string } {
  const chunks = Math.floor(bytes / BODY_CHUNK_BYTES);
  const remainder = BODY_CHAR.repeat(bytes % BODY_CHUNK_BYTES);
  if (chunks === 0) return { variables: [], expression: remainder };
  const variables = [`set $portlab_body_0 "${BODY_CHAR.repeat(BODY_CHUNK_BYTES)}";`];
  const parts: string[] = [];
  for (let bit = 0; 2 ** bit <= chunks; bit += 1) {
    if (bit > 0) {
      variables.push(`set $portlab_body_${bit} "\${portlab_body_${bit - 1}}\${portlab_body_${bit - 1}}";`);
    }
    if (Math.floor(chunks / 2 ** bit) % 2 === 1) parts.push(`\${portlab_body_${bit}}`);
  }
  return { variables, expression: parts.reverse().join("") + remainder };
}
