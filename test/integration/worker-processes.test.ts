import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listeningUrl, runCli, startCli } from "../support/cli-process.js";
import { ImageServer } from "../support/image-server.js";
import { makePoster } from "../support/posters.js";
import {
  makeDataDir,
  postJob,
  type RunningApp,
  startApp,
  testEnv,
  waitForJob,
} from "../support/start-app.js";

describe("failures, the dead-letter queue and worker processes", () => {
  let images: ImageServer;

  beforeAll(async () => {
    images = await new ImageServer().start();
  });
  afterAll(async () => {
    await images.stop();
  });

  it("retries a failing job 3 times, dead-letters it as FAILED, and `dlq redrive` lets it complete", async () => {
    const app: RunningApp = await startApp({ workers: false });
    try {
      const url = images.set("/dlq.jpg", { body: await makePoster(21) });
      const { body } = await postJob(app.url, { platform: "streamflix", posterUrl: url });
      const job = await app.services.jobs.getJob(body.jobId);
      const key = String(job?.storage.key);
      const bytes = await app.services.objects.get(key);
      await app.services.objects.delete(key);
      app.startWorkers();

      const failed = await waitForJob(app.url, body.jobId, ["FAILED"]);
      expect(failed.attempts).toBe(3);
      expect(failed.error).toEqual({ code: "PROCESSING_ERROR", message: expect.stringContaining(key) });
      await expect.poll(() => app.services.queue.deadLetterDepth()).toBe(1);

      const env = testEnv(app.dataDir);
      const listed = await runCli(["dlq", "list", "--format", "json"], env);
      expect(listed.code).toBe(0);
      const letters = JSON.parse(listed.stdout) as { body: { jobId: string }; jobStatus: string }[];
      expect(letters).toMatchObject([{ body: { jobId: body.jobId }, jobStatus: "FAILED" }]);

      await app.services.objects.put(key, bytes as Buffer, "image/jpeg");
      const redriven = await runCli(["dlq", "redrive"], env);
      expect(redriven).toMatchObject({ code: 0, stdout: expect.stringContaining("Redrove 1 message") });
      const done = await waitForJob(app.url, body.jobId, ["COMPLETED"]);
      expect(done.result.isCompliant).toBe(true);
      expect(await app.services.queue.deadLetterDepth()).toBe(0);
    } finally {
      await app.stop();
    }
  });

  it("completes a job once after its worker is killed with SIGKILL mid-job", async () => {
    const app = await startApp({ workers: false });
    const env = testEnv(app.dataDir, {
      LOG_LEVEL: "info",
      VISIBILITY_TIMEOUT_SECONDS: "2",
      WORKER_CONCURRENCY: "1",
    });
    try {
      const url = images.set("/big.jpg", { body: await makePoster(22, 4000, 6000) });
      const { body } = await postJob(app.url, { platform: "streamflix", posterUrl: url });
      const doomed = startCli(["worker"], env);
      await doomed.waitForLine((l) => l.includes(body.jobId) && l.includes("processing started"));
      doomed.child.kill("SIGKILL");
      await doomed.exited;
      expect((await app.services.jobs.getJob(body.jobId))?.status).toBe("PROCESSING");

      const survivor = startCli(["worker"], env);
      try {
        const done = await waitForJob(app.url, body.jobId, ["COMPLETED", "FAILED"], 30_000);
        expect(done.status).toBe("COMPLETED");
        expect(done.attempts).toBe(2);
        const jobs = await app.services.jobs.listJobs({ posterHash: done.posterHash, limit: 5 });
        expect(jobs.items).toHaveLength(1);
      } finally {
        survivor.child.kill("SIGTERM");
        expect(await survivor.exited).toBe(0);
      }
    } finally {
      await app.stop();
    }
  });

  it("fails a job at once when its image cannot be decoded, without retries or the DLQ", async () => {
    const app = await startApp({ workers: false });
    try {
      const url = images.set("/permanent.jpg", { body: await makePoster(23) });
      const { body } = await postJob(app.url, { platform: "streamflix", posterUrl: url });
      const job = await app.services.jobs.getJob(body.jobId);
      await app.services.objects.put(
        String(job?.storage.key),
        Buffer.from("garbage, not a JPEG"),
        "image/jpeg",
      );
      app.startWorkers();
      const failed = await waitForJob(app.url, body.jobId, ["FAILED", "COMPLETED"]);
      expect(failed).toMatchObject({ status: "FAILED", attempts: 1, error: { code: "CORRUPT_IMAGE" } });
      expect(await app.services.queue.depth()).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
      expect(await app.services.queue.deadLetterDepth()).toBe(0);
    } finally {
      await app.stop();
    }
  });

  it("finishes the job in hand on SIGTERM, then exits 0", async () => {
    const app = await startApp({ workers: false });
    const env = testEnv(app.dataDir, {
      LOG_LEVEL: "info",
      WORKER_CONCURRENCY: "1",
      SHUTDOWN_GRACE_SECONDS: "20",
    });
    try {
      const url = images.set("/drain.jpg", { body: await makePoster(24, 4000, 6000) });
      const { body } = await postJob(app.url, { platform: "streamflix", posterUrl: url });
      const worker = startCli(["worker"], env);
      await worker.waitForLine((l) => l.includes(body.jobId) && l.includes("processing started"));
      worker.child.kill("SIGTERM");
      expect(await worker.exited).toBe(0);
      expect((await app.services.jobs.getJob(body.jobId))?.status).toBe("COMPLETED");
      const lines = worker.stdout
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as { msg: string });
      const order = lines.map((l) => l.msg).filter((m) => /shutting down|job completed|drained/.test(m));
      expect(order).toEqual(["shutting down: no new jobs", "job completed", "worker pool drained"]);
    } finally {
      await app.stop();
    }
  });

  it("refuses to start on bad settings, naming each one", async () => {
    const { code, stderr } = await runCli(["serve"], { PORT: "eighty", FETCH_MAX_REDIRECTS: "99" });
    expect(code).toBe(2);
    expect(stderr).toContain('PORT="eighty": must be a number');
    expect(stderr).toContain('FETCH_MAX_REDIRECTS="99": must be at most 20');
  });

  it("completes jobs left pending when the server stopped, after a restart", async () => {
    const dataDir = makeDataDir();
    try {
      const env = testEnv(dataDir, { PORT: "0", WORKER_CONCURRENCY: "0" });
      const first = startCli(["serve"], env);
      const url = listeningUrl(await first.waitForLine((l) => l.includes("listening on")));
      const jobIds: string[] = [];
      for (const seed of [31, 32, 33]) {
        const posterUrl = images.set(`/restart-${seed}.jpg`, { body: await makePoster(seed) });
        const { status, body } = await postJob(url, { platform: "streamflix", posterUrl });
        expect(status).toBe(202);
        jobIds.push(body.jobId);
      }
      first.child.kill("SIGTERM");
      expect(await first.exited).toBe(0);

      const second = startCli(["serve"], { ...env, WORKER_CONCURRENCY: "2" });
      try {
        const url2 = listeningUrl(await second.waitForLine((l) => l.includes("listening on")));
        for (const jobId of jobIds) {
          expect((await waitForJob(url2, jobId, ["COMPLETED", "FAILED"])).status).toBe("COMPLETED");
        }
      } finally {
        second.child.kill("SIGTERM");
        expect(await second.exited).toBe(0);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
