import type { Reporter, TestCase, TestModule } from "vitest/node";

/**
 * Ends the run with one plain line that any CI log reader understands, naming the Node that ran it:
 * `node v24.22.3: N passed, N failed` (and `, N skipped` when some were), then one `  failed: file > test: why`
 * line per failure, so the end of a long log says which test it was.
 */
export default class SummaryLineReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const failures: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") counts.passed++;
        else if (state === "failed") {
          counts.failed++;
          failures.push(failureLine(module.moduleId, test));
        } else counts.skipped++;
      }
      if (module.state() === "failed" && [...module.children.allTests()].length === 0) {
        counts.failed++;
        failures.push(`  failed: ${relative(module.moduleId)}: ${firstLine(module.errors()[0]?.message)}`);
      }
    }
    const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : "";
    process.stdout.write(
      `\nnode ${process.version}: ${counts.passed} passed, ${counts.failed} failed${skipped}\n${failures.map((line) => `${line}\n`).join("")}`,
    );
  }
}

function failureLine(moduleId: string, test: TestCase): string {
  const result = test.result();
  const error = result.state === "failed" ? result.errors?.[0]?.message : undefined;
  return `  failed: ${relative(moduleId)} > ${test.fullName}: ${firstLine(error)}`;
}

const relative = (moduleId: string): string => moduleId.replace(`${process.cwd()}/`, "");
const firstLine = (message: string | undefined): string =>
  (message ?? "no message").split("\n", 1)[0]?.slice(0, 300) ?? "";
