import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../support/start-app.js";

/** A request Node's parser refuses before any route runs, sent byte for byte. */
function rawRequest(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(`${url}/jobs`, { method: "POST", headers }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end("{}");
  });
}

// Found by the API fuzz (test/soak/api-fuzz.test.ts): Fastify's own answer to a request its
// parser refuses was {"error":"…","statusCode":431}, not the API's error shape.
describe("requests refused by the HTTP parser", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ workers: false });
  });
  afterAll(async () => {
    await app.stop();
  });

  it("answers headers over the size limit with 431 and {error:{code,message}}", async () => {
    const answer = await rawRequest(app.url, {
      "content-type": "application/json",
      "x-pad": "z".repeat(20_000),
    });
    expect(answer.status).toBe(431);
    expect(JSON.parse(answer.body)).toEqual({
      error: { code: "HEADERS_TOO_LARGE", message: expect.stringContaining("header") },
    });
  });

  it("stays up for the next request", async () => {
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
  });
});
