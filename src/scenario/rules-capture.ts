import { captureFileBytes, pcapBytes } from "../core/capture-size.js";
import { clientHostCount, type Profile } from "../core/profile.js";
import type { CaptureRole, CaptureSpec, Scenario } from "../core/scenario.js";
import type { ScenarioIssue } from "./issues.js";
import { type ActiveLimits, overLimitMessage } from "./limits.js";
import type { ValidatedInput } from "./schema.js";

/** Capture files one run of `profile` writes: one per selected host (every client host behind a NAT). */
function filesPerRun(profile: Profile, spec: CaptureSpec): number {
  const hosts: Record<CaptureRole, number> = {
    client: clientHostCount(profile),
    server: 1,
    router: profile.topology === "nat" ? 1 : 0,
  };
  return spec.roles.reduce((sum, role) => sum + hosts[role], 0);
}

const megabytes = (bytes: number) => `${Number((bytes / 1_000_000).toFixed(3)).toLocaleString("en-US")} MB`;

/** Each capture file is capped; all of them together are too, so a scenario cannot fill the disk with pcaps. */
export function captureSizeIssues(
  input: ValidatedInput,
  scenario: Scenario,
  limits: ActiveLimits,
): ScenarioIssue[] {
  const spec = scenario.capture;
  if (spec === null || limits.values === null) return [];
  const files =
    scenario.clients.length * scenario.profiles.reduce((sum, profile) => sum + filesPerRun(profile, spec), 0);
  const fileBytes = captureFileBytes(spec);
  const limit = limits.values.captureMegabytes * 1_000_000;
  if (files * fileBytes <= limit) return [];
  // The field named is the cap that binds (tcpdump stops at the smaller), when the scenario sets it.
  const section = input.capture;
  const caps: { readonly packets?: number; readonly megabytes?: number } =
    typeof section === "object" && !Array.isArray(section) ? section : {};
  const binding = spec.bytes <= pcapBytes(spec.packets, spec.snapLength) ? "megabytes" : "packets";
  const value = `${files} capture files (captured hosts × runs) of up to ${megabytes(fileBytes)} = ${megabytes(files * fileBytes)}`;
  return [
    {
      path: caps[binding] === undefined ? ["capture"] : ["capture", binding],
      message: overLimitMessage(
        value,
        `${megabytes(limit)} in all`,
        "lower capture.megabytes or capture.packets, or capture fewer hosts or runs",
        limits,
      ),
    },
  ];
}
