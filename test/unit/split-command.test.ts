import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitCommandLine } from "../../src/scenario/split-command.js";

const argvOf = (text: string) => {
  const result = splitCommandLine(text);
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return result.argv;
};
const refusalOf = (text: string) => {
  const result = splitCommandLine(text);
  if (result.ok) throw new Error(`accepted as ${JSON.stringify(result.argv)}`);
  return result.message;
};

/** How /bin/sh splits `text` into words (globbing off; only called on text without operators or expansions). */
function shellWords(text: string): string[] | null {
  try {
    const out = execFileSync("sh", ["-c", 'set -f; eval "set -- $1" && printf "%s\\0" "$@"', "sh", text], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    return out === "" ? [] : out.slice(0, -1).split("\0");
  } catch {
    return null;
  }
}

describe("splitCommandLine", () => {
  it("splits on blanks like a shell", () => {
    expect(argvOf("java -jar loadtest.jar")).toEqual(["java", "-jar", "loadtest.jar"]);
    expect(argvOf("  wrk\t-t1   -c16\n")).toEqual(["wrk", "-t1", "-c16"]);
  });

  it("keeps quoted text in one word, quotes removed", () => {
    expect(argvOf("wrk -H 'Connection: close' http://x/")).toEqual([
      "wrk",
      "-H",
      "Connection: close",
      "http://x/",
    ]);
    expect(argvOf(`java "-Dname=a b" -jar x.jar`)).toEqual(["java", "-Dname=a b", "-jar", "x.jar"]);
    expect(argvOf(`a'b'"c"d`)).toEqual(["abcd"]);
    expect(argvOf(`prog '' ""`)).toEqual(["prog", "", ""]);
  });

  it("takes a backslash as a shell does, inside and outside double quotes", () => {
    expect(argvOf(String.raw`prog a\ b c\\d`)).toEqual(["prog", "a b", "c\\d"]);
    expect(argvOf(String.raw`prog "a\"b" "c\d" 'e\f'`)).toEqual(["prog", 'a"b', "c\\d", "e\\f"]);
    expect(argvOf("prog one \\\ntwo")).toEqual(["prog", "one", "two"]);
  });

  it("keeps a literal $ or | inside single quotes", () => {
    expect(argvOf("grep '$HOME|x'")).toEqual(["grep", "$HOME|x"]);
    expect(argvOf(String.raw`echo \$HOME`)).toEqual(["echo", "$HOME"]);
  });

  it("refuses unbalanced quotes and a trailing backslash, saying where", () => {
    expect(refusalOf("java -jar 'loadtest.jar")).toBe("has an unbalanced ' (opened at character 11)");
    expect(refusalOf('curl "http://x/')).toBe('has an unbalanced " (opened at character 6)');
    expect(refusalOf("prog \\")).toBe("ends with a lone backslash");
  });

  it("refuses what only a shell would do, instead of passing it on literally", () => {
    expect(refusalOf("curl $PORTLAB_TARGET_URL")).toMatch(
      /"\$" at character 6: portlab runs the program without a shell/,
    );
    expect(refusalOf('curl "$PORTLAB_TARGET_URL"')).toMatch(/"\$" at character 7/);
    expect(refusalOf("client | tee out")).toMatch(/"\|"/);
    expect(refusalOf("client > out")).toMatch(/">"/);
    expect(refusalOf("a; b")).toMatch(/";"/);
    expect(refusalOf("echo `id`")).toMatch(/"`"/);
    expect(refusalOf("~/bin/client")).toMatch(/no shell expands it/);
    expect(refusalOf("client # comment")).toMatch(/comment/);
    expect(refusalOf("JAVA_OPTS=-Xmx1g java -jar x.jar")).toMatch(/give it in the client's env/);
    expect(refusalOf("   ")).toBe("names no program");
  });

  it("agrees with /bin/sh on every line it accepts, and refuses every line sh cannot parse", () => {
    const alphabet = fc.constantFrom("a", "b", "-", "=", "/", ".", " ", "\t", "'", '"', "\\", "#", "*");
    fc.assert(
      fc.property(fc.array(alphabet, { minLength: 1, maxLength: 14 }), (characters) => {
        const text = `x ${characters.join("")}`;
        const ours = splitCommandLine(text);
        const shell = shellWords(text);
        if (shell === null) expect(ours.ok, `sh refused ${JSON.stringify(text)}`).toBe(false);
        else if (ours.ok) expect(ours.argv, JSON.stringify(text)).toEqual(shell);
        else expect(ours.message, JSON.stringify(text)).toMatch(/comment|lone backslash/);
      }),
      { numRuns: 150 },
    );
  });
});
