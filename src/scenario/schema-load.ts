import type { ActiveLimits } from "./limits.js";
import { documented, durationMs, positiveCount, strictMapping } from "./schema-fields.js";

/** The offered load; rate and concurrency are exclusive, and ramps belong to rate. */
export function loadSection(limits: ActiveLimits) {
  const rate = (example: number) =>
    positiveCount(
      { unit: "requests per second", example, integer: false, hardMax: 10_000_000, softMax: (l) => l.rate },
      limits,
    );
  return strictMapping(
    {
      rate: documented(rate(2000), "New requests per second (open loop, the default mode).", 2000),
      concurrency: documented(
        positiveCount(
          {
            unit: "concurrent requests",
            example: 64,
            integer: true,
            hardMax: 1_000_000,
            softMax: (l) => l.concurrency,
          },
          limits,
        ),
        "Requests in flight (closed loop) instead of rate; give one of rate and concurrency.",
      ),
      rampFrom: documented(rate(100), "Start rate of a linear ramp to rate over ramp."),
      ramp: documented(
        durationMs({ example: "2s", minMs: 1, hardMaxMs: 24 * 3_600_000 }, limits),
        "How long the ramp from rampFrom to rate lasts.",
      ),
      duration: documented(
        durationMs(
          { example: "10s", minMs: 1000, hardMaxMs: 7 * 24 * 3_600_000, softMaxMs: (l) => l.durationMs },
          limits,
        ),
        'How long the load runs: "10s", "1500ms", "2m" or a number of seconds (at most 10m unless unbounded).',
        "10s",
      ),
      maxRequests: documented(
        positiveCount(
          {
            unit: "requests",
            example: 200000,
            integer: true,
            hardMax: Number.MAX_SAFE_INTEGER,
            softMax: (l) => l.maxRequests,
          },
          limits,
        ),
        "Stop after this many requests. Default: peak rate × duration × 1.1 (open loop) or the 10,000,000 limit (closed loop).",
      ),
      timeout: documented(
        durationMs(
          { example: "2s", minMs: 1, hardMaxMs: 3_600_000, softMaxMs: (l) => l.requestTimeoutMs },
          limits,
        ),
        "Per-request timeout.",
        "2s",
      ),
      maxInFlight: documented(
        positiveCount(
          {
            unit: "requests in flight",
            example: 5000,
            integer: true,
            hardMax: 10_000_000,
            softMax: (l) => l.maxInFlight,
          },
          limits,
        ),
        "Open loop: past this many requests in flight, scheduled requests are counted as dropped.",
        5000,
      ),
    },
    "{ rate: 2000, duration: 10s }",
  ).superRefine(
    (load, ctx) => {
      if (typeof load !== "object" || load === null) return;
      const given = (key: keyof typeof load) => load[key] !== undefined;
      if (given("rate") && given("concurrency")) {
        ctx.addIssue({
          code: "custom",
          path: ["concurrency"],
          message: "give either rate (open loop) or concurrency (closed loop), not both",
        });
      }
      if (given("concurrency")) {
        for (const key of ["rampFrom", "ramp", "maxInFlight"] as const) {
          if (given(key))
            ctx.addIssue({
              code: "custom",
              path: [key],
              message: "applies to open loop (rate) only; remove it, or use rate instead of concurrency",
            });
        }
      } else {
        if (given("rampFrom") && !given("ramp"))
          ctx.addIssue({
            code: "custom",
            path: ["ramp"],
            message: 'is required with rampFrom: how long the ramp to rate lasts, e.g. "2s"',
          });
        if (given("ramp") && !given("rampFrom"))
          ctx.addIssue({
            code: "custom",
            path: ["rampFrom"],
            message: "is required with ramp: the rate the ramp starts from, e.g. 100",
          });
      }
      if (typeof load.ramp === "number" && typeof load.duration === "number" && load.ramp > load.duration) {
        ctx.addIssue({ code: "custom", path: ["ramp"], message: "must not be longer than load.duration" });
      }
    },
    { when: () => true },
  );
}
