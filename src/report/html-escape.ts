/** Text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** A table from column names and rows of text cells, every cell escaped. */
export function htmlTable(
  columns: readonly string[],
  rows: readonly (readonly string[])[],
  className = "",
): string {
  const head = columns.map((column) => `<th>${escapeHtml(column)}</th>`).join("");
  const body = rows
    .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")}</tr>`)
    .join("\n");
  const classAttribute = className ? ` class="${escapeHtml(className)}"` : "";
  return `<table${classAttribute}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}
