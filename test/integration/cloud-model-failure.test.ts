import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OpenAiFake, startOpenAiFake } from "../compliance/cloud/fakes/openai-fake.js";
import { ImageServer } from "../support/image-server.js";
import { makePoster } from "../support/posters.js";
import { postJob, type RunningApp, startApp, waitForJob } from "../support/start-app.js";

describe("a worker whose cloud model keeps failing", () => {
  let images: ImageServer;
  let model: OpenAiFake;
  let app: RunningApp;

  beforeAll(async () => {
    images = await new ImageServer().start();
    model = await startOpenAiFake();
    app = await startApp({
      env: {
        DETECTORS: "metrics,openai",
        OPENAI_BASE_URL: model.url,
        OPENAI_MODEL: "llava-test",
        CLOUD_MODEL_MAX_ATTEMPTS: "1",
        CLOUD_MODEL_TIMEOUT_MS: "2000",
      },
    });
  });
  afterAll(async () => {
    await app.stop();
    await model.close();
    await images.stop();
  });

  it("retries, dead-letters the job, and fails it with a message naming the model and the error", async () => {
    model.replies.set({ content: "Sure! This poster looks fine to me." });
    const { body } = await postJob(app.url, {
      platform: "streamflix",
      posterUrl: images.set("/cloud.jpg", { body: await makePoster(61) }),
    });
    const failed = await waitForJob(app.url, body.jobId, ["FAILED", "COMPLETED"]);
    expect(failed.status).toBe("FAILED");
    expect(failed.attempts).toBe(3);
    expect(failed.error.code).toBe("MODEL_OUTPUT_INVALID");
    expect(failed.error.message).toContain("openai (llava-test)");
    expect(model.requests).toHaveLength(3);
    await expect.poll(() => app.services.queue.deadLetterDepth()).toBe(1);

    model.replies.set({
      content: JSON.stringify({
        findings: [
          { code: "WEAPONS", confidence: 0.92, label: "handgun", rationale: "a pistol in hand", box: null },
        ],
      }),
    });
    await app.services.deadLetters.redrive();
    const done = await waitForJob(app.url, body.jobId, ["COMPLETED"]);
    expect(done.result.violations).toMatchObject([
      { code: "WEAPONS", detector: "openai", confidence: 0.92, evidence: { text: "handgun" } },
    ]);
    expect(done.result.detectors.map((d: { id: string }) => d.id)).toEqual(["metrics", "openai"]);
  });
});
