import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CloudDetector } from "../../../src/compliance/detectors/cloud/cloud-detector.js";
import { CONTENT_CODES } from "../../../src/compliance/detectors/cloud/content-taxonomy.js";
import { createOpenAiCompatibleDetector } from "../../../src/compliance/detectors/cloud/openai-detector.js";
import { FAST_BACKOFF, posterImage, rejectionOf } from "./detector-fixtures.js";
import { type OpenAiFake, startOpenAiFake } from "./fakes/openai-fake.js";

const MODEL = "Qwen/Qwen2.5-VL-7B-Instruct";
let fake: OpenAiFake;
let detector: CloudDetector;

function openai(
  overrides: { timeoutMs?: number; maxAttempts?: number; apiKey?: string; model?: string } = {},
) {
  return createOpenAiCompatibleDetector({
    baseUrl: fake.url,
    model: overrides.model ?? MODEL,
    timeoutMs: overrides.timeoutMs ?? 5_000,
    maxAttempts: overrides.maxAttempts ?? 4,
    backoff: FAST_BACKOFF,
    ...(overrides.apiKey ? { apiKey: overrides.apiKey } : {}),
  });
}

const weapon = {
  code: "WEAPONS",
  confidence: 0.88,
  label: "rifle",
  rationale: "held across the chest",
  box: { x: 0.5, y: 0.25, width: 0.25, height: 0.5 },
};

beforeAll(async () => {
  fake = await startOpenAiFake();
  detector = openai();
});
afterAll(async () => {
  detector.close();
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.replies.set({ content: '{"findings":[]}' });
});

describe("OpenAI-compatible detector (chat completions with a JSON schema)", () => {
  it("maps a reported weapon to WEAPONS with its box in poster pixels", async () => {
    fake.replies.set({ content: JSON.stringify({ findings: [weapon] }) });

    const observation = await detector.detect(await posterImage(400, 600));

    expect(observation).toEqual({
      model: MODEL,
      findings: [
        {
          code: "WEAPONS",
          confidence: 0.88,
          label: "rifle",
          rationale: "held across the chest",
          boxes: [{ x: 200, y: 150, width: 100, height: 300 }],
        },
      ],
    });
  });

  it("sends the model, the prompt and the poster as a JPEG data URL, asking for strict schema output", async () => {
    await detector.detect(await posterImage(400, 600, "png"));

    const [request] = fake.requests;
    expect(request?.body.model).toBe(MODEL);
    expect(request?.imageType).toBe("image/jpeg");
    expect(request?.image).toMatchObject({ format: "jpeg", width: 400, height: 600 });
    expect(request?.authorization).toBeUndefined();
    const format = request?.body.response_format;
    expect(format.type).toBe("json_schema");
    expect(format.json_schema.strict).toBe(true);
    expect(format.json_schema.schema.properties.findings.items.required).toEqual([
      "code",
      "confidence",
      "label",
      "rationale",
      "box",
    ]);
    const system: string = request?.body.messages[0].content;
    for (const code of CONTENT_CODES) expect(system).toContain(code);
  });

  it("sends the API key as a bearer token when it has one", async () => {
    const keyed = openai({ apiKey: "sk-test-123" });
    await keyed.detect(await posterImage(400, 600));
    expect(fake.requests[0]?.authorization).toBe("Bearer sk-test-123");
  });

  it("reports a clean poster with no findings", async () => {
    const observation = await detector.detect(await posterImage(400, 600));
    expect(observation).toEqual({ model: MODEL, findings: [] });
  });

  it("accepts the JSON object inside a ```json fence", async () => {
    fake.replies.set({ content: `\`\`\`json\n${JSON.stringify({ findings: [weapon] })}\n\`\`\`` });
    const observation = await detector.detect(await posterImage(400, 600));
    expect(observation.findings.map((f) => f.code)).toEqual(["WEAPONS"]);
  });

  it("retries 429 and 503 with backoff, then succeeds", async () => {
    fake.replies.set(
      { status: 429, message: "Rate limit exceeded" },
      { status: 503, message: "The server is overloaded" },
      { content: JSON.stringify({ findings: [weapon] }) },
    );

    const observation = await detector.detect(await posterImage(400, 600));

    expect(fake.requests).toHaveLength(3);
    expect(observation.findings.map((f) => f.code)).toEqual(["WEAPONS"]);
  });

  it("gives up with MODEL_THROTTLED after maxAttempts", async () => {
    fake.replies.set({ status: 429, message: "Rate limit exceeded" });
    const limited = openai({ maxAttempts: 3 });

    const error = await rejectionOf(limited.detect(await posterImage(400, 600)));

    expect(fake.requests).toHaveLength(3);
    expect(error.code).toBe("MODEL_THROTTLED");
    expect(error.message).toBe(
      "openai (Qwen/Qwen2.5-VL-7B-Instruct): still throttled after 3 attempts: RateLimitError: 429 Rate limit exceeded",
    );
  });

  it("surfaces a server error at once as MODEL_ERROR", async () => {
    fake.replies.set({ status: 500, message: "CUDA out of memory" });

    const error = await rejectionOf(detector.detect(await posterImage(400, 600)));

    expect(fake.requests).toHaveLength(1);
    expect(error.code).toBe("MODEL_ERROR");
    expect(error.message).toBe(
      "openai (Qwen/Qwen2.5-VL-7B-Instruct): InternalServerError: 500 CUDA out of memory",
    );
  });

  it.each([
    [
      "prose around the JSON",
      `Here are the findings: ${JSON.stringify({ findings: [] })}`,
      /not a JSON object/,
    ],
    ["a JSON array", "[]", /did not match the findings schema/],
    ["an unknown code", JSON.stringify({ findings: [{ ...weapon, code: "GUNS" }] }), /findings\[0\]\.code/],
    ["a confidence below 0", JSON.stringify({ findings: [{ ...weapon, confidence: -0.2 }] }), /confidence/],
    [
      "a fence of another language",
      `\`\`\`js\n${JSON.stringify({ findings: [] })}\n\`\`\``,
      /not a JSON object/,
    ],
  ])("refuses %s as MODEL_OUTPUT_INVALID", async (_, content, detail) => {
    fake.replies.set({ content });

    const error = await rejectionOf(detector.detect(await posterImage(400, 600)));

    expect(error.code).toBe("MODEL_OUTPUT_INVALID");
    expect(error.message).toMatch(/^openai \(Qwen\/Qwen2\.5-VL-7B-Instruct\): /);
    expect(error.message).toMatch(detail);
  });

  it("refuses a refusal, an empty answer and a truncated one", async () => {
    fake.replies.set(
      { content: null, refusal: "I can't help with that." },
      { content: "" },
      { content: '{"findings": [{"code": "NUD', finishReason: "length" },
    );
    const messages = [];
    for (let i = 0; i < 3; i++) {
      const error = await rejectionOf(detector.detect(await posterImage(400, 600)));
      expect(error.code).toBe("MODEL_OUTPUT_INVALID");
      messages.push(error.message);
    }
    expect(messages).toEqual([
      "openai (Qwen/Qwen2.5-VL-7B-Instruct): the model refused: I can't help with that.",
      "openai (Qwen/Qwen2.5-VL-7B-Instruct): the answer is empty (finish_reason stop)",
      "openai (Qwen/Qwen2.5-VL-7B-Instruct): the model's answer was cut short at the output token limit (finish_reason length)",
    ]);
  });

  it("fails with MODEL_TIMEOUT when the answer comes later than timeoutMs, without retrying", async () => {
    fake.replies.set({ content: '{"findings":[]}', delayMs: 2_000 });
    const impatient = openai({ timeoutMs: 150 });

    const error = await rejectionOf(impatient.detect(await posterImage(400, 600)));

    expect(error.code).toBe("MODEL_TIMEOUT");
    expect(error.message).toBe("openai (Qwen/Qwen2.5-VL-7B-Instruct): no answer within 150 ms");
    expect(fake.requests).toHaveLength(1);
  });

  it("asks, on the wire, for weapons, violence, drugs and alcohol (smoking named) and hate symbols", async () => {
    await detector.detect(await posterImage(400, 600));

    const body = fake.requests[0]?.body;
    const system: string = body.messages.find((m: { role: string }) => m.role === "system").content;
    const described = (code: string) => new RegExp(`^- ${code}: (.+)$`, "m").exec(system)?.[1] ?? "";
    expect(described("WEAPONS")).toMatch(/guns.*knives/);
    expect(described("VIOLENCE")).toMatch(/blood/);
    expect(described("DRUGS_ALCOHOL")).toMatch(/drugs/);
    expect(described("DRUGS_ALCOHOL")).toMatch(/smoking/);
    expect(described("DRUGS_ALCOHOL")).toMatch(/alcoholic drinks/);
    expect(described("HATE_SYMBOLS")).toMatch(/nazi/i);
    const codes: string[] =
      body.response_format.json_schema.schema.properties.findings.items.properties.code.enum;
    expect(codes).toEqual(expect.arrayContaining(["WEAPONS", "VIOLENCE", "DRUGS_ALCOHOL", "HATE_SYMBOLS"]));
  });

  it("versions its observations by model and prompt", () => {
    expect(detector.id).toBe("openai");
    expect(detector.version).toMatch(/^Qwen\/Qwen2\.5-VL-7B-Instruct\+prompt-[0-9a-f]{10}$/);
    expect(openai({ model: "llava:13b" }).version).not.toBe(detector.version);
  });
});
