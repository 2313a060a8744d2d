import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createBedrockDetector } from "../../../src/compliance/detectors/cloud/bedrock-detector.js";
import type { CloudDetector } from "../../../src/compliance/detectors/cloud/cloud-detector.js";
import { CONTENT_CODES } from "../../../src/compliance/detectors/cloud/content-taxonomy.js";
import { FAST_BACKOFF, posterImage, rejectionOf, TEST_CREDENTIALS } from "./detector-fixtures.js";
import { type BedrockRuntimeFake, startBedrockRuntimeFake } from "./fakes/bedrock-runtime-fake.js";

const MODEL = "amazon.nova-lite-v1:0";
let fake: BedrockRuntimeFake;
let detector: CloudDetector;

function bedrock(overrides: { timeoutMs?: number; maxAttempts?: number; modelId?: string } = {}) {
  return createBedrockDetector({
    modelId: overrides.modelId ?? MODEL,
    region: "us-east-1",
    endpoint: fake.url,
    credentials: TEST_CREDENTIALS,
    timeoutMs: overrides.timeoutMs ?? 5_000,
    maxAttempts: overrides.maxAttempts ?? 4,
    backoff: FAST_BACKOFF,
  });
}

beforeAll(async () => {
  fake = await startBedrockRuntimeFake();
  detector = bedrock();
});
afterAll(async () => {
  detector.close();
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.replies.set({ toolInput: { findings: [] } });
});

describe("bedrock detector (Converse with a findings tool)", () => {
  it("maps a reported weapon to WEAPONS with its box in poster pixels", async () => {
    fake.replies.set({
      toolInput: {
        findings: [
          {
            code: "WEAPONS",
            confidence: 0.92,
            label: "handgun",
            rationale: "a pistol held in the lower left",
            box: { x: 0.1, y: 0.2, width: 0.3, height: 0.4 },
          },
          { code: "LOGO_OR_WATERMARK", confidence: 0.7, label: "network logo" },
        ],
      },
    });

    const observation = await detector.detect(await posterImage(400, 600));

    expect(observation).toEqual({
      model: MODEL,
      findings: [
        {
          code: "WEAPONS",
          confidence: 0.92,
          label: "handgun",
          rationale: "a pistol held in the lower left",
          boxes: [{ x: 40, y: 120, width: 120, height: 240 }],
        },
        { code: "LOGO_OR_WATERMARK", confidence: 0.7, label: "network logo" },
      ],
    });
  });

  it("sends the poster, the code descriptions and a forced findings tool to the model's converse path", async () => {
    await detector.detect(await posterImage(400, 600, "png"));

    const [request] = fake.requests;
    expect(request?.modelId).toBe(MODEL);
    expect(request?.signed).toBe(true);
    expect(request?.image).toMatchObject({ format: "png", width: 400, height: 600 });
    expect(request?.body.messages[0].content[0].image.format).toBe("png");
    const tool = request?.body.toolConfig.tools[0].toolSpec;
    expect(tool.name).toBe("report_findings");
    expect(request?.body.toolConfig.toolChoice).toEqual({ tool: { name: "report_findings" } });
    expect(tool.inputSchema.json.properties.findings.items.properties.code.enum).toEqual(CONTENT_CODES);
    const system: string = request?.body.system[0].text;
    for (const code of CONTENT_CODES) expect(system).toContain(code);
  });

  it("scales a large poster down and re-encodes a format Bedrock does not take, keeping boxes in poster pixels", async () => {
    fake.replies.set({
      toolInput: {
        findings: [
          {
            code: "NUDITY",
            confidence: 0.8,
            label: "nude figure",
            rationale: "centre",
            box: { x: 0.25, y: 0.5, width: 0.5, height: 0.25 },
          },
        ],
      },
    });

    const observation = await detector.detect(await posterImage(1600, 2400, "tiff"));

    expect(fake.requests[0]?.image).toMatchObject({ format: "jpeg", height: 1568 });
    expect(fake.requests[0]?.body.messages[0].content[0].image.format).toBe("jpeg");
    expect(observation.findings[0]?.boxes).toEqual([{ x: 400, y: 1200, width: 800, height: 600 }]);
  });

  it("reports a clean poster with no findings", async () => {
    const observation = await detector.detect(await posterImage(400, 600));
    expect(observation).toEqual({ model: MODEL, findings: [] });
  });

  it("retries throttling (and a busy service) with backoff, then succeeds", async () => {
    fake.replies.set(
      { error: "ThrottlingException", status: 429, message: "Too many requests, please wait." },
      { error: "ServiceUnavailableException", status: 503, message: "Service is unavailable." },
      {
        toolInput: {
          findings: [{ code: "VIOLENCE", confidence: 0.6, label: "blood", rationale: "on the knife" }],
        },
      },
    );

    const observation = await detector.detect(await posterImage(400, 600));

    expect(fake.requests).toHaveLength(3);
    expect(observation.findings.map((f) => f.code)).toEqual(["VIOLENCE"]);
  });

  it("gives up with MODEL_THROTTLED after maxAttempts throttled calls", async () => {
    fake.replies.set({ error: "ThrottlingException", status: 429, message: "Too many requests" });
    const limited = bedrock({ maxAttempts: 3 });

    const error = await rejectionOf(limited.detect(await posterImage(400, 600)));
    limited.close();

    expect(fake.requests).toHaveLength(3);
    expect(error.code).toBe("MODEL_THROTTLED");
    expect(error.message).toMatch(/^bedrock \(amazon\.nova-lite-v1:0\): still throttled after 3 attempts/);
  });

  it("surfaces any other service error at once as MODEL_ERROR", async () => {
    fake.replies.set({
      error: "ValidationException",
      status: 400,
      message: "The model does not take images.",
    });

    const error = await rejectionOf(detector.detect(await posterImage(400, 600)));

    expect(fake.requests).toHaveLength(1);
    expect(error.code).toBe("MODEL_ERROR");
    expect(error.message).toBe(
      "bedrock (amazon.nova-lite-v1:0): ValidationException (HTTP 400): The model does not take images.",
    );
  });

  it.each([
    [
      "an unknown code",
      { findings: [{ code: "GORE", confidence: 0.9, label: "gore" }] },
      /findings\[0\]\.code/,
    ],
    ["a confidence above 1", { findings: [{ code: "NUDITY", confidence: 87, label: "nude" }] }, /confidence/],
    ["no findings list", { verdict: "compliant" }, /output\.findings/],
    [
      "a box outside the image",
      {
        findings: [
          { code: "WEAPONS", confidence: 0.5, label: "gun", box: { x: 2, y: 0, width: 1, height: 1 } },
        ],
      },
      /box\.x/,
    ],
  ])("refuses tool input with %s as MODEL_OUTPUT_INVALID", async (_, toolInput, detail) => {
    fake.replies.set({ toolInput });

    const error = await rejectionOf(detector.detect(await posterImage(400, 600)));

    expect(error.code).toBe("MODEL_OUTPUT_INVALID");
    expect(error.message).toMatch(
      /^bedrock \(amazon\.nova-lite-v1:0\): model output did not match the findings schema: /,
    );
    expect(error.message).toMatch(detail);
  });

  it("refuses an answer that does not call the tool", async () => {
    fake.replies.set({ text: "This poster looks fine to me.", stopReason: "end_turn" });

    const error = await rejectionOf(detector.detect(await posterImage(400, 600)));

    expect(error.code).toBe("MODEL_OUTPUT_INVALID");
    expect(error.message).toContain(
      "did not call report_findings (stopReason end_turn); it said: This poster",
    );
  });

  it("fails with MODEL_TIMEOUT when the model answers later than timeoutMs, without retrying", async () => {
    fake.replies.set({ toolInput: { findings: [] }, delayMs: 2_000 });
    const impatient = bedrock({ timeoutMs: 150 });

    const started = performance.now();
    const error = await rejectionOf(impatient.detect(await posterImage(400, 600)));
    impatient.close();

    expect(error.code).toBe("MODEL_TIMEOUT");
    expect(error.message).toBe("bedrock (amazon.nova-lite-v1:0): no answer within 150 ms");
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(fake.requests).toHaveLength(1);
  });

  it("stops when the caller aborts, with the caller's reason", async () => {
    fake.replies.set({ toolInput: { findings: [] }, delayMs: 2_000 });
    const controller = new AbortController();
    const shutdown = new Error("worker shutting down");
    setTimeout(() => controller.abort(shutdown), 50);

    const error = await rejectionOf(detector.detect(await posterImage(400, 600), controller.signal));

    expect(error).toBe(shutdown);
  });

  it("versions its observations by model and prompt", () => {
    const other = bedrock({ modelId: "anthropic.claude-3-haiku-20240307-v1:0" });
    expect(detector.id).toBe("bedrock");
    expect(detector.version).toMatch(/^amazon\.nova-lite-v1:0\+prompt-[0-9a-f]{10}$/);
    expect(other.version).not.toBe(detector.version);
    other.close();
  });
});
