import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ExitCode } from "../../src/core/errors.js";
import { allErrorCodes } from "../../src/engine/error-table.js";
import { profileLibrary } from "../../src/kernel/profile-library.js";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

describe("README", () => {
  it("shows every library profile with its explanation", () => {
    for (const profile of profileLibrary) expect(readme).toContain(`| \`${profile.name}\` |`);
    for (const profile of profileLibrary) expect(readme).toContain(profile.explanation);
  });

  it("documents every exit code", () => {
    for (const code of Object.values(ExitCode)) expect(readme).toMatch(new RegExp(`^\\| ${code} \\| `, "m"));
  });

  it("lists exactly the declared error codes, each with its exit code and meaning", () => {
    const section = readme.slice(
      readme.indexOf("### Error codes"),
      readme.indexOf("\n## ", readme.indexOf("### Error codes")),
    );
    const rows = [...section.matchAll(/^\| `([A-Z_]+)` \| (\d+) \| (.+) \|$/gm)].map((row) => ({
      code: row[1],
      exit: Number(row[2]),
      meaning: row[3],
    }));
    const declared = allErrorCodes().map((row) => ({
      code: row.code,
      exit: row.exitCode,
      meaning: row.meaning,
    }));
    expect(rows.map((row) => row.code).sort()).toEqual(declared.map((entry) => entry.code).sort());
    for (const row of rows) expect(row).toEqual(declared.find((entry) => entry.code === row.code));
  });

  it("names every shipped scenario it tells users to run", () => {
    for (const file of readme.matchAll(/scenarios\/([a-z-]+\.yaml)/g)) {
      expect(() => readFileSync(new URL(`../../scenarios/${file[1]}`, import.meta.url))).not.toThrow();
    }
  });
});
