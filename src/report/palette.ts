/** Colours with a fixed meaning in every run panel, so a reader learns them once. */
export const colors = {
  freePorts: "#2ca02c",
  portsInUse: "#ff7f0e",
  ok: "#1f77b4",
  measured: "#d62728",
  predicted: "#555555",
  requestP50: "#1f77b4",
  requestP99: "#17becf",
  connectP50: "#9467bd",
  connectP99: "#e377c2",
} as const;

/** Per host (TIME_WAIT) and per run (the overlay): distinct, in order. */
const categorical = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
  "#393b79",
  "#ad494a",
];

/** Error codes in shades of red/brown, so errors read as errors beside ok/s in blue. */
const errorShades = ["#d62728", "#8c2d04", "#f16913", "#a50f15", "#fd8d3c", "#67000d"];

export function categoricalColor(index: number): string {
  return categorical[index % categorical.length] ?? "#000000";
}

export function errorColor(index: number): string {
  return errorShades[index % errorShades.length] ?? "#d62728";
}
