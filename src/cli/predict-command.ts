import type { Argv } from "yargs";
import { ExitCode } from "../core/errors.js";
import { planRuns } from "../engine/plan.js";
import { formatMs, formatRate } from "../kernel/model.js";
import type { ArgumentsOf } from "./arguments-of.js";
import { type ScenarioCommandLine, scenarioFlagOptions, scenarioFromCommandLine } from "./scenario-flags.js";

export type PredictArguments = ArgumentsOf<typeof predictBuilder>;

export function predictBuilder(yargs: Argv) {
  return yargs
    .positional("scenario", {
      type: "string",
      describe: "scenario file (default: scenarios/short-vs-pooled.yaml)",
    })
    .options(scenarioFlagOptions)
    .option("json", {
      type: "boolean",
      default: false,
      describe: "print the predictions as JSON",
    });
}

/**
 * `portlab predict`: what the model expects of each (profile × client) run, from the profiles' kernel parameters
 * and fresh-namespace defaults, without creating anything (no root needed).
 */
export async function executePredict(args: PredictArguments): Promise<number> {
  const scenario = await scenarioFromCommandLine(args);
  const rows = planRuns(scenario).map((run) => ({
    profile: run.label.profile,
    client: run.label.client,
    ...(run.prediction ?? { prediction: null, noPredictionReason: run.noPredictionReason }),
  }));
  if (args.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return ExitCode.ok;
  }
  for (const row of rows) {
    if (!("exhaustedAtMs" in row)) {
      process.stdout.write(`${row.profile}  ${row.client}: no prediction\n  ${row.noPredictionReason}\n`);
      continue;
    }
    const first = row.exhaustedAtMs === null ? "never" : `${formatMs(row.exhaustedAtMs)} (${row.errno})`;
    const sustainable =
      row.sustainableRate === null ? "not port-limited" : `${formatRate(row.sustainableRate)} new conn/s`;
    process.stdout.write(
      `${row.profile}  ${row.client}: first port error ${first}; sustainable ${sustainable}\n  ${row.reason}\n`,
    );
    const nat = row.nat;
    if (nat) {
      const out = nat.exhaustedAtMs === null ? "never" : formatMs(nat.exhaustedAtMs);
      const size = nat.perHost ? `${nat.portSpace} ports per client host` : `${nat.portSpace} ports`;
      process.stdout.write(`  NAT (${size}) out of ports: ${out}; ${nat.reason}\n`);
      if (nat.gatewayRunsOutAfterMs !== undefined) {
        const after = nat.gatewayRunsOutAfterMs === null ? "never" : formatMs(nat.gatewayRunsOutAfterMs);
        process.stdout.write(`  ${nat.gateway ?? "the cloud gateway"} out of ports: ${after}\n`);
      }
    }
  }
  return ExitCode.ok;
}
