import { clientLabel } from "../clients/client-label.js";
import { clientKinds } from "../clients/registry.js";
import type { TopologySpec } from "../core/host.js";
import type { ModelPrediction } from "../core/prediction.js";
import type { Profile } from "../core/profile.js";
import type { Scenario, ScenarioClient } from "../core/scenario.js";
import { clientFields } from "./build-run-summary.js";
import type { RunLabel } from "./events.js";
import { topologySpec } from "./run-stages.js";

/** One (profile × client) run as planned: what hosts it needs and what the model expects of it. */
export interface PlannedRun {
  readonly label: RunLabel;
  readonly profile: Profile;
  readonly client: ScenarioClient;
  readonly topology: TopologySpec;
  /** From the profile's own parameters (a run refines it with the values read back in its hosts); null: none. */
  readonly prediction: ModelPrediction | null;
  /** Why there is no prediction (a command client that says nothing of how it connects). */
  readonly noPredictionReason: string | null;
}

/** Scenario → the runs, in order: every profile with every client. Shared by `run` and `predict`. */
export function planRuns(scenario: Scenario): PlannedRun[] {
  const pairs = scenario.profiles.flatMap((profile) =>
    scenario.clients.map((client) => ({ profile, client })),
  );
  return pairs.map(({ profile, client }, index) => ({
    label: { index, total: pairs.length, profile: profile.name, client: clientLabel(clientFields(client)) },
    profile,
    client,
    topology: topologySpec(scenario, profile, client),
    ...clientKinds.predict({
      sysctls: profile.client.sysctls,
      serverSysctls: profile.server.sysctls,
      profile,
      client,
      load: scenario.load,
    }),
  }));
}
