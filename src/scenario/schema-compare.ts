import * as z from "zod";
import { parsePercent, percentPattern, type Tolerance } from "../core/compare-spec.js";
import { metrics } from "../metrics/registry.js";
import { documented, got, strictMapping } from "./schema-fields.js";

const wanted =
  'must be a percentage of the baseline such as "10%", an amount in the metric\'s unit such as 200, or off';

/** "10%" (of the baseline value), a number (an amount in the metric's own unit: ms, ok/s, …) or off. */
function tolerance() {
  return z
    .union(
      [
        z.number(),
        z.literal("off"),
        z.string().regex(new RegExp(percentPattern), { error: (issue) => `${wanted}, ${got(issue.input)}` }),
      ],
      { error: (issue) => `${wanted}, ${got(issue.input)}` },
    )
    .transform((input, ctx): Tolerance => {
      if (input === "off") return { kind: "off" };
      if (typeof input === "string") {
        const parsed = parsePercent(input);
        if (parsed) return parsed;
        ctx.addIssue({ code: "custom", message: `must be at most 1000%, ${got(input)}`, input });
        return z.NEVER;
      }
      if (!Number.isFinite(input) || input < 0) {
        ctx.addIssue({ code: "custom", message: `${wanted} (0 or more), ${got(input)}`, input });
        return z.NEVER;
      }
      return { kind: "absolute", amount: input };
    });
}

/** `compare:`: how far each metric may move the wrong way before `portlab compare` calls it a regression. */
export function compareSection() {
  const perMetric = Object.fromEntries(
    metrics.map((metric) => [
      metric.name,
      documented(tolerance(), `${metric.description}: ${metric.regression}`),
    ]),
  ) as Record<string, ReturnType<typeof documented<ReturnType<typeof tolerance>>>>;
  return strictMapping(
    {
      tolerance: documented(
        tolerance(),
        "Every metric's tolerance unless it has its own (default 10%).",
        "10%",
      ),
      ...perMetric,
    },
    '{ tolerance: "10%", exhaustedAtMs: "5%", errors: 50 }',
  );
}
