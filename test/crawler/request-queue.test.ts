import { describe, expect, it } from "vitest";
import { type QueuedRequest, RequestQueue } from "../../src/crawler/queue/request-queue.js";

class Flaky extends Error {}

function queue(options: Partial<ConstructorParameters<typeof RequestQueue>[0]> = {}) {
  return new RequestQueue<string>({
    concurrency: 2,
    maxAttempts: 3,
    retryDelayMs: 40,
    hostDelayMs: () => 0,
    ...options,
  });
}

describe("request queue", () => {
  it("takes each URL once, fragment and all", () => {
    const q = queue();
    expect(q.add("http://a.test/x#top", "first")).toBe(true);
    expect(q.add("http://a.test/x", "again")).toBe(false);
    expect(q.has("http://a.test/x#other")).toBe(true);
    expect(q.pending).toBe(1);
  });

  it("keeps a single-page app's hash routes apart, and drops plain fragments", () => {
    const q = queue();
    expect(q.add("http://a.test/app/#/movies", "movies")).toBe(true);
    expect(q.add("http://a.test/app/#/series", "series")).toBe(true);
    expect(q.add("http://a.test/app/#!/kids", "kids")).toBe(true);
    expect(q.add("http://a.test/app/#/movies", "again")).toBe(false);
    expect(q.add("http://a.test/app/#main", "fragment")).toBe(true);
    expect(q.has("http://a.test/app/")).toBe(true);
    expect(q.has("http://a.test/app/#/")).toBe(true);
    expect(q.pending).toBe(4);
  });

  it("retries a failing request after a backoff and gives up after the last attempt", async () => {
    const q = queue();
    q.add("http://a.test/flaky", "flaky");
    q.add("http://a.test/broken", "broken");
    q.add("http://a.test/missing", "missing");
    const tries: Record<string, number[]> = {};
    const retries: { url: string; delayMs: number }[] = [];
    const givenUp: { url: string; attempts: number }[] = [];
    await q.run(
      async (request) => {
        const times = tries[request.data] ?? [];
        times.push(Date.now());
        tries[request.data] = times;
        if (request.data === "flaky" && request.attempts === 1) throw new Flaky("500");
        if (request.data === "broken") throw new Flaky("500 again");
        if (request.data === "missing") throw new Error("404");
      },
      {
        isRetryable: (error) => error instanceof Flaky,
        onRetry: (request, _error, delayMs) => retries.push({ url: request.url, delayMs }),
        onGiveUp: (request) => givenUp.push({ url: request.url, attempts: request.attempts }),
      },
    );
    expect(tries.flaky).toHaveLength(2);
    expect(tries.broken).toHaveLength(3);
    expect(tries.missing).toHaveLength(1);
    expect(givenUp).toEqual([
      { url: "http://a.test/missing", attempts: 1 },
      { url: "http://a.test/broken", attempts: 3 },
    ]);
    // Backoff doubles: the first retry waits 20–40 ms, the second 40–80 ms.
    const broken = retries.filter((r) => r.url.endsWith("broken")).map((r) => r.delayMs);
    expect(broken[0]).toBeGreaterThanOrEqual(20);
    expect(broken[0]).toBeLessThanOrEqual(40);
    expect(broken[1]).toBeGreaterThanOrEqual(40);
    const [first, second] = tries.broken ?? [];
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(19);
  });

  it("keeps a minimum gap between requests to one host but not across hosts", async () => {
    // 120 ms between requests to slow.test; the assertions leave room for a busy machine.
    const q = queue({ concurrency: 4, hostDelayMs: (url) => (url.includes("slow.test") ? 120 : 0) });
    for (const path of ["a", "b", "c"]) q.add(`http://slow.test/${path}`, "slow");
    for (const path of ["a", "b", "c"]) q.add(`http://fast.test/${path}`, "fast");
    const started: Record<string, number[]> = { slow: [], fast: [] };
    const t0 = Date.now();
    await q.run(
      async (request: QueuedRequest<string>) => {
        started[request.data]?.push(Date.now() - t0);
      },
      { isRetryable: () => false, onGiveUp: () => {} },
    );
    const slow = started.slow ?? [];
    expect(slow).toHaveLength(3);
    expect((slow[1] ?? 0) - (slow[0] ?? 0)).toBeGreaterThanOrEqual(100);
    expect((slow[2] ?? 0) - (slow[1] ?? 0)).toBeGreaterThanOrEqual(100);
    // The other host's requests did not wait for the slow host's gaps.
    expect(Math.max(...(started.fast ?? []))).toBeLessThan(slow[1] ?? 0);
  });

  it("never runs more than its concurrency at once, and stops taking work when stopped", async () => {
    const q = queue({ concurrency: 2 });
    for (let i = 0; i < 6; i++) q.add(`http://a.test/${i}`, String(i));
    let running = 0;
    let peak = 0;
    const handled: string[] = [];
    await q.run(
      async (request) => {
        running += 1;
        peak = Math.max(peak, running);
        handled.push(request.data);
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (handled.length === 3) q.stop();
        running -= 1;
      },
      { isRetryable: () => false, onGiveUp: () => {} },
    );
    expect(peak).toBe(2);
    expect(handled.length).toBeLessThanOrEqual(4);
    expect(q.add("http://a.test/late", "late")).toBe(false);
  });
});
