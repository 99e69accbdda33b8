import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { guardStage } from "../../src/engine/stage-guard.js";
import { PortlabError } from "../../src/errors.js";

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

describe("guardStage", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("settles as the stage does, and leaves no timer behind", async () => {
    const signal = new AbortController().signal;
    await expect(guardStage("hosts", Promise.resolve(7), signal, 1_000)).resolves.toBe(7);
    await expect(guardStage("hosts", Promise.reject(new Error("ip failed")), signal, 1_000)).rejects.toThrow(
      "ip failed",
    );
    expect(vi.getTimerCount()).toBe(0);
  });

  it("gives up on a stage that never settles as soon as the run is aborted", async () => {
    const controller = new AbortController();
    const guarded = guardStage("server", never(), controller.signal, 60_000);
    const reason = new Error("SIGTERM");
    controller.abort(reason);
    await expect(guarded).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("does not start waiting when the run is already aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("SIGINT"));
    await expect(guardStage("agents", never(), controller.signal, 60_000)).rejects.toThrow("SIGINT");
  });

  it("fails a stage that outlives its bound with STAGE_TIMEOUT (exit 3), naming the stage", async () => {
    const guarded = guardStage("agents", never(), new AbortController().signal, 60_000);
    const outcome = guarded.then(
      () => null,
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(59_999);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(PortlabError);
    expect(error).toMatchObject({ code: "STAGE_TIMEOUT", exitCode: 3 });
    expect((error as Error).message).toContain("agents stage did not finish within 60 s");
  });

  it("a stage that fails after the guard gave up is not an unhandled rejection", async () => {
    const unhandled = vi.fn();
    process.on("unhandledRejection", unhandled);
    try {
      let fail: (error: Error) => void = () => undefined;
      const late = new Promise<never>((_, reject) => {
        fail = reject;
      });
      const controller = new AbortController();
      const guarded = guardStage("capture", late, controller.signal, 60_000);
      controller.abort(new Error("SIGINT"));
      await expect(guarded).rejects.toThrow("SIGINT");
      fail(new Error("tcpdump died"));
      vi.useRealTimers();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off("unhandledRejection", unhandled);
    }
  });
});
