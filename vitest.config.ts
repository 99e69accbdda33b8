import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

// Unit tests run first, in parallel. Privileged tests drive real namespaces, nginx and load: they run after
// the unit tests (groupOrder) and one file at a time, so timings are not skewed on this 2-core machine.
// Every privileged file that makes a container or an image (also the packed action, which is mostly npm): the
// docker engine's work, which shares no namespace, address or image build with the namespace files.
const DOCKER_FILES = [
  "test/privileged/client-image.test.ts",
  "test/privileged/command-client.test.ts",
  "test/privileged/docker-*.test.ts",
  "test/privileged/github-action.test.ts",
  "test/privileged/own-server.test.ts",
  "test/privileged/packet-capture.test.ts",
  "test/privileged/root-safety.test.ts",
];

export default defineConfig({
  test: {
    // Vitest leaves one core free by default, which on a 2-core machine runs the unit files one by one; they wait
    // on child processes as much as on the CPU, so every core is used (the privileged files stay one at a time).
    maxWorkers: Math.max(2, availableParallelism()),
    reporters: ["default", "./test/support/summary-line-reporter.ts"],
    // The build first (tests spawn dist/), then the host snapshot.
    globalSetup: ["./test/support/build-setup.ts", "./test/support/host-snapshot-setup.ts"],
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          // GitHub's workflow parser imports its JSON schema without an import attribute, which only a bundler
          // accepts: it goes through vite's transform instead of Node's loader.
          server: { deps: { inline: ["@actions/workflow-parser"] } },
          testTimeout: 20_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          // The default scenario under netns: what every supported Node major runs besides the unit tests.
          name: "smoke",
          include: ["test/smoke/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: "privileged",
          include: ["test/privileged/**/*.test.ts"],
          exclude: DOCKER_FILES,
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 2 },
        },
      },
      {
        test: {
          // The files that make containers: one at a time among themselves. `npm test` runs them in a process
          // of their own beside the namespace files (scripts/test.mjs); a plain `vitest run` runs them after.
          name: "docker",
          include: DOCKER_FILES,
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 2 },
        },
      },
      {
        test: {
          name: "host-check",
          include: ["test/host-check/**/*.test.ts"],
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
