import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ExitCode } from "../../src/errors.js";
import { profileLibrary } from "../../src/profiles/library.js";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

describe("README", () => {
  it("shows every library profile with its explanation", () => {
    for (const profile of profileLibrary) expect(readme).toContain(`| \`${profile.name}\` |`);
    for (const profile of profileLibrary) expect(readme).toContain(profile.explanation);
  });

  it("documents every exit code", () => {
    for (const code of Object.values(ExitCode)) expect(readme).toMatch(new RegExp(`^\\| ${code} \\| `, "m"));
  });

  it("names every shipped scenario it tells users to run", () => {
    for (const file of readme.matchAll(/scenarios\/([a-z-]+\.yaml)/g)) {
      expect(() => readFileSync(new URL(`../../scenarios/${file[1]}`, import.meta.url))).not.toThrow();
    }
  });
});
