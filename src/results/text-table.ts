/** Plain-text table: columns padded to their widest cell, a dashed rule under the header, trailing spaces cut. */
export function formatTextTable(columns: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const all = [[...columns], ...rows];
  const widths = columns.map((_, column) => Math.max(...all.map((row) => (row[column] ?? "").length)));
  const lines = all.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((width) => "-".repeat(width)).join("  "));
  return lines;
}
