import { defineConfig } from "vitest/config";

// Privileged tests drive real namespaces, nginx and load: one file at a time so timings are not
// skewed by a neighbour on this 2-core machine.
export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"], testTimeout: 20_000 } },
      {
        test: {
          name: "privileged",
          include: ["test/privileged/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
