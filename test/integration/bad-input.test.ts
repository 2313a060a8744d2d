import { readdirSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pngHeaderClaiming } from "../support/huge-png.js";
import { ImageServer } from "../support/image-server.js";
import { makePoster } from "../support/posters.js";
import { getJson, postJob, type RunningApp, startApp } from "../support/start-app.js";

describe("bad input: a clear 4xx with an error code, nothing stored, the server still serving", () => {
  let images: ImageServer;
  let app: RunningApp;
  let good: string;

  beforeAll(async () => {
    images = await new ImageServer().start();
    app = await startApp({ workers: false, env: { BODY_LIMIT_BYTES: "4096" } });
    good = images.set("/good.jpg", { body: await makePoster(11) });
    const jpeg = await makePoster(12);
    images.set("/text.txt", {
      body: Buffer.from("just some text, not an image\n"),
      contentType: "image/jpeg",
    });
    images.set("/truncated.jpg", { body: jpeg.subarray(0, Math.floor(jpeg.length / 2)) });
    images.set("/huge.png", { body: pngHeaderClaiming(30000, 30000), contentType: "image/png" });
    images.set("/svg.svg", {
      body: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'),
      contentType: "image/svg+xml",
    });
    images.set("/to-private", { redirectTo: "http://127.0.0.1:9/poster.jpg" });
    images.set("/to-metadata", { redirectTo: "http://169.254.169.254/latest/meta-data/" });
    images.set("/hangs.jpg", { hang: true });
    images.set("/missing.jpg", { status: 404, body: Buffer.from("no") });
    const big = await sharp({ create: { width: 10, height: 10, channels: 3, background: "red" } })
      .png()
      .toBuffer();
    images.set("/small.png", { body: big });
  });
  afterAll(async () => {
    await app.stop();
    await images.stop();
  });

  const raw = (body: string, contentType = "application/json") =>
    fetch(`${app.url}/jobs`, { method: "POST", headers: { "content-type": contentType }, body }).then(
      async (r) => ({
        status: r.status,
        body: (await r.json()) as { error: { code: string; message: string } },
      }),
    );

  it.each([
    ["malformed JSON", () => raw('{"platform": "x", '), 400, "INVALID_JSON"],
    ["a JSON array", () => raw("[1,2]"), 400, "INVALID_REQUEST"],
    ["missing posterUrl", () => postJob(app.url, { platform: "streamflix" }), 400, "INVALID_REQUEST"],
    ["missing platform", () => postJob(app.url, { posterUrl: good }), 400, "INVALID_REQUEST"],
    ["platform ../x", () => postJob(app.url, { platform: "../x", posterUrl: good }), 400, "INVALID_REQUEST"],
    [
      "an unknown field",
      () => postJob(app.url, { platform: "a", posterUrl: good, extra: 1 }),
      400,
      "INVALID_REQUEST",
    ],
    [
      "an unknown artwork type",
      () => postJob(app.url, { platform: "a", posterUrl: good, artworkType: "billboard" }),
      400,
      "UNKNOWN_ARTWORK_TYPE",
    ],
    [
      "a title that is not text",
      () => postJob(app.url, { platform: "a", posterUrl: good, metadata: { title: { nested: true } } }),
      400,
      "INVALID_REQUEST",
    ],
    [
      "a file: URL",
      () => postJob(app.url, { platform: "a", posterUrl: "file:///etc/passwd" }),
      400,
      "INVALID_REQUEST",
    ],
    [
      "metadata nested 500 levels deep",
      () =>
        raw(`{"platform":"a","posterUrl":"${good}","metadata":{"x":${"[".repeat(500)}${"]".repeat(500)}}}`),
      400,
      "INVALID_METADATA",
    ],
    [
      "a body over the limit",
      () => raw(JSON.stringify({ platform: "a", posterUrl: good, metadata: { x: "y".repeat(5000) } })),
      413,
      "BODY_TOO_LARGE",
    ],
    [
      "a form body",
      () => raw("platform=a", "application/x-www-form-urlencoded"),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
    [
      "a text file",
      () => postJob(app.url, { platform: "a", posterUrl: images.url("/text.txt") }),
      422,
      "NOT_AN_IMAGE",
    ],
    [
      "an SVG",
      () => postJob(app.url, { platform: "a", posterUrl: images.url("/svg.svg") }),
      422,
      "UNSUPPORTED_IMAGE",
    ],
    [
      "a truncated JPEG",
      () => postJob(app.url, { platform: "a", posterUrl: images.url("/truncated.jpg") }),
      422,
      "CORRUPT_IMAGE",
    ],
    [
      "a 30000×30000 PNG",
      () => postJob(app.url, { platform: "a", posterUrl: images.url("/huge.png") }),
      422,
      "TOO_MANY_PIXELS",
    ],
    [
      "a URL to 127.0.0.1",
      () => postJob(app.url, { platform: "a", posterUrl: "http://127.0.0.1:9/x.jpg" }),
      422,
      "BLOCKED_ADDRESS",
    ],
    [
      "a URL to localhost",
      () => postJob(app.url, { platform: "a", posterUrl: "http://localhost:9/x.jpg" }),
      422,
      "BLOCKED_ADDRESS",
    ],
    [
      "a URL to the metadata service",
      () => postJob(app.url, { platform: "a", posterUrl: "http://169.254.169.254/latest/" }),
      422,
      "BLOCKED_ADDRESS",
    ],
    [
      "a redirect to a private address",
      () => postJob(app.url, { platform: "a", posterUrl: images.url("/to-private") }),
      422,
      "BLOCKED_ADDRESS",
    ],
    [
      "a redirect to the metadata service",
      () => postJob(app.url, { platform: "a", posterUrl: images.url("/to-metadata") }),
      422,
      "BLOCKED_ADDRESS",
    ],
    [
      "an image server that never answers",
      () => postJob(app.url, { platform: "a", posterUrl: images.url("/hangs.jpg") }),
      422,
      "FETCH_TIMEOUT",
    ],
    [
      "a 404",
      () => postJob(app.url, { platform: "a", posterUrl: images.url("/missing.jpg") }),
      422,
      "FETCH_FAILED",
    ],
  ])("%s", async (_name, send, status, code) => {
    const answer = await send();
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toBe(code);
    expect(answer.body.error.message.length).toBeGreaterThan(10);
  });

  it("stored nothing for any of them, and still serves a good poster", async () => {
    expect((await app.services.jobs.listJobs({ limit: 10 })).items).toEqual([]);
    expect(await app.services.queue.depth()).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    const stored = readdirSync(app.dataDir).filter((name) => !name.startsWith("posterguard.db"));
    expect(stored).toEqual([]);
    const ok = await postJob(app.url, { platform: "streamflix", posterUrl: good });
    expect(ok.status).toBe(202);
    expect(readdirSync(join(app.dataDir, "posters"))).toEqual(["streamflix"]);
    expect((await getJson(`${app.url}/healthz`)).status).toBe(200);
  });
});
