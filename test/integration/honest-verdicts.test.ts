import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OpenAiFake, startOpenAiFake } from "../compliance/cloud/fakes/openai-fake.js";
import { ImageServer } from "../support/image-server.js";
import { toBmp } from "../support/make-images.js";
import { makePoster } from "../support/posters.js";
import { getJson, postJob, type RunningApp, startApp, waitForJob } from "../support/start-app.js";

const CONTENT_CODES = ["NUDITY", "SUGGESTIVE", "VIOLENCE", "WEAPONS", "DRUGS_ALCOHOL", "HATE_SYMBOLS"];

async function pageHtml(url: string): Promise<{ status: number; html: string }> {
  const response = await fetch(url);
  return { status: response.status, html: await response.text() };
}

describe("a verdict names the codes it did not check (DETECTORS=metrics)", () => {
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

  it("in GET /jobs/{id}, in the cached answer, in GET /posters/{hash} and on the dashboard's poster page", async () => {
    const poster = await makePoster(91);
    const first = await postJob(app.url, {
      platform: "streamflix",
      posterUrl: images.set("/hv/poster.jpg", { body: poster }),
    });
    const done = await waitForJob(app.url, first.body.jobId, ["COMPLETED", "FAILED"]);
    expect(done.status).toBe("COMPLETED");
    // Compliant means: no violation among the codes checked.
    expect(done.result.isCompliant).toBe(true);
    expect(done.result.notChecked).toEqual(expect.arrayContaining([...CONTENT_CODES, "PROFANITY"]));
    expect(done.result.notChecked).not.toContain("LOW_RESOLUTION");
    expect(done.result.notChecked).not.toContain("UNSUPPORTED_FORMAT");

    const cached = await postJob(app.url, {
      platform: "streamflix",
      posterUrl: images.set("/hv/again.jpg", { body: poster }),
    });
    expect(cached.status).toBe(200);
    expect(cached.body.cached).toBe(true);
    expect(cached.body.result.notChecked).toEqual(done.result.notChecked);

    const byHash = await getJson(`${app.url}/posters/${done.posterHash}`);
    expect(byHash.body.result.notChecked).toEqual(done.result.notChecked);

    const page = await pageHtml(`${app.url}/ui/posters/${done.posterHash}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('data-testid="not-checked"');
    expect(page.html).toContain("Not checked:");
    expect(page.html).toContain('<span class="chip">WEAPONS</span>');
    expect(page.html).toContain("No rule fired among the codes checked.");
  });

  it("documents notChecked and what isCompliant means in the OpenAPI description", async () => {
    const { status, body } = await getJson(`${app.url}/docs/json`);
    expect(status).toBe(200);
    // @fastify/swagger names shared schemas def-0, def-1, …: find the result by its fields.
    type Schema = {
      description?: string;
      properties?: Record<string, { type?: string; description?: string }>;
    };
    const result = Object.values(body.components.schemas as Record<string, Schema>).find(
      (schema) => schema.properties?.isCompliant && schema.properties?.violations,
    );
    expect(result?.description).toContain("no violation among the codes checked");
    expect(result?.properties?.notChecked?.type).toBe("array");
    expect(result?.properties?.notChecked?.description).toContain("no enabled detector can raise");
  });

  it("gives a BMP poster submitted to POST /jobs the verdict UNSUPPORTED_FORMAT, and serves and shows it", async () => {
    const bmp = await toBmp(await makePoster(92));
    const { status, body } = await postJob(app.url, {
      platform: "streamflix",
      posterUrl: images.set("/hv/poster.bmp", { body: bmp, contentType: "image/bmp" }),
    });
    expect(status).toBe(202);
    const done = await waitForJob(app.url, body.jobId, ["COMPLETED", "FAILED"]);
    expect(done.status).toBe("COMPLETED");
    expect(done.storage.key).toMatch(/\.bmp$/);
    expect(done.result.isCompliant).toBe(false);
    expect(done.result.violations).toMatchObject([
      {
        code: "UNSUPPORTED_FORMAT",
        severity: "HIGH",
        detector: "metrics",
        evidence: { measured: { format: "bmp" } },
      },
    ]);
    const stored = await getJson(`${app.url}/posters/${done.posterHash}`);
    expect(stored.body.observations[0]).toMatchObject({
      detector: "metrics",
      data: { format: "bmp", bytes: bmp.length, width: 1000, height: 1500 },
    });

    const image = await fetch(`${app.url}/posters/${done.posterHash}/image`);
    expect(image.headers.get("content-type")).toBe("image/bmp");
    expect(Buffer.from(await image.arrayBuffer()).equals(bmp)).toBe(true);
    const page = await pageHtml(`${app.url}/ui/posters/${done.posterHash}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("UNSUPPORTED_FORMAT");
    expect(page.html).toContain("1000 × 1500 px");
    const thumbnail = await fetch(`${app.url}/posters/${done.posterHash}/thumbnail`);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get("content-type")).toBe("image/webp");
    expect((await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata()).width).toBe(360);
  });

  it("still refuses bytes that are no image at all with NOT_AN_IMAGE, even when they start with BM", async () => {
    const { status, body } = await postJob(app.url, {
      platform: "streamflix",
      posterUrl: images.set("/hv/fake.bmp", {
        body: Buffer.from("BMX is a sport, this is a text file\n"),
        contentType: "image/bmp",
      }),
    });
    expect(status).toBe(422);
    expect(body.error.code).toBe("NOT_AN_IMAGE");
  });
});

describe("content codes from a local vision model (DETECTORS=metrics,openai, loopback base URL)", () => {
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
        OPENAI_MODEL: "qwen2.5vl:7b",
      },
    });
  });
  afterAll(async () => {
    await app.stop();
    await model.close();
    await images.stop();
  });

  it("turns WEAPONS and DRUGS_ALCOHOL findings into violations, and no longer lists the content codes as unchecked", async () => {
    model.replies.set({
      content: JSON.stringify({
        findings: [
          {
            code: "WEAPONS",
            confidence: 0.93,
            label: "assault rifle",
            rationale: "carried across the hero's chest",
            box: { x: 0.3, y: 0.4, width: 0.4, height: 0.2 },
          },
          {
            code: "DRUGS_ALCOHOL",
            confidence: 0.81,
            label: "cigar",
            rationale: "smoked by the villain, top right",
            box: null,
          },
        ],
      }),
    });
    const { body } = await postJob(app.url, {
      platform: "streamflix",
      posterUrl: images.set("/vm/poster.jpg", { body: await makePoster(93) }),
    });
    const done = await waitForJob(app.url, body.jobId, ["COMPLETED", "FAILED"]);
    expect(done.status).toBe("COMPLETED");
    expect(done.result.isCompliant).toBe(false);
    expect(done.result.violations).toMatchObject([
      {
        code: "WEAPONS",
        severity: "MEDIUM",
        detector: "openai",
        confidence: 0.93,
        evidence: { text: "assault rifle", boxes: [{ x: 300, y: 600, width: 400, height: 300 }] },
      },
      { code: "DRUGS_ALCOHOL", severity: "MEDIUM", detector: "openai", evidence: { text: "cigar" } },
    ]);
    for (const code of CONTENT_CODES) expect(done.result.notChecked).not.toContain(code);
    expect(done.result.notChecked).not.toContain("LOGO_OR_WATERMARK");
    // Text the model cannot judge from a glance (the share of text, the platform spec) stays unchecked.
    expect(done.result.notChecked).toContain("EXCESSIVE_TEXT");
    expect(done.result.detectors.map((d: { id: string }) => d.id)).toEqual(["metrics", "openai"]);

    expect(model.requests).toHaveLength(1);
    const [request] = model.requests;
    expect(request?.body.model).toBe("qwen2.5vl:7b");
    expect(request?.body.response_format.type).toBe("json_schema");
    expect(request?.authorization).toBeUndefined();
  });
});
