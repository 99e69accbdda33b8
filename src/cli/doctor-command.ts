import type { Argv } from "yargs";
import { ExitCode } from "../errors.js";
import { type Check, runEnvironmentChecks } from "../sandbox/environment-checks.js";
import { runCommand } from "../sandbox/run-command.js";
import { requireRoot } from "./require-root.js";

export interface DoctorArguments {
  fix: boolean;
}

export function doctorBuilder(yargs: Argv): Argv<DoctorArguments> {
  return yargs.option("fix", {
    type: "boolean",
    default: false,
    describe: "install missing Debian packages with apt-get",
  }) as unknown as Argv<DoctorArguments>;
}

function printChecks(checks: readonly Check[]): void {
  const width = Math.max(...checks.map((check) => check.name.length));
  for (const check of checks) {
    const mark = check.ok ? "ok  " : check.required ? "MISS" : "note";
    process.stdout.write(`${mark}  ${check.name.padEnd(width)}  ${check.detail}\n`);
    if (check.fix) process.stdout.write(`      ${" ".repeat(width)}  fix: ${check.fix}\n`);
  }
}

/** `portlab doctor [--fix]`: what this machine has, what is missing and how to get it. Exit 3 when a requirement is missing. */
export async function executeDoctor(args: DoctorArguments): Promise<number> {
  let checks = await runEnvironmentChecks();
  const packages = checks
    .filter((check) => !check.ok && check.aptPackage)
    .map((check) => check.aptPackage as string);
  if (args.fix && packages.length > 0) {
    requireRoot();
    process.stdout.write(`installing: ${packages.join(" ")}\n`);
    await runCommand("apt-get", ["update", "-qq"], 600_000);
    await runCommand("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...packages], 600_000);
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
