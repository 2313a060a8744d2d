import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ImageServer } from "../support/image-server.js";
import { makePoster } from "../support/posters.js";
import { getJson, postJob, type RunningApp, startApp, waitForJob } from "../support/start-app.js";

describe("job creation, cache lookup and processing over HTTP", () => {
  let images: ImageServer;
  let app: RunningApp;

  beforeAll(async () => {
    images = await new ImageServer().start();
    app = await startApp();
  });
  afterAll(async () => {
    await app.stop();
    await images.stop();
  });

  it("processes a new poster, then answers the same bytes under another URL from the cache", async () => {
    const poster = await makePoster(1);
    const first = await postJob(app.url, {
      platform: "streamflix",
      posterUrl: images.set("/a/poster.jpg", { body: poster }),
      pageUrl: "https://catalog.example/title/1",
      metadata: { title: "The First" },
    });
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ jobId: expect.any(String), status: "PENDING", cached: false });

    const done = await waitForJob(app.url, first.body.jobId, ["COMPLETED", "FAILED"]);
    expect(done.status).toBe("COMPLETED");
    expect(done.result.isCompliant).toBe(true);
    expect(done.result.detectors.map((d: { id: string }) => d.id)).toEqual(["metrics"]);
    expect(done.completedAt).toEqual(expect.any(String));
    expect(done.processingDurationMs).toBeGreaterThanOrEqual(0);
    expect(done.storage.key).toBe(`posters/streamflix/${done.posterHash.slice(0, 2)}/${done.posterHash}.jpg`);
    expect(await app.services.objects.exists(done.storage.key)).toBe(true);

    const again = await postJob(app.url, {
      platform: "otherflix",
      posterUrl: images.set("/b/same-bytes.jpg", { body: poster }),
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({
      jobId: first.body.jobId,
      status: "COMPLETED",
      cached: true,
      result: done.result,
    });

    const jobs = await app.services.jobs.listJobs({ posterHash: done.posterHash, limit: 10 });
    expect(jobs.items).toHaveLength(1);
    expect(jobs.items[0]?.attempts).toBe(1);

    const poster_ = await getJson(`${app.url}/posters/${done.posterHash}`);
    expect(poster_.status).toBe(200);
    expect(poster_.body.result).toEqual(done.result);
    expect(poster_.body.sightings.map((s: { platform: string }) => s.platform).sort()).toEqual([
      "otherflix",
      "streamflix",
    ]);
    expect(poster_.body.observations[0]).toMatchObject({
      detector: "metrics",
      data: { width: 1000, height: 1500 },
    });

    const image = await fetch(`${app.url}/posters/${done.posterHash}/image`);
    expect(image.headers.get("content-type")).toBe("image/jpeg");
    expect(Buffer.from(await image.arrayBuffer()).equals(poster)).toBe(true);
  });

  it("raises technical violations with evidence", async () => {
    const small = await makePoster(2, 300, 300);
    const { body } = await postJob(app.url, {
      platform: "streamflix",
      posterUrl: images.set("/small.jpg", { body: small }),
    });
    const done = await waitForJob(app.url, body.jobId, ["COMPLETED"]);
    expect(done.result.isCompliant).toBe(false);
    const codes = done.result.violations.map((v: { code: string }) => v.code).sort();
    expect(codes).toEqual(["ASPECT_RATIO", "LOW_RESOLUTION"]);
    const lowRes = done.result.violations.find((v: { code: string }) => v.code === "LOW_RESOLUTION");
    expect(lowRes).toMatchObject({
      severity: "HIGH",
      detector: "metrics",
      evidence: { measured: { width: 300 } },
    });
  });

  it("creates exactly one job for 50 concurrent requests for one new image, processed once", async () => {
    const url = images.set("/concurrent.jpg", { body: await makePoster(3) });
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => postJob(app.url, { platform: "streamflix", posterUrl: url })),
    );
    const jobIds = new Set(answers.map((a) => a.body.jobId));
    expect(jobIds.size).toBe(1);
    expect(answers.filter((a) => a.status === 202)).toHaveLength(1);
    expect(answers.every((a) => a.status === 202 || a.status === 200)).toBe(true);
    const [jobId] = [...jobIds];
    const done = await waitForJob(app.url, String(jobId), ["COMPLETED"]);
    expect(done.attempts).toBe(1);
    const jobs = await app.services.jobs.listJobs({ posterHash: done.posterHash, limit: 10 });
    expect(jobs.items).toHaveLength(1);
  });

  it("returns the first answer for a repeated requestId and refuses it for another poster", async () => {
    const url = images.set("/idempotent.jpg", { body: await makePoster(4) });
    const first = await postJob(app.url, {
      platform: "streamflix",
      posterUrl: url,
      requestId: "crawl-42:item-7",
    });
    await waitForJob(app.url, first.body.jobId, ["COMPLETED"]);
    const repeat = await postJob(app.url, {
      platform: "streamflix",
      posterUrl: url,
      requestId: "crawl-42:item-7",
    });
    expect(repeat).toEqual(first);
    const other = images.set("/idempotent-other.jpg", { body: await makePoster(5) });
    const conflict = await postJob(app.url, {
      platform: "streamflix",
      posterUrl: other,
      requestId: "crawl-42:item-7",
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe("IDEMPOTENCY_CONFLICT");
  });

  it("downloads no image bytes again when the server answers a conditional request with 304", async () => {
    const body = await makePoster(6);
    const url = images.set("/etag.jpg", { body, validators: true });
    const first = await postJob(app.url, { platform: "streamflix", posterUrl: url });
    await waitForJob(app.url, first.body.jobId, ["COMPLETED"]);
    const sentBefore = images.bytesSent;
    const again = await postJob(app.url, { platform: "streamflix", posterUrl: url });
    expect(again.status).toBe(200);
    expect(again.body.cached).toBe(true);
    expect(images.bytesSent).toBe(sentBefore);
    expect(images.hits.get("/etag.jpg")).toBe(2);
  });

  it("lists jobs newest first with filters and an opaque cursor", async () => {
    const page1 = await getJson(`${app.url}/jobs?limit=2&status=COMPLETED`);
    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await getJson(`${app.url}/jobs?limit=2&status=COMPLETED&cursor=${page1.body.nextCursor}`);
    const ids = [...page1.body.items, ...page2.body.items].map((j: { jobId: string }) => j.jobId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort().reverse()).toEqual(ids);
    const byPlatform = await getJson(`${app.url}/jobs?platform=nobody`);
    expect(byPlatform.body.items).toEqual([]);
    const badCursor = await getJson(`${app.url}/jobs?cursor=nonsense`);
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.code).toBe("INVALID_CURSOR");
  });

  it("serves health, Prometheus metrics and the OpenAPI document", async () => {
    expect((await getJson(`${app.url}/healthz`)).body.status).toBe("ok");
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(/posterguard_job_requests_total\{outcome="created"\} \d+/);
    expect(metrics).toMatch(/posterguard_job_requests_total\{outcome="cached"\} \d+/);
    expect(metrics).toMatch(/posterguard_jobs_processed_total\{outcome="completed"\} \d+/);
    expect(metrics).toContain("posterguard_processing_duration_seconds_bucket");
    expect(metrics).toMatch(/posterguard_queue_depth\{state="visible"\} 0/);
    expect(metrics).toMatch(/posterguard_dlq_depth 0/);
    const openapi = await getJson(`${app.url}/docs/json`);
    expect(openapi.body.openapi).toMatch(/^3\./);
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining([
        "/jobs",
        "/jobs/{jobId}",
        "/posters/{posterHash}",
        "/posters/{posterHash}/image",
      ]),
    );
  });
});

describe("a poster in flight, and a failed poster", () => {
  let images: ImageServer;
  let app: RunningApp;

  beforeAll(async () => {
    images = await new ImageServer().start();
    app = await startApp({ workers: false, env: { MAX_RECEIVE_COUNT: "1" } });
  });
  afterAll(async () => {
    await app.stop();
    await images.stop();
  });

  it("answers a poster in flight with its current status, and makes a new job for a FAILED one", async () => {
    const url = images.set("/inflight.jpg", { body: await makePoster(7) });
    const first = await postJob(app.url, { platform: "streamflix", posterUrl: url });
    expect(first.status).toBe(202);
    const inFlight = await postJob(app.url, { platform: "streamflix", posterUrl: url });
    expect(inFlight).toEqual({
      status: 200,
      body: { jobId: first.body.jobId, status: "PENDING", cached: false },
    });

    const job = await app.services.jobs.getJob(first.body.jobId);
    await app.services.objects.delete(String(job?.storage.key));
    app.startWorkers();
    const failed = await waitForJob(app.url, first.body.jobId, ["FAILED"]);
    expect(failed.error.message).toMatch(/missing/);

    const retry = await postJob(app.url, { platform: "streamflix", posterUrl: url });
    expect(retry.status).toBe(202);
    expect(retry.body.jobId).not.toBe(first.body.jobId);
    const done = await waitForJob(app.url, retry.body.jobId, ["COMPLETED"]);
    expect(done.result.isCompliant).toBe(true);
  });
});
