/**
 * Text from a summary (crafted, maybe) placed in Markdown so that GitHub (CommonMark + GFM) shows it as the same
 * characters: no emphasis, link, image, HTML, entity, math, code span or table cell can start or end inside it.
 */

const lineEnd = /\r\n|\r|\n/g;

/** Inline text such as a table cell: Markdown's inline punctuation and `<` backslash-escaped, one line. */
export function markdownText(text: string): string {
  return text.replace(lineEnd, " ").replace(/[\\`*_[\]<>&|~$]/g, "\\$&");
}

/**
 * A list item: the text escaped as inline text, and also where it starts a block inside the item (a heading,
 * another list, indented code).
 */
export function markdownListItem(text: string): string {
  const inline = markdownText(text).trimStart();
  const escaped = /^[#+=-]/.test(inline) ? `\\${inline}` : inline.replace(/^(\d+)([.)])/, "$1\\$2");
  return `- ${escaped}`;
}

/**
 * A code span (outside a table: a `|` would still end the cell): fenced by more backticks than any run in the
 * text, padded with a space where CommonMark would otherwise strip one or merge a backtick with the fence.
 */
export function markdownCodeSpan(text: string): string {
  const line = text.replace(lineEnd, " ");
  if (line === "") return "` `";
  let longest = 0;
  for (const run of line.matchAll(/`+/g)) longest = Math.max(longest, run[0].length);
  const fence = "`".repeat(longest + 1);
  const stripped = line.startsWith(" ") && line.endsWith(" ") && /[^ ]/.test(line);
  const pad = line.startsWith("`") || line.endsWith("`") || stripped ? " " : "";
  return `${fence}${pad}${line}${pad}${fence}`;
}
