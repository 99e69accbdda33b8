import * as z from "zod";
import { getProfile, profileNames } from "../kernel/profile-library.js";
import { closest, got } from "./schema-fields.js";

/** Names users write: the scenario and inline profile names, and library profile names. */
export const scenarioNamePattern = /^[a-z0-9][a-z0-9-]{0,47}$/;
const nameRule = "1-48 characters of a-z, 0-9 and -, starting with a letter or digit";

export function identifier(example: string, purpose: string) {
  const wanted = `must be ${nameRule} (${purpose}), e.g. ${example}`;
  return z.string({ error: (issue) => `${wanted}, ${got(issue.input)}` }).regex(scenarioNamePattern, {
    error: (issue) => `${wanted}, ${got(issue.input)}`,
  });
}

export function libraryProfileName() {
  return z
    .string({
      error: (issue) =>
        `must be a profile name (${profileNames().join(", ")}) or an inline profile mapping, ${got(issue.input)}`,
    })
    .superRefine((name, ctx) => {
      if (getProfile(name) !== undefined) return;
      const known = profileNames();
      const suggestion = closest(name, known);
      ctx.addIssue({
        code: "custom",
        input: name,
        message: `unknown profile ${JSON.stringify(name)}${suggestion ? ` (did you mean ${JSON.stringify(suggestion)}?)` : ""}; known profiles: ${known.join(", ")}`,
      });
    });
}
