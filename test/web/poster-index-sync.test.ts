import { createHash } from "node:crypto";
import { rmSync } from "node:fs";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { compose, type Services } from "../../src/compose.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/observability/logger.js";
import type { WorkerPool } from "../../src/services/worker-pool.js";
import { createAwsResources, startAwsEmulators } from "../aws/aws-environment.js";
import { ImageServer } from "../support/image-server.js";
import { makePoster } from "../support/posters.js";
import { makeDataDir, testEnv } from "../support/start-app.js";

function composeIn(dataDir: string, env: Record<string, string> = {}): Services {
  const config = loadConfig(
    { ...testEnv(dataDir, env), POSTERGUARD_CONFIG: "/nonexistent", CRAWL_SCHEDULE: "off" },
    { PORT: "0" },
  );
  return compose(config, createLogger("silent"));
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("a dashboard beside other processes on one DynamoDB table (BACKEND=aws)", () => {
  let emulators: Awaited<ReturnType<typeof startAwsEmulators>>;
  let images: ImageServer;
  const dataDirs: string[] = [];
  let api: Services;
  let worker: Services;
  let pool: WorkerPool | undefined;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    emulators = await startAwsEmulators();
    images = await new ImageServer().start();
    // The AWS SDK takes endpoints and credentials from the process environment.
    Object.assign(process.env, emulators.env);
    const env = { ...emulators.env, WORKER_CONCURRENCY: "1" };
    await createAwsResources({ ...testEnv("/nonexistent"), ...env });
    // Two processes: each has its own DATA_DIR, so its own dashboard database and poster index.
    dataDirs.push(makeDataDir(), makeDataDir());
    api = composeIn(dataDirs[0] as string, env);
    worker = composeIn(dataDirs[1] as string, env);
  });
  afterAll(async () => {
    await pool?.stop(5000);
    await api?.close();
    await worker?.close();
    await images.stop();
    await emulators.stop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    for (const key of Object.keys(emulators.env)) {
      if (savedEnv[key] === undefined) delete process.env[key];
      else process.env[key] = savedEnv[key];
    }
  });

  it("shows a poster another process completed, then a review it recorded, once synced", async () => {
    const poster = await makePoster(301);
    const created = await api.createJob.createJob({
      platform: "streamflix",
      posterUrl: images.set("/sync/a.jpg", { body: poster }),
      metadata: { title: "Harbour Lights" },
    });
    expect(created.statusCode).toBe(202);
    const job = await api.jobs.getJob(created.body.jobId);
    const posterHash = String(job?.posterHash);
    expect(await api.posterIndex.get(posterHash)).toMatchObject({ jobStatus: "PENDING", status: "pending" });

    pool = worker.createWorkerPool(1);
    pool.start();
    const done = await until("the worker process completes the job", async () => {
      const current = await worker.jobs.getJob(created.body.jobId);
      return current?.status === "COMPLETED" ? current : undefined;
    });

    // The API process never heard of it: its index still says pending.
    expect(await api.posterIndex.get(posterHash)).toMatchObject({ jobStatus: "PENDING", status: "pending" });

    const synced = await until("the API process's index shows the verdict", async () => {
      await api.indexer.syncChanges();
      const entry = await api.posterIndex.get(posterHash);
      return entry?.jobStatus === "COMPLETED" ? entry : undefined;
    });
    expect(synced).toMatchObject({
      posterHash,
      title: "Harbour Lights",
      status: "compliant",
      latestJobId: created.body.jobId,
      checkedAt: done.result?.checkedAt,
      platforms: ["streamflix"],
    });
    expect(await api.posterIndex.count({ status: "compliant" })).toBe(1);
    expect(await api.posterIndex.count({ status: "pending" })).toBe(0);
    // Caught up: the next sync has nothing to refresh.
    expect(await api.indexer.syncChanges()).toEqual({ posters: 0, more: false });

    // A reviewer confirms the verdict in the other process, which announces the change.
    await worker.reviews.decide({
      posterHash,
      scope: "poster",
      action: "confirm",
      note: "",
      reviewer: { name: "rita", role: "reviewer" },
    });
    await worker.indexer.refreshSafely(posterHash, { announce: true });
    expect(await api.posterIndex.get(posterHash)).toMatchObject({ reviewState: "unreviewed" });
    const reviewed = await until("the API process's index shows the review", async () => {
      await api.indexer.syncChanges();
      const entry = await api.posterIndex.get(posterHash);
      return entry?.reviewState === "confirmed" ? entry : undefined;
    });
    expect(reviewed).toMatchObject({ reviewedBy: "rita", status: "compliant", jobStatus: "COMPLETED" });
  });
});

describe("syncChanges on the embedded store", () => {
  let dataDir: string;
  let services: Services;
  const poster = (n: number) => makePoster(400 + n);
  let images: ImageServer;

  beforeEach(async () => {
    dataDir = makeDataDir();
    services = composeIn(dataDir, { WORKER_CONCURRENCY: "0" });
    images = await new ImageServer().start();
  });
  afterEach(async () => {
    await services.close();
    await images.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function createPoster(n: number) {
    const created = await services.createJob.createJob({
      platform: "streamflix",
      posterUrl: images.set(`/embedded/${n}.jpg`, { body: await poster(n) }),
    });
    const job = await services.jobs.getJob(created.body.jobId);
    return { jobId: created.body.jobId, posterHash: String(job?.posterHash) };
  }

  it("follows a job written behind the indexer's back, and refreshes nothing when caught up", async () => {
    const { jobId, posterHash } = await createPoster(1);
    await services.indexer.syncChanges();
    // Another process (a `posterguard worker`, say) fails the job in the shared database.
    expect(
      await services.jobs.failJob(jobId, null, { code: "X", message: "boom" }, new Date().toISOString()),
    ).toBe(true);
    expect(await services.posterIndex.get(posterHash)).toMatchObject({ status: "pending" });
    expect(await services.indexer.syncChanges()).toEqual({ posters: 1, more: false });
    expect(await services.posterIndex.get(posterHash)).toMatchObject({
      status: "failed",
      jobStatus: "FAILED",
    });
    expect(await services.indexer.syncChanges()).toEqual({ posters: 0, more: false });
  });

  it("catches up a long backlog a page of 200 changes at a time", async () => {
    const hashes = Array.from({ length: 201 }, (_, i) => createHash("sha256").update(`p${i}`).digest("hex"));
    for (const [i, posterHash] of hashes.entries()) {
      await services.jobs.createIfAbsent({
        jobId: `01J${String(i).padStart(23, "0")}`,
        posterHash,
        policyVersion: "v1",
        verdictKey: "v1",
        platform: "streamflix",
        artworkType: "poster",
        posterUrl: `https://img.example/${i}.jpg`,
        metadata: {},
        storage: { bucket: "posters", key: `posters/streamflix/${posterHash.slice(0, 2)}/${posterHash}.jpg` },
        createdAt: new Date().toISOString(),
      });
    }
    expect(await services.indexer.syncChanges({ maxPages: 1 })).toEqual({ posters: 200, more: true });
    expect(await services.posterIndex.size()).toBe(200);
    expect(await services.indexer.syncChanges({ maxPages: 1 })).toEqual({ posters: 1, more: false });
    expect(await services.posterIndex.count({ status: "pending" })).toBe(201);
  });

  it("is not followed by a replay of everything after a rebuild", async () => {
    await createPoster(1);
    await createPoster(2);
    expect(await services.indexer.rebuild()).toMatchObject({ posters: 2 });
    expect(await services.indexer.syncChanges()).toEqual({ posters: 0, more: false });
  });

  it("rebuilds the index when its watermark is not one this job store gave out", async () => {
    const { posterHash } = await createPoster(1);
    await services.posterIndex.setChangeWatermark("2026-01-01T00:00:00.000Z#01J0000");
    expect(await services.indexer.syncChanges()).toEqual({ posters: 1, more: false });
    expect(await services.posterIndex.get(posterHash)).toMatchObject({ status: "pending" });
    expect(await services.indexer.syncChanges()).toEqual({ posters: 0, more: false });
  });
});
