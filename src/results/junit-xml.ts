/** A test case as JUnit reports it: passed, failed (with the measured and allowed value) or skipped. */
export interface JunitCase {
  readonly name: string;
  readonly classname: string;
  readonly failure?: { readonly message: string; readonly measured: string; readonly allowed: string };
  readonly skipped?: string;
}

export interface JunitSuite {
  readonly name: string;
  readonly cases: readonly JunitCase[];
}

/** XML 1.0 text: the five escapes, and control characters XML cannot carry dropped. */
export function escapeXml(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what XML 1.0 forbids
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
      .replaceAll("&", "&amp;")
      .replaceAll("<", "&lt;")
      .replaceAll(">", "&gt;")
      .replaceAll('"', "&quot;")
      .replaceAll("'", "&apos;")
  );
}

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([key, value]) => ` ${key}="${escapeXml(String(value))}"`)
    .join("");
}

function counts(cases: readonly JunitCase[]) {
  return {
    tests: cases.length,
    failures: cases.filter((testCase) => testCase.failure).length,
    errors: 0,
    skipped: cases.filter((testCase) => testCase.skipped !== undefined && !testCase.failure).length,
  };
}

function renderCase(testCase: JunitCase): string {
  const open = `    <testcase${attributes({ name: testCase.name, classname: testCase.classname, time: 0 })}`;
  if (testCase.failure) {
    const { message, measured, allowed } = testCase.failure;
    const body = escapeXml(`${message}\nmeasured: ${measured}\nallowed: ${allowed}`);
    return `${open}>\n      <failure${attributes({ message, type: "portlab" })}>${body}</failure>\n    </testcase>`;
  }
  if (testCase.skipped !== undefined)
    return `${open}>\n      <skipped${attributes({ message: testCase.skipped })}/>\n    </testcase>`;
  return `${open}/>`;
}

/**
 * The JUnit XML shape CI systems read (Jenkins, GitLab, GitHub test reporters): testsuites › testsuite ›
 * testcase, each failure with a message attribute and the measured and allowed values in its text.
 */
export function renderJunit(name: string, suites: readonly JunitSuite[], timestamp = new Date()): string {
  const all = suites.flatMap((suite) => suite.cases);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name, ...counts(all), time: 0 })}>`,
  ];
  for (const suite of suites) {
    const header = attributes({
      name: suite.name,
      ...counts(suite.cases),
      time: 0,
      timestamp: timestamp.toISOString().replace(/\.\d{3}Z$/, ""),
    });
    lines.push(`  <testsuite${header}>`, ...suite.cases.map(renderCase), "  </testsuite>");
  }
  lines.push("</testsuites>", "");
  return lines.join("\n");
}
