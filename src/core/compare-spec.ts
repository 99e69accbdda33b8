/** A metric `portlab compare` judges, by its name in src/metrics/registry.ts. */
export type CompareMetricName = string;

/**
 * How far a metric may move the wrong way before it is a regression: a share of the baseline, an amount in the
 * metric's unit, or off (shown, never judged: for what depends on the machine more than on the change).
 */
export type Tolerance =
  | { readonly kind: "relative"; readonly fraction: number }
  | { readonly kind: "absolute"; readonly amount: number }
  | { readonly kind: "off" };

/** A scenario's `compare:` section: a tolerance for every metric, and per-metric ones that win over it. */
export interface CompareSpec {
  readonly tolerance: Tolerance | null;
  readonly metrics: Readonly<Partial<Record<CompareMetricName, Tolerance>>>;
}

export const percentPattern = "^[0-9]+(\\.[0-9]+)?%$";

/** "10%" → 10% of the baseline value (up to 1000%); null for anything else. */
export function parsePercent(text: string): Tolerance | null {
  const match = new RegExp(percentPattern).exec(text.trim());
  if (!match) return null;
  const percent = Number.parseFloat(text);
  return Number.isFinite(percent) && percent <= 1000 ? { kind: "relative", fraction: percent / 100 } : null;
}
