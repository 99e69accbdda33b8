const durationPattern = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const msPerUnit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** JSON-schema pattern for the string form, so editors can flag "10 sec" as they type. */
export const durationStringPattern = durationPattern.source;

/** "10s", "1500ms", "2m", "1.5h" or a number of seconds → whole milliseconds; null if not a duration. */
export function parseDurationMs(value: number | string): number | null {
  let ms: number;
  if (typeof value === "number") {
    ms = value * 1000;
  } else {
    const match = durationPattern.exec(value.trim());
    if (!match) return null;
    ms = Number(match[1]) * msPerUnit[match[2] as keyof typeof msPerUnit];
  }
  if (!Number.isFinite(ms)) return null;
  // 1.1s is 1100.0000000000002 in floating point: accept what is whole to a nanosecond.
  const whole = Math.round(ms);
  return Math.abs(ms - whole) < 1e-6 ? whole : null;
}

/** Shortest readable form of a duration in ms: 600000 → "10m", 1500 → "1500ms". */
export function formatDurationMs(ms: number): string {
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000 && ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
