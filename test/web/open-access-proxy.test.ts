import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/http/build-app.js";
import { type RunningDashboard, startDashboard } from "./support/start-dashboard.js";

/** A loopback request with headers fetch() will not send as given (Host, Forwarded). */
function get(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers }, (response) => {
      let body = "";
      response.on("data", (chunk) => {
        body += chunk;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("error", reject);
    request.end();
  });
}

describe("open access trusts the socket's peer, not what a proxy relays", () => {
  let server: RunningDashboard;

  beforeAll(async () => {
    server = await startDashboard({ workers: false });
  });
  afterAll(async () => server?.stop());

  it("lets a direct loopback client in", async () => {
    expect((await get(`${server.url}/jobs`, { host: "127.0.0.1" })).status).toBe(200);
  });

  it.each([
    ["X-Forwarded-For", { "x-forwarded-for": "203.0.113.9" }],
    ["Forwarded", { forwarded: "for=203.0.113.9;proto=https" }],
    ["X-Real-IP", { "x-real-ip": "203.0.113.9" }],
    ["X-Forwarded-Host", { "x-forwarded-host": "posterguard.example" }],
    ["Via", { via: "1.1 nginx" }],
  ])("refuses a same-host proxy that sends Host: 127.0.0.1 and %s", async (_name, headers) => {
    const relayed = await get(`${server.url}/jobs`, { host: "127.0.0.1", ...headers });
    expect(relayed.status).toBe(403);
    expect(JSON.parse(relayed.body).error.code).toBe("LOOPBACK_ONLY");
    const rejudge = await get(`${server.url}/ui/dlq`, { host: "127.0.0.1", ...headers });
    expect(rejudge.status).toBe(403);
  });

  it("refuses a remote peer whatever Host it names", async () => {
    const app = await buildApp(server.services);
    try {
      for (const host of ["127.0.0.1", "localhost", "[::1]"]) {
        const remote = await app.inject({ url: "/jobs", headers: { host }, remoteAddress: "203.0.113.9" });
        expect(remote.statusCode, host).toBe(403);
      }
      const local = await app.inject({
        url: "/jobs",
        headers: { host: "127.0.0.1" },
        remoteAddress: "127.0.0.1",
      });
      expect(local.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
