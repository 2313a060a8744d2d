import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ImageServer } from "../support/image-server.js";
import { postJob, type RunningApp, startApp, waitForJob } from "../support/start-app.js";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/pdq/${name}`, import.meta.url));

describe("near-duplicates of processed posters", () => {
  let images: ImageServer;
  let app: RunningApp;

  beforeAll(async () => {
    images = await new ImageServer().start();
    app = await startApp({ env: { DETECTORS: "metrics,pdq" } });
  });
  afterAll(async () => {
    await app.stop();
    await images.stop();
  });

  it("indexes each completed poster by its PDQ hash, so a re-encoded copy finds the original", async () => {
    const posters = ["aaa-orig.jpg", "shrink-a-little.jpg", "q0291.jpg"];
    const jobs: Record<string, unknown>[] = [];
    for (const name of posters) {
      const created = await postJob(app.url, {
        platform: "streamflix",
        posterUrl: images.set(`/${name}`, { body: fixture(name) }),
      });
      jobs.push(await waitForJob(app.url, created.body.jobId, ["COMPLETED", "FAILED"]));
    }
    const [original, shrunk, unrelated] = jobs.map((job) => String(job.posterHash));
    const stored = await app.services.jobs.getObservation(shrunk ?? "", "pdq", "1.0.0");
    expect(stored).toBeDefined();
    const { hash } = (stored as { data: { hash: string } }).data;
    const matches = await app.services.nearDuplicates.findWithin(hash);
    expect(matches.map((m) => m.posterHash).sort()).toEqual([original, shrunk].sort());
    expect(matches.map((m) => m.posterHash)).not.toContain(unrelated);
  });
});
