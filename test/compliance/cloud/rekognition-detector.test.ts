import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CloudDetector } from "../../../src/compliance/detectors/cloud/cloud-detector.js";
import { createRekognitionDetector } from "../../../src/compliance/detectors/cloud/rekognition-detector.js";
import { FAST_BACKOFF, posterImage, rejectionOf, TEST_CREDENTIALS } from "./detector-fixtures.js";
import { type RekognitionFake, startRekognitionFake } from "./fakes/rekognition-fake.js";

let fake: RekognitionFake;
let detector: CloudDetector;

function rekognition(overrides: { timeoutMs?: number; maxAttempts?: number; minConfidence?: number } = {}) {
  return createRekognitionDetector({
    region: "eu-west-1",
    endpoint: fake.url,
    credentials: TEST_CREDENTIALS,
    timeoutMs: overrides.timeoutMs ?? 5_000,
    maxAttempts: overrides.maxAttempts ?? 4,
    backoff: FAST_BACKOFF,
    ...(overrides.minConfidence === undefined ? {} : { minConfidence: overrides.minConfidence }),
  });
}

beforeAll(async () => {
  fake = await startRekognitionFake();
  detector = rekognition();
});
afterAll(async () => {
  detector.close();
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.replies.set({ labels: [] });
});

describe("rekognition detector (DetectModerationLabels)", () => {
  it("maps v7 moderation labels onto our codes and keeps every label as a score", async () => {
    fake.replies.set({
      labels: [
        { Name: "Violence", ParentName: "", Confidence: 97.5, TaxonomyLevel: 1 },
        { Name: "Weapons", ParentName: "Violence", Confidence: 96.25, TaxonomyLevel: 2 },
        { Name: "Gambling", ParentName: "", Confidence: 61, TaxonomyLevel: 1 },
      ],
    });

    const observation = await detector.detect(await posterImage(400, 600));

    expect(observation).toEqual({
      model: "rekognition moderation 7.0",
      findings: [
        {
          code: "VIOLENCE",
          confidence: 0.975,
          label: "Violence",
          rationale: "Rekognition moderation label Violence (level 1)",
        },
        {
          code: "WEAPONS",
          confidence: 0.9625,
          label: "Weapons",
          rationale: "Rekognition moderation label Violence › Weapons (level 2)",
        },
      ],
      scores: { Violence: 0.975, Weapons: 0.9625, Gambling: 0.61 },
    });
  });

  it("speaks AWS JSON 1.1 with the image bytes and MinConfidence", async () => {
    const strict = rekognition({ minConfidence: 80 });
    await strict.detect(await posterImage(400, 600, "png"));
    strict.close();

    expect(fake.requests[0]).toMatchObject({
      target: "RekognitionService.DetectModerationLabels",
      contentType: "application/x-amz-json-1.1",
      signed: true,
      minConfidence: 80,
      image: { format: "png", width: 400, height: 600 },
    });
  });

  it("re-encodes a WebP poster as JPEG, which Rekognition takes", async () => {
    await detector.detect(await posterImage(400, 600, "webp"));
    expect(fake.requests[0]?.image).toMatchObject({ format: "jpeg", width: 400, height: 600 });
  });

  it("reports a clean poster with no findings", async () => {
    const observation = await detector.detect(await posterImage(400, 600));
    expect(observation).toEqual({ model: "rekognition moderation 7.0", findings: [], scores: {} });
  });

  it("retries ThrottlingException and ProvisionedThroughputExceededException, then succeeds", async () => {
    fake.replies.set(
      { error: "ThrottlingException", message: "Rate exceeded" },
      { error: "ProvisionedThroughputExceededException", message: "Provisioned rate exceeded" },
      { labels: [{ Name: "Hate Symbols", ParentName: "", Confidence: 88, TaxonomyLevel: 1 }] },
    );

    const observation = await detector.detect(await posterImage(400, 600));

    expect(fake.requests).toHaveLength(3);
    expect(observation.findings.map((f) => f.code)).toEqual(["HATE_SYMBOLS"]);
  });

  it("gives up with MODEL_THROTTLED after maxAttempts", async () => {
    fake.replies.set({ error: "ThrottlingException", message: "Rate exceeded" });
    const limited = rekognition({ maxAttempts: 2 });

    const error = await rejectionOf(limited.detect(await posterImage(400, 600)));
    limited.close();

    expect(fake.requests).toHaveLength(2);
    expect(error.code).toBe("MODEL_THROTTLED");
    expect(error.message).toBe(
      "rekognition (DetectModerationLabels): still throttled after 2 attempts: ThrottlingException (HTTP 400): Rate exceeded",
    );
  });

  it("surfaces other errors at once as MODEL_ERROR", async () => {
    fake.replies.set({
      error: "InvalidImageFormatException",
      message: "Request has unsupported image format",
    });

    const error = await rejectionOf(detector.detect(await posterImage(400, 600)));

    expect(fake.requests).toHaveLength(1);
    expect(error.code).toBe("MODEL_ERROR");
    expect(error.message).toContain("rekognition (DetectModerationLabels): InvalidImageFormatException");
  });

  it.each([
    ["no ModerationLabels", { ModerationModelVersion: "7.0" }],
    ["a confidence above 100", { ModerationLabels: [{ Name: "Explicit", ParentName: "", Confidence: 140 }] }],
    ["a label without a name", { ModerationLabels: [{ ParentName: "", Confidence: 90 }] }],
  ])("refuses an answer with %s as MODEL_OUTPUT_INVALID", async (_, body) => {
    fake.replies.set({ body });

    const error = await rejectionOf(detector.detect(await posterImage(400, 600)));

    expect(error.code).toBe("MODEL_OUTPUT_INVALID");
    expect(error.message).toMatch(/^rekognition \(DetectModerationLabels\): the answer did not match/);
  });

  it("fails with MODEL_TIMEOUT when the answer comes later than timeoutMs", async () => {
    fake.replies.set({ labels: [], delayMs: 2_000 });
    const impatient = rekognition({ timeoutMs: 150 });

    const error = await rejectionOf(impatient.detect(await posterImage(400, 600)));
    impatient.close();

    expect(error.code).toBe("MODEL_TIMEOUT");
    expect(error.message).toBe("rekognition (DetectModerationLabels): no answer within 150 ms");
    expect(fake.requests).toHaveLength(1);
  });

  it("versions its observations by MinConfidence and label mapping", () => {
    const strict = rekognition({ minConfidence: 80 });
    expect(detector.version).toMatch(/^DetectModerationLabels\+min50\+map-[0-9a-f]{8}$/);
    expect(strict.version).not.toBe(detector.version);
    strict.close();
  });
});
