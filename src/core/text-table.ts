/** Rows of text cells as lines for a terminal: each column padded to its widest cell, two spaces between. */
export function padColumns(rows: readonly (readonly string[])[]): string[] {
  const widths = columnWidths(rows);
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd(),
  );
}

export function columnWidths(rows: readonly (readonly string[])[]): number[] {
  return (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
}

/** A header row, a dashed rule under it, then the rows: padded lines. */
export function ruledTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const all = [header, ...rows];
  const lines = padColumns(all);
  lines.splice(
    1,
    0,
    columnWidths(all)
      .map((width) => "-".repeat(width))
      .join("  "),
  );
  return lines;
}
