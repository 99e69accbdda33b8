import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/portlab-process.js";

interface LockedPackage {
  readonly version?: string;
  readonly license?: string;
  readonly link?: boolean;
}

const lock = JSON.parse(readFileSync(join(repoRoot, "package-lock.json"), "utf8")) as {
  readonly packages: Readonly<Record<string, LockedPackage>>;
};
const installed = Object.entries(lock.packages).filter(([path, entry]) => path !== "" && !entry.link);

/** GPL, LGPL and AGPL in any version or form (SPDX ids, "GPL-3.0-or-later", "GNU GPL v3", expressions). */
const GPL_FAMILY = /\b(A|L)?GPL\b|\bGNU (Affero |Lesser )?General Public\b|\b(A|L)?GPL-\d/i;

describe("package-lock.json licences", () => {
  it("records a licence for every package, dev ones included", () => {
    const unknown = installed.filter(
      ([, entry]) => typeof entry.license !== "string" || entry.license === "",
    );
    expect(unknown.map(([path]) => path)).toEqual([]);
  });

  it("has no GPL-family licence anywhere, dev dependencies included", () => {
    const copyleft = installed
      .filter(([, entry]) => GPL_FAMILY.test(entry.license ?? ""))
      .map(([path, entry]) => `${path}@${entry.version}: ${entry.license}`);
    expect(copyleft).toEqual([]);
  });

  it("would catch one (the check itself)", () => {
    for (const licence of [
      "GPL-3.0-only",
      "LGPL-2.1-or-later",
      "AGPL-3.0",
      "(MIT OR GPL-2.0)",
      "GNU General Public License v3",
    ])
      expect(GPL_FAMILY.test(licence), licence).toBe(true);
    for (const licence of ["MIT", "Apache-2.0", "MPL-2.0", "ISC", "BSD-3-Clause", "(MIT AND Zlib)", "0BSD"])
      expect(GPL_FAMILY.test(licence), licence).toBe(false);
  });
});
