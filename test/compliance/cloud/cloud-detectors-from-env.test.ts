import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CloudDetector } from "../../../src/compliance/detectors/cloud/cloud-detector.js";
import { cloudDetectorsFromEnv } from "../../../src/compliance/detectors/cloud/cloud-detectors-from-env.js";
import { posterImage, rejectionOf, TEST_CREDENTIALS } from "./detector-fixtures.js";
import { type BedrockRuntimeFake, startBedrockRuntimeFake } from "./fakes/bedrock-runtime-fake.js";
import { type OpenAiFake, startOpenAiFake } from "./fakes/openai-fake.js";
import { type RekognitionFake, startRekognitionFake } from "./fakes/rekognition-fake.js";

function closeAll(detectors: CloudDetector[]): void {
  for (const detector of detectors) detector.close();
}

function single(detectors: CloudDetector[]): CloudDetector {
  expect(detectors).toHaveLength(1);
  return detectors[0] as CloudDetector;
}

describe("cloudDetectorsFromEnv", () => {
  it("builds none when no cloud model is configured", () => {
    expect(cloudDetectorsFromEnv({ AWS_REGION: "us-east-1" })).toEqual([]);
  });

  it("builds each configured detector with its defaults", () => {
    const detectors = cloudDetectorsFromEnv({
      BEDROCK_REGION: "us-east-1",
      REKOGNITION_REGION: "eu-west-1",
      OPENAI_BASE_URL: "http://127.0.0.1:9/v1",
      OPENAI_MODEL: "llava:13b",
    });
    expect(detectors.map((d) => d.id)).toEqual(["bedrock", "rekognition", "openai"]);
    expect(detectors[0]?.version).toMatch(/^amazon\.nova-lite-v1:0\+prompt-/);
    expect(detectors[1]?.version).toMatch(/^DetectModerationLabels\+min50\+map-/);
    expect(detectors[2]?.version).toMatch(/^llava:13b\+prompt-/);
    closeAll(detectors);
  });

  it("builds exactly the detectors asked for, in that order", () => {
    const detectors = cloudDetectorsFromEnv(
      {
        OPENAI_BASE_URL: "http://127.0.0.1:9/v1",
        OPENAI_MODEL: "llava:13b",
        BEDROCK_MODEL_ID: "amazon.nova-pro-v1:0",
      },
      ["openai", "rekognition"],
    );
    expect(detectors.map((d) => d.id)).toEqual(["openai", "rekognition"]);
    closeAll(detectors);
  });

  it("names what the openai detector is missing, and unknown detectors", () => {
    expect(() => cloudDetectorsFromEnv({ OPENAI_MODEL: "llava:13b" })).toThrow(
      "the openai detector needs OPENAI_BASE_URL",
    );
    expect(() => cloudDetectorsFromEnv({}, ["gemini"])).toThrow(
      "unknown cloud detector gemini; known: bedrock, rekognition, openai",
    );
  });

  it("lists every bad value at once", () => {
    expect(() =>
      cloudDetectorsFromEnv({
        CLOUD_MODEL_TIMEOUT_MS: "soon",
        REKOGNITION_MIN_CONFIDENCE: "150",
        OPENAI_BASE_URL: "ftp://models",
      }),
    ).toThrow(
      [
        "invalid cloud detector settings:",
        '  - REKOGNITION_MIN_CONFIDENCE="150": must be a number from 0 to 100',
        '  - OPENAI_BASE_URL="ftp://models": must be an http(s) URL',
        '  - CLOUD_MODEL_TIMEOUT_MS="soon": must be a whole number of milliseconds',
      ].join("\n"),
    );
  });
});

describe("the AWS SDK's own endpoint and credential settings", () => {
  let bedrock: BedrockRuntimeFake;
  let rekognition: RekognitionFake;
  let openai: OpenAiFake;
  const variables = [
    "AWS_ENDPOINT_URL_BEDROCK_RUNTIME",
    "AWS_ENDPOINT_URL_REKOGNITION",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
    "AWS_PROFILE",
  ];
  const saved = Object.fromEntries(variables.map((name) => [name, process.env[name]]));

  beforeAll(async () => {
    [bedrock, rekognition, openai] = await Promise.all([
      startBedrockRuntimeFake(),
      startRekognitionFake(),
      startOpenAiFake(),
    ]);
    process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = bedrock.url;
    process.env.AWS_ENDPOINT_URL_REKOGNITION = rekognition.url;
    process.env.AWS_ACCESS_KEY_ID = TEST_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey;
    delete process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS;
    delete process.env.AWS_PROFILE;
  });
  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await Promise.all([bedrock.close(), rekognition.close(), openai.close()]);
  });

  it("reaches the endpoints named by AWS_ENDPOINT_URL_BEDROCK_RUNTIME and AWS_ENDPOINT_URL_REKOGNITION", async () => {
    const detectors = cloudDetectorsFromEnv({
      BEDROCK_MODEL_ID: "anthropic.claude-3-haiku-20240307-v1:0",
      AWS_REGION: "us-west-2",
      REKOGNITION_MIN_CONFIDENCE: "70",
    });
    const image = await posterImage(300, 450);

    const observations = await Promise.all(detectors.map((d) => d.detect(image)));
    closeAll(detectors);

    expect(observations.map((o) => o.model)).toEqual([
      "anthropic.claude-3-haiku-20240307-v1:0",
      "rekognition moderation 7.0",
    ]);
    expect(bedrock.requests[0]).toMatchObject({
      modelId: "anthropic.claude-3-haiku-20240307-v1:0",
      signed: true,
    });
    expect(rekognition.requests[0]).toMatchObject({ minConfidence: 70, signed: true });
  });

  it("applies CLOUD_MODEL_MAX_ATTEMPTS and CLOUD_MODEL_TIMEOUT_MS", async () => {
    openai.replies.set({ status: 429, message: "Rate limit exceeded" });
    const env = { OPENAI_BASE_URL: openai.url, OPENAI_MODEL: "llava:13b", CLOUD_MODEL_MAX_ATTEMPTS: "2" };
    const throttled = single(cloudDetectorsFromEnv({ ...env, CLOUD_MODEL_TIMEOUT_MS: "5000" }));
    const error = await rejectionOf(throttled.detect(await posterImage(300, 450)));
    expect(error.code).toBe("MODEL_THROTTLED");
    expect(openai.requests).toHaveLength(2);

    openai.replies.set({ content: '{"findings":[]}', delayMs: 2_000 });
    const impatient = single(cloudDetectorsFromEnv({ ...env, CLOUD_MODEL_TIMEOUT_MS: "100" }));
    const timeout = await rejectionOf(impatient.detect(await posterImage(300, 450)));
    expect(timeout.message).toBe("openai (llava:13b): no answer within 100 ms");
  });
});
