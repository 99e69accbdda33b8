import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PortlabError } from "../../src/core/errors.js";
import { ABORT_GRACE_MS, guardStage } from "../../src/engine/stage-guard.js";

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

  it("after an abort, waits for a stage that settles within the grace, then gives up on one that does not", async () => {
    const controller = new AbortController();
    const reason = new Error("SIGTERM");
    controller.abort(reason);
    let finish: (value: string) => void = () => undefined;
    const settling = guardStage(
      "hosts",
      new Promise<string>((resolve) => {
        finish = resolve;
      }),
      controller.signal,
      60_000,
    );
    await vi.advanceTimersByTimeAsync(ABORT_GRACE_MS - 1);
    finish("namespaces made"); // made before teardown runs, so teardown removes them
    await expect(settling).resolves.toBe("namespaces made");

    const hung = guardStage("server", never(), controller.signal, 60_000);
    const outcome = hung.then(
      () => null,
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(ABORT_GRACE_MS);
    expect(await outcome).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
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
      const guarded = guardStage("capture", late, new AbortController().signal, 1_000);
      const outcome = guarded.then(
        () => null,
        (error: unknown) => error,
      );
      await vi.advanceTimersByTimeAsync(1_000);
      expect(await outcome).toMatchObject({ code: "STAGE_TIMEOUT" });
      fail(new Error("tcpdump died"));
      vi.useRealTimers();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off("unhandledRejection", unhandled);
    }
  });
});
