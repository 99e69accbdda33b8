import { describe, expect, it } from "vitest";
import { TeardownStack } from "../../src/core/teardown-stack.js";

describe("TeardownStack", () => {
  it("undoes in reverse order of registration", async () => {
    const order: string[] = [];
    const stack = new TeardownStack();
    stack.push("a", () => void order.push("a"));
    stack.push("b", async () => void order.push("b"));
    stack.push("c", () => void order.push("c"));
    expect(await stack.drain()).toEqual([]);
    expect(order).toEqual(["c", "b", "a"]);
  });

  it("keeps going past a failing step and reports it", async () => {
    const order: string[] = [];
    const stack = new TeardownStack();
    stack.push("first", () => void order.push("first"));
    stack.push("broken", () => {
      throw new Error("boom");
    });
    const failures = await stack.drain();
    expect(order).toEqual(["first"]);
    expect(failures.map((failure) => failure.step)).toEqual(["broken"]);
  });

  it("runs each step once when drained twice at the same time", async () => {
    let runs = 0;
    let finish = () => undefined as void;
    const stack = new TeardownStack();
    stack.push("slow", () => {
      runs += 1;
      return new Promise<void>((resolve) => {
        finish = resolve;
      });
    });
    const first = stack.drain();
    const second = stack.drain(); // while the slow step still runs
    expect(second).toBe(first);
    finish();
    await Promise.all([first, second]);
    expect(runs).toBe(1);
  });

  it("refuses new steps once teardown began", async () => {
    const stack = new TeardownStack();
    void stack.drain();
    expect(() => stack.push("late", () => undefined)).toThrow(/teardown already started/);
  });
});
