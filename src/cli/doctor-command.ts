import type { Argv } from "yargs";
import type { Check } from "../core/check.js";
import { ExitCode, invalidInput } from "../core/errors.js";
import { runCommand } from "../core/exec-file.js";
import { requireRoot } from "../core/require-root.js";
import { engineCheck } from "../hosts/docker/docker-doctor.js";
import {
  DOCKERD_LOG,
  engineState,
  hasApt,
  installEngine,
  startEngine,
} from "../hosts/docker/docker-engine.js";
import { runEnvironmentChecks } from "../hosts/doctor.js";
import type { ArgumentsOf } from "./arguments-of.js";

const FIX_CHOICES = ["", "packages", "docker"];

export type DoctorArguments = ArgumentsOf<typeof doctorBuilder>;

export function doctorBuilder(yargs: Argv) {
  return yargs.option("fix", {
    type: "string",
    describe:
      "--fix: install missing (or reinstall broken) Debian packages with apt-get; --fix docker: also install and start a Docker engine (never touches one that answers)",
  });
}

function printChecks(checks: readonly Check[]): void {
  const width = Math.max(...checks.map((check) => check.name.length));
  for (const check of checks) {
    const mark = check.ok ? "ok  " : check.required ? "MISS" : "note";
    process.stdout.write(`${mark}  ${check.name.padEnd(width)}  ${check.detail}\n`);
    if (check.fix) process.stdout.write(`      ${" ".repeat(width)}  fix: ${check.fix}\n`);
  }
}

async function aptInstall(packages: readonly string[], reinstall: boolean): Promise<void> {
  if (packages.length === 0) return;
  process.stdout.write(`${reinstall ? "reinstalling" : "installing"}: ${packages.join(" ")}\n`);
  const again = reinstall ? ["--reinstall"] : [];
  await runCommand(
    "apt-get",
    ["install", "-y", "-qq", "--no-install-recommends", ...again, ...packages],
    900_000,
  );
}

/** Debian packages for what is missing or broken; the one `apt-get update` before them. */
async function fixPackages(checks: readonly Check[]): Promise<void> {
  const wanted = checks.filter((check) => !check.ok && check.aptPackage);
  if (wanted.length === 0) return;
  await runCommand("apt-get", ["update", "-qq"], 600_000);
  const names = (reinstall: boolean) =>
    wanted
      .filter((check) => (check.reinstall === true) === reinstall)
      .map((check) => check.aptPackage as string);
  await aptInstall(names(false), false);
  await aptInstall(names(true), true);
}

/** Installs Debian's engine when there is none, starts it when it does not answer; an engine that answers is left alone. */
async function fixDocker(): Promise<void> {
  let state = await engineState();
  if (state.kind === "answers") return;
  if (state.kind === "not-installed") {
    if (!hasApt())
      throw invalidInput(
        "INVALID_FLAGS",
        "--fix docker installs Debian's docker.io, and this machine has no apt-get",
        "install Docker Engine or Docker Desktop the way your system does",
      );
    process.stdout.write("installing: docker.io (dockerd, containerd, runc)\n");
    await installEngine();
    state = await engineState();
  }
  if (state.kind === "not-running") {
    process.stdout.write(`starting ${state.dockerd} (log: ${DOCKERD_LOG} unless systemd runs it)\n`);
    state = await startEngine(state.dockerd);
  }
  if (state.kind !== "answers")
    process.stdout.write(`the engine still does not answer: ${engineCheck(state).detail}\n`);
}

/** `portlab doctor [--fix [docker]]`: what this machine has, what is missing and how to get it. Exit 3 when a requirement is missing. */
export async function executeDoctor(args: DoctorArguments): Promise<number> {
  if (args.fix !== undefined && !FIX_CHOICES.includes(args.fix))
    throw invalidInput(
      "INVALID_FLAGS",
      `--fix ${JSON.stringify(args.fix)} is not something doctor fixes`,
      "use --fix (Debian packages) or --fix docker (packages and the Docker engine)",
    );
  let checks = await runEnvironmentChecks();
  if (args.fix !== undefined) {
    requireRoot();
    await fixPackages(checks);
    if (args.fix === "docker") await fixDocker();
    checks = await runEnvironmentChecks();
  }
  printChecks(checks);
  const missing = checks.filter((check) => check.required && !check.ok);
  if (missing.length > 0) {
    process.stdout.write(`\nmissing: ${missing.map((check) => check.name).join(", ")}\n`);
    return ExitCode.environment;
  }
  process.stdout.write("\nportlab can run here.\n");
  return ExitCode.ok;
}
