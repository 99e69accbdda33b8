/**
 * Every code a PortlabError can carry, declared once: its kind (which decides the exit code) and what it means.
 * Scripts may match on a code, so a code is never renamed or reused for something else; the README lists them
 * all (a unit test keeps it in step).
 */
export type ErrorKind = "invalid-input" | "environment" | "threshold" | "internal";

interface ErrorCodeEntry {
  readonly kind: ErrorKind;
  /** One line for the README's table. */
  readonly meaning: string;
}

export const errorCodes = {
  // invalid input (exit 2): nothing was created
  INVALID_SCENARIO: {
    kind: "invalid-input",
    meaning: "the scenario (file, or the flags rewritten into it) breaks a rule; every problem is listed",
  },
  INVALID_FLAGS: {
    kind: "invalid-input",
    meaning: "a flag is unknown, malformed, or lacks the flag it needs",
  },
  INVALID_SUBNET: {
    kind: "invalid-input",
    meaning: "sandbox.subnet is not an IPv4 CIDR, or too small for the run's hosts",
  },
  INVALID_PORT_RANGE: {
    kind: "invalid-input",
    meaning: "a port range or reserved-port list is not ports 1-65535, low first",
  },
  NGINX_OPTION: {
    kind: "invalid-input",
    meaning: "a value portlab would write into nginx's configuration is unsafe or out of range",
  },
  DRIVER_SERVER: {
    kind: "invalid-input",
    meaning: "the server does not fit the driver: server.image needs docker, server.command needs netns",
  },
  INVALID_INTERVAL: { kind: "invalid-input", meaning: "`inspect --interval` is not 100ms-60s" },
  INVALID_PID: { kind: "invalid-input", meaning: "`inspect --pid` is not a process id" },
  INVALID_COUNT: { kind: "invalid-input", meaning: "`inspect --count` is not 1-1000000" },
  INSPECT_NO_NETNS: { kind: "invalid-input", meaning: "`inspect --netns` names no network namespace" },
  INSPECT_NO_PROCESS: { kind: "invalid-input", meaning: "`inspect --pid` names no running process" },
  SUMMARY_NOT_FOUND: {
    kind: "invalid-input",
    meaning: "`report`/`compare`: no summary.json at the path given",
  },
  SUMMARY_INVALID: {
    kind: "invalid-input",
    meaning: "`report`/`compare`: the file is not a portlab summary",
  },
  INVALID_TOLERANCE: { kind: "invalid-input", meaning: "`compare --tolerance` is not a percentage" },

  // environment (exit 3): this machine cannot do what was asked
  NOT_ROOT: { kind: "environment", meaning: "the command needs root (network namespaces)" },
  MISSING_TOOL: {
    kind: "environment",
    meaning: "a program portlab runs (ip, docker, …) is not installed",
  },
  SANDBOX: { kind: "environment", meaning: "an `ip` command that builds the namespaces or veth pair failed" },
  SYSCTL_UNAVAILABLE: {
    kind: "environment",
    meaning: "this kernel lacks a kernel parameter a profile sets, or does not keep it per namespace",
  },
  SYSCTL_REJECTED: { kind: "environment", meaning: "a host refused a kernel parameter or its value" },
  NGINX_MISSING: {
    kind: "environment",
    meaning: "nginx is not installed (or not where PORTLAB_NGINX points)",
  },
  NGINX_START: { kind: "environment", meaning: "nginx did not start (a port in use, a leftover run, …)" },
  NGINX_CONFIG: { kind: "environment", meaning: "this nginx build rejected the configuration portlab wrote" },
  SERVER_START: { kind: "environment", meaning: "the scenario's own server command could not be started" },
  SERVER_NOT_READY: {
    kind: "environment",
    meaning: "the server never accepted a connection within readyTimeout",
  },
  AGENT_START: {
    kind: "environment",
    meaning: "portlab's agent in a host did not start or exited before it was ready",
  },
  DOCKER_ENGINE: { kind: "environment", meaning: "no Docker engine answers (docker driver)" },
  DOCKER: { kind: "environment", meaning: "a docker command failed (docker driver)" },
  DOCKER_NETWORK: {
    kind: "environment",
    meaning: "the run's Docker network could not be made on its subnet",
  },
  DOCKER_IMAGE: { kind: "environment", meaning: "an image the docker driver needs could not be built" },
  RUN_DIRECTORY_WRITE: {
    kind: "environment",
    meaning: "cannot write the run directory (disk full, read-only, …); the run stops and tears down",
  },
  JUNIT_WRITE_FAILED: { kind: "environment", meaning: "the `--junit` file cannot be written" },
  INSPECT_NEEDS_ROOT: { kind: "environment", meaning: "inspecting another network namespace needs root" },
  INSPECT_READER: {
    kind: "environment",
    meaning: "the reader inside the inspected namespace failed or could not start",
  },
  INSPECT_TARGET_GONE: {
    kind: "environment",
    meaning: "the inspected namespace or process went away while reading",
  },

  // internal (exit 1): a bug in portlab; please report it with run.log
  AGENT_PROTOCOL: { kind: "internal", meaning: "an agent said something out of order" },
  WORKER_FAILED: { kind: "internal", meaning: "the load in the client host failed" },
  WORKER_EXITED: { kind: "internal", meaning: "the load agent exited before its final report" },
  SAMPLER_MISUSE: { kind: "internal", meaning: "the sampler was started or stopped out of order" },
  MODEL_INPUT: { kind: "internal", meaning: "the model was given an impossible input" },
  FOREIGN_SCENARIO: { kind: "internal", meaning: "flags were applied to a scenario portlab did not make" },
  PROFILE_VANISHED: { kind: "internal", meaning: "a profile the scenario named left the library" },
  REPORT_ASSETS_MISSING: { kind: "internal", meaning: "the chart library for report.html is not installed" },
  BENCH_STEP: { kind: "internal", meaning: "a benchmark step broke (not a missed target)" },
} as const satisfies Record<string, ErrorCodeEntry>;

export type ErrorCode = keyof typeof errorCodes;

/** The codes of one kind: `invalidInput` takes only invalid-input codes, and so on. */
export type ErrorCodeOf<K extends ErrorKind> = {
  [C in ErrorCode]: (typeof errorCodes)[C]["kind"] extends K ? C : never;
}[ErrorCode];

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(errorCodes, code);
}
