import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { ExitCode } from "../../src/core/errors.js";
import { packageRoot } from "../../src/core/package-root.js";
import { allErrorCodes } from "../../src/engine/error-table.js";
import { profileLibrary } from "../../src/kernel/profile-library.js";
import { metrics } from "../../src/metrics/registry.js";

const read = (path: string) => readFileSync(join(packageRoot, path), "utf8");
const pages = [
  "README.md",
  ...readdirSync(join(packageRoot, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];
const readme = read("README.md");

describe("README and docs/", () => {
  it("keep the README short: what portlab is, the two commands, the output, links", () => {
    expect(readme.split("\n").length).toBeLessThanOrEqual(250);
    for (const heading of ["## The two commands", "## Reading the output", "## Documentation"])
      expect(readme).toContain(heading);
  });

  it("link only to files that exist", () => {
    for (const page of pages)
      for (const [, target] of read(page).matchAll(/\]\(([^)#:]+)(#[^)]*)?\)/g)) {
        if (target === undefined || target.startsWith("http")) continue;
        expect(existsSync(join(packageRoot, dirname(page), target)), `${page} → ${target}`).toBe(true);
      }
  });

  it("show every library profile with its explanation (docs/profiles.md)", () => {
    const profiles = read("docs/profiles.md");
    for (const profile of profileLibrary) expect(profiles).toContain(`| \`${profile.name}\` |`);
    for (const profile of profileLibrary) expect(profiles).toContain(profile.explanation);
  });

  it("document every exit code and exactly the declared error codes (docs/errors.md)", () => {
    const errors = read("docs/errors.md");
    for (const code of Object.values(ExitCode)) expect(errors).toMatch(new RegExp(`^\\| ${code} \\| `, "m"));
    const section = errors.slice(errors.indexOf("## Error codes"));
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

  it("list every metric `portlab compare` judges (docs/commands.md)", () => {
    const commands = read("docs/commands.md");
    for (const metric of metrics) expect(commands).toContain(`| \`${metric.name}\` |`);
  });

  it("name only shipped scenarios", () => {
    for (const page of pages)
      for (const file of read(page).matchAll(/scenarios\/([a-z-]+\.yaml)/g))
        expect(existsSync(join(packageRoot, "scenarios", file[1] ?? "")), `${page}: ${file[0]}`).toBe(true);
  });
});
