import type { Reporter, TestModule } from "vitest/node";

/**
 * Ends the run with one plain line that any CI log reader understands, naming the Node that ran it:
 * `node v24.22.3: N passed, N failed` (and `, N skipped` when some were).
 */
export default class SummaryLineReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") counts.passed++;
        else if (state === "failed") counts.failed++;
        else counts.skipped++;
      }
      if (module.state() === "failed" && [...module.children.allTests()].length === 0) counts.failed++;
    }
    const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : "";
    process.stdout.write(
      `\nnode ${process.version}: ${counts.passed} passed, ${counts.failed} failed${skipped}\n`,
    );
  }
}
