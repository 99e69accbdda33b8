import { describe, expect, it } from "vitest";
import { measureAutocannon, measurePooledRate, measureShortRate } from "../../tools/bench/client-rates.js";
import { useLocalHttpServer } from "../support/local-http-server.js";

const local = useLocalHttpServer();

describe("bench client rates (closed loop, max speed, 127.0.0.1)", () => {
  it("measures short, pooled and autocannon rates in the same shape", async () => {
    const short = await measureShortRate({
      host: "127.0.0.1",
      port: local.port(),
      durationMs: 200,
      concurrency: 4,
    });
    const pooled = await measurePooledRate({
      host: "127.0.0.1",
      port: local.port(),
      durationMs: 200,
      connections: 2,
    });
    const cannon = await measureAutocannon({
      host: "127.0.0.1",
      port: local.port(),
      durationMs: 200,
      connections: 2,
    });
    const warmed = await measurePooledRate({
      host: "127.0.0.1",
      port: local.port(),
      durationMs: 200,
      warmupMs: 100,
      connections: 2,
    });
    // A warm-up run is not counted: the measured run alone is 200 ms.
    expect(warmed.durationMs).toBeLessThan(290);
    for (const measurement of [short, pooled, cannon, warmed]) {
      expect(measurement.errors).toBe(0);
      expect(measurement.ok).toBe(measurement.requests);
      expect(measurement.ok).toBeGreaterThan(20);
      expect(measurement.ratePerSec).toBe(Math.round((measurement.ok * 1000) / measurement.durationMs));
    }
  });
});
