import { describe, expect, it } from "vitest";
import { PosterSink } from "../../src/crawler/poster-sink.js";
import { type CrawlCounts, type CrawlError, emptyCrawlCounts } from "../../src/ports/crawl-run-store.js";
import type { CreateJobRequest, CreateJobResponse } from "../../src/services/create-job.js";

function sink(options: {
  dryRun?: boolean;
  maxPosters?: number;
  answer?: (r: CreateJobRequest) => Promise<CreateJobResponse>;
}) {
  const counts: CrawlCounts = emptyCrawlCounts();
  const errors: CrawlError[] = [];
  const requests: CreateJobRequest[] = [];
  let running = 0;
  let peak = 0;
  const posters = new PosterSink({
    platform: "acme",
    artworkType: "box-art",
    runId: "RUN1",
    dryRun: options.dryRun ?? false,
    maxPosters: options.maxPosters ?? 100,
    submitConcurrency: 2,
    counts,
    errors,
    now: () => new Date("2025-01-01T00:00:00Z"),
    // The job creator's contract, answered the three ways it can answer, after a little while.
    submit: async (request) => {
      requests.push(request);
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 10));
      running -= 1;
      if (options.answer) return options.answer(request);
      return { statusCode: 202, body: { jobId: `J-${requests.length}`, status: "PENDING", cached: false } };
    },
  });
  return { posters, counts, errors, requests, peak: () => peak };
}

const found = (n: number, extra: Record<string, unknown> = {}) => ({
  posterUrl: `https://cdn.example/p${n}.jpg`,
  catalogUrl: "https://acme.example/browse",
  metadata: { title: `Title ${n}` },
  source: "tile" as const,
  ...extra,
});

describe("poster hand-off", () => {
  it("submits each poster once with artwork type, title and where it was seen, a few at a time", async () => {
    const { posters, counts, requests, peak } = sink({});
    for (let n = 1; n <= 6; n++) {
      const added = posters.add(found(n));
      if (added.kind === "new") posters.release(added.entry);
    }
    expect(posters.add(found(1)).kind).toBe("known");
    await posters.drain();
    expect(requests).toHaveLength(6);
    expect(peak()).toBe(2);
    expect(requests[0]).toEqual({
      platform: "acme",
      artworkType: "box-art",
      posterUrl: "https://cdn.example/p1.jpg",
      pageUrl: "https://acme.example/browse",
      metadata: {
        title: "Title 1",
        catalogUrl: "https://acme.example/browse",
        foundBy: "tile",
        crawlRunId: "RUN1",
      },
    });
    expect(counts).toMatchObject({ discovered: 6, submitted: 6 });
    expect(posters.records().every((r) => r.outcome === "submitted" && r.jobId)).toBe(true);
  });

  it("counts cached, in-flight and refused posters apart, each refusal with its code", async () => {
    const { posters, counts, errors } = sink({
      answer: async (r) => {
        if (r.posterUrl.endsWith("p1.jpg"))
          return { statusCode: 200, body: { jobId: "A", status: "COMPLETED", cached: true } };
        if (r.posterUrl.endsWith("p2.jpg"))
          return { statusCode: 200, body: { jobId: "B", status: "PROCESSING", cached: false } };
        throw Object.assign(new Error("the poster is an HTML page"), { code: "NOT_AN_IMAGE" });
      },
    });
    for (let n = 1; n <= 3; n++) {
      const added = posters.add(found(n));
      if (added.kind === "new") posters.release(added.entry);
    }
    await posters.drain();
    expect(counts).toMatchObject({ discovered: 3, submitted: 0, cached: 1, inFlight: 1, errors: 1 });
    expect(errors).toEqual([
      {
        kind: "poster",
        url: "https://cdn.example/p3.jpg",
        code: "NOT_AN_IMAGE",
        reason: "the poster is an HTML page",
        at: "2025-01-01T00:00:00.000Z",
      },
    ]);
  });

  it("holds a poster for its detail page, then sends what the page says about the title", async () => {
    const { posters, requests } = sink({});
    const added = posters.add(found(1, { detailUrl: "https://acme.example/t/1" }));
    if (added.kind !== "new") throw new Error("not new");
    posters.holdForDetail(added.entry, "https://acme.example/t/1");
    expect(requests).toHaveLength(0);
    posters.applyDetail("https://acme.example/t/1", {
      title: "The Real Title",
      type: "Movie",
      genre: ["Horror"],
    });
    await posters.drain();
    expect(requests[0]?.pageUrl).toBe("https://acme.example/t/1");
    expect(requests[0]?.metadata).toMatchObject({
      title: "The Real Title",
      type: "Movie",
      genre: ["Horror"],
    });
  });

  it("stops at the poster cap, submits nothing in a dry run, and a cancelled sink drains without handing off", async () => {
    const capped = sink({ maxPosters: 2, dryRun: true });
    expect(capped.posters.add(found(1)).kind).toBe("new");
    expect(capped.posters.add(found(2)).kind).toBe("new");
    expect(capped.posters.add(found(3)).kind).toBe("full");
    for (const r of capped.posters.records()) expect(r.outcome).toBe("not_submitted");

    const cancelled = sink({});
    const added = cancelled.posters.add(found(1, { detailUrl: "https://acme.example/t/1" }));
    if (added.kind !== "new") throw new Error("not new");
    cancelled.posters.holdForDetail(added.entry, "https://acme.example/t/1");
    cancelled.posters.cancel();
    await cancelled.posters.drain();
    expect(cancelled.requests).toEqual([]);
    expect(cancelled.posters.records()[0]?.outcome).toBe("not_submitted");
  });
});
