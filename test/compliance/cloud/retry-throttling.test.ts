import { describe, expect, it } from "vitest";
import {
  backoffDelayMs,
  withThrottlingRetry,
} from "../../../src/compliance/detectors/cloud/retry-throttling.js";

const backoff = { baseDelayMs: 100, maxDelayMs: 1_000 };
const throttled = new Error("slow down");

describe("backoffDelayMs", () => {
  it("doubles its ceiling with each retry up to the cap, and draws below it", () => {
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffDelayMs(retry, backoff, () => 1))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
    expect(backoffDelayMs(3, backoff, () => 0.5)).toBe(200);
    expect(backoffDelayMs(3, backoff, () => 0)).toBe(0);
  });
});

describe("withThrottlingRetry", () => {
  const options = {
    maxAttempts: 3,
    backoff: { baseDelayMs: 1, maxDelayMs: 2 },
    isThrottled: (e: unknown) => e === throttled,
  };

  it("tries again while throttled and returns the first success", async () => {
    const attempts: number[] = [];
    const result = await withThrottlingRetry(async (n) => {
      attempts.push(n);
      if (n < 3) throw throttled;
      return "ok";
    }, options);
    expect(result).toBe("ok");
    expect(attempts).toEqual([1, 2, 3]);
  });

  it("throws the last throttling error after maxAttempts", async () => {
    let calls = 0;
    const failing = withThrottlingRetry(async () => {
      calls++;
      throw throttled;
    }, options);
    await expect(failing).rejects.toBe(throttled);
    expect(calls).toBe(3);
  });

  it("throws any other error at once", async () => {
    let calls = 0;
    const broken = new Error("bad request");
    const failing = withThrottlingRetry(async () => {
      calls++;
      throw broken;
    }, options);
    await expect(failing).rejects.toBe(broken);
    expect(calls).toBe(1);
  });

  it("stops waiting between attempts when the signal aborts", async () => {
    const controller = new AbortController();
    const started = performance.now();
    const failing = withThrottlingRetry(
      async () => {
        throw throttled;
      },
      { ...options, backoff: { baseDelayMs: 60_000, maxDelayMs: 60_000 }, signal: controller.signal },
    );
    setTimeout(() => controller.abort(new Error("shutting down")), 20);
    await expect(failing).rejects.toMatchObject({ name: "AbortError" });
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
