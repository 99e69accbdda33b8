import { describe, expect, it } from "vitest";
import { getProfile } from "../../src/kernel/profile-library.js";
import { notesClaims } from "../../tools/docs/notes-claims.js";

describe("notes claims", () => {
  it("names only profiles the library ships", () => {
    for (const claim of notesClaims) {
      for (const name of claim.profiles) expect(getProfile(name), `${claim.id}: ${name}`).toBeDefined();
    }
  });

  it("has unique ids and one-line texts", () => {
    expect(new Set(notesClaims.map((c) => c.id)).size).toBe(notesClaims.length);
    for (const claim of notesClaims) {
      expect(claim.truth.length, claim.id).toBeLessThanOrEqual(120);
      expect(claim.truth, claim.id).not.toMatch(/\n/);
    }
  });

  it("records the verdicts the kernel source supports", () => {
    const verdict = (id: string) => notesClaims.find((c) => c.id === id)?.verdict;
    expect(verdict("fin-timeout")).toBe("false");
    expect(verdict("tw-recycle")).toBe("obsolete");
    expect(verdict("ip-forward-timestamps")).toBe("false");
    expect(verdict("timestamps-needed")).toBe("true");
  });
});
