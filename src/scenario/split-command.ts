/**
 * `--client-command 'java -jar loadtest.jar'` → argv, split the way a POSIX shell splits words: blanks separate
 * words; 'single quotes' keep everything literally; "double quotes" keep everything but a backslash before
 * $ ` " \ or a newline; outside quotes a backslash keeps the next character (a backslash-newline joins lines).
 * Nothing is expanded and no shell ever runs, so what a shell would do beyond splitting (variables, command
 * substitution, pipes, redirections, ~) is refused instead of being passed on as literal text.
 */
export type SplitResult =
  | { readonly ok: true; readonly argv: readonly string[] }
  | { readonly ok: false; readonly message: string };

/** Characters a shell would treat as operators or expansions when they are not quoted. */
const SHELL_SYNTAX = new Set(["$", "`", "|", ";", "&", "<", ">", "(", ")"]);
const BLANKS = new Set([" ", "\t", "\n"]);
/** `NAME=value` before the program: a shell's environment assignment. */
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const DOUBLE_QUOTE_ESCAPES = new Set(["$", "`", '"', "\\", "\n"]);

function refuse(message: string): SplitResult {
  return { ok: false, message };
}

function shellSyntaxMessage(character: string, position: number): string {
  return `has ${JSON.stringify(character)} at character ${position + 1}: portlab runs the program without a shell, so variables, pipes and redirections do not work; quote it if you mean it literally, or put the commands in a script file and run that`;
}

export function splitCommandLine(text: string): SplitResult {
  const argv: string[] = [];
  let word = "";
  let inWord = false;
  let index = 0;
  while (index < text.length) {
    const character = text[index] as string;
    if (BLANKS.has(character)) {
      if (inWord) argv.push(word);
      word = "";
      inWord = false;
      index += 1;
      continue;
    }
    if (character === "'") {
      const end = text.indexOf("'", index + 1);
      if (end < 0) return refuse(`has an unbalanced ' (opened at character ${index + 1})`);
      word += text.slice(index + 1, end);
      inWord = true;
      index = end + 1;
      continue;
    }
    if (character === '"') {
      const closed = readDoubleQuoted(text, index);
      if (!closed.ok) return refuse(closed.message);
      word += closed.text;
      inWord = true;
      index = closed.next;
      continue;
    }
    if (character === "\\") {
      const next = text[index + 1];
      if (next === undefined) return refuse("ends with a lone backslash");
      if (next !== "\n") {
        word += next;
        inWord = true;
      }
      index += 2;
      continue;
    }
    if (SHELL_SYNTAX.has(character)) return refuse(shellSyntaxMessage(character, index));
    if (character === "~" && !inWord)
      return refuse(
        `starts a word with ~ at character ${index + 1}: no shell expands it; give the full path`,
      );
    if (character === "#" && !inWord)
      return refuse(
        `starts a word with # at character ${index + 1}: a shell would read the rest as a comment`,
      );
    word += character;
    inWord = true;
    index += 1;
  }
  if (inWord) argv.push(word);
  if (argv.length === 0) return refuse("names no program");
  if (ASSIGNMENT.test(argv[0] as string))
    return refuse(
      `starts with ${JSON.stringify(argv[0])}: a shell would set that environment variable; give it in the client's env instead`,
    );
  return { ok: true, argv };
}

function readDoubleQuoted(
  text: string,
  open: number,
): { ok: true; text: string; next: number } | { ok: false; message: string } {
  let value = "";
  let index = open + 1;
  while (index < text.length) {
    const character = text[index] as string;
    if (character === '"') return { ok: true, text: value, next: index + 1 };
    if (character === "\\" && DOUBLE_QUOTE_ESCAPES.has(text[index + 1] ?? "")) {
      const next = text[index + 1] as string;
      if (next !== "\n") value += next;
      index += 2;
      continue;
    }
    if (character === "$" || character === "`")
      return { ok: false, message: shellSyntaxMessage(character, index) };
    value += character;
    index += 1;
  }
  return { ok: false, message: `has an unbalanced " (opened at character ${open + 1})` };
}
