import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateToken, hashToken, keyEntry } from "../../src/auth/api-keys.js";
import type { Role } from "../../src/auth/roles.js";
import { ImageServer } from "../support/image-server.js";
import { makePoster } from "../support/posters.js";
import { api, waitForJobWithKey } from "./support/api-client.js";
import { type RunningDashboard, startDashboard } from "./support/start-dashboard.js";

const tokens: Record<Role, string> = {
  submitter: generateToken(),
  reviewer: generateToken(),
  admin: generateToken(),
};
const ROLES = Object.keys(tokens) as Role[];

/** Signs in through the form and returns the session cookie. */
async function signIn(base: string, token: string): Promise<string> {
  const response = await fetch(`${base}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: base },
    body: new URLSearchParams({ token, next: "/ui/posters" }),
  });
  expect(response.status).toBe(303);
  expect(response.headers.get("location")).toBe("/ui/posters");
  const cookie = response.headers.get("set-cookie") ?? "";
  expect(cookie).toMatch(/HttpOnly/i);
  expect(cookie).toMatch(/SameSite=Strict/i);
  return cookie.split(";")[0] ?? "";
}

describe("access control with API keys", () => {
  let images: ImageServer;
  let server: RunningDashboard;
  let posterHash: string;
  let posterUrl: string;

  beforeAll(async () => {
    images = await new ImageServer().start();
    server = await startDashboard({
      logLevel: "trace",
      access: {
        API_KEYS: [
          keyEntry("crawler", "submitter", tokens.submitter),
          // A plain-text token in the environment is hashed at start, and works the same.
          `alice:reviewer:${tokens.reviewer}`,
          keyEntry("ada", "admin", tokens.admin),
        ].join(","),
      },
    });
    posterUrl = images.set("/ac/small.jpg", { body: await makePoster(201, 300, 450) });
    const { body } = await api(server.url, tokens.submitter, "POST", "/jobs", {
      platform: "streamflix",
      posterUrl,
    });
    const done = await waitForJobWithKey(server.url, tokens.submitter, body.jobId, ["COMPLETED"]);
    posterHash = done.posterHash;
  });

  afterAll(async () => {
    await server?.stop();
    await images?.stop();
  });

  const routes: { method: string; name: string; path: () => string; body?: () => unknown; roles: Role[] }[] =
    [
      { method: "GET", name: "/jobs", path: () => "/jobs", roles: ["submitter", "reviewer", "admin"] },
      {
        method: "GET",
        name: "/posters/:posterHash",
        path: () => `/posters/${posterHash}`,
        roles: ["submitter", "reviewer", "admin"],
      },
      {
        method: "GET",
        name: "/posters?status=violating",
        path: () => "/posters?status=violating",
        roles: ["submitter", "reviewer", "admin"],
      },
      {
        method: "GET",
        name: "/posters/:posterHash/thumbnail",
        path: () => `/posters/${posterHash}/thumbnail`,
        roles: ["submitter", "reviewer", "admin"],
      },
      { method: "GET", name: "/metrics", path: () => "/metrics", roles: ["submitter", "reviewer", "admin"] },
      { method: "GET", name: "/audit", path: () => "/audit", roles: ["submitter", "reviewer", "admin"] },
      { method: "GET", name: "/policy", path: () => "/policy", roles: ["submitter", "reviewer", "admin"] },
      {
        method: "POST",
        name: "/jobs",
        path: () => "/jobs",
        body: () => ({ platform: "otherflix", posterUrl }),
        roles: ["submitter", "admin"],
      },
      {
        method: "POST",
        name: "/posters/:posterHash/reviews",
        path: () => `/posters/${posterHash}/reviews`,
        body: () => ({ scope: "violation", code: "LOW_RESOLUTION", action: "confirm", note: "too small" }),
        roles: ["reviewer", "admin"],
      },
      {
        method: "GET",
        name: "/exports/posters.csv",
        path: () => "/exports/posters.csv",
        roles: ["reviewer", "admin"],
      },
      {
        method: "GET",
        name: "/exports/posters.json",
        path: () => "/exports/posters.json",
        roles: ["reviewer", "admin"],
      },
      { method: "POST", name: "/policy/rejudge", path: () => "/policy/rejudge", roles: ["admin"] },
    ];

  for (const route of routes) {
    it(`${route.method} ${route.name}: 401 without a key, allowed only for ${route.roles.join(", ")}`, async () => {
      const body = route.body?.();
      const anonymous = await api(server.url, undefined, route.method, route.path(), body);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error.code).toBe("UNAUTHORIZED");
      expect(anonymous.headers.get("www-authenticate")).toContain("Bearer");
      for (const role of ROLES) {
        const answer = await api(server.url, tokens[role], route.method, route.path(), body);
        if (route.roles.includes(role)) {
          expect(answer.status, `${role} should be allowed`).toBeLessThan(300);
        } else {
          expect(answer.status, `${role} should be refused`).toBe(403);
          expect(answer.body.error.code).toBe("FORBIDDEN");
          expect(answer.body.error.message).toContain(role);
        }
      }
    });
  }

  it("refuses a wrong key with 401, and keeps health and the API docs public", async () => {
    const wrong = await api(server.url, `${tokens.admin}x`, "GET", "/jobs");
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe("INVALID_API_KEY");
    const malformed = await fetch(`${server.url}/jobs`, { headers: { authorization: "Basic abc" } });
    expect(malformed.status).toBe(401);
    // Beside a SigV4 signature (an IAM-authorised API Gateway), the key goes in X-Api-Key.
    const signed = {
      authorization:
        "AWS4-HMAC-SHA256 Credential=AKIA/20261125/us-east-1/execute-api/aws4_request, Signature=abc",
    };
    const beside = await fetch(`${server.url}/jobs`, {
      headers: { ...signed, "x-api-key": tokens.reviewer },
    });
    expect(beside.status).toBe(200);
    const wrongBeside = await fetch(`${server.url}/jobs`, {
      headers: { ...signed, "x-api-key": "pgk_nope" },
    });
    expect(wrongBeside.status).toBe(401);
    expect((await api(server.url, undefined, "GET", "/healthz")).status).toBe(200);
    expect((await fetch(`${server.url}/docs/json`)).status).toBe(200);
    // An unknown URL gives nothing away without a key.
    expect((await api(server.url, undefined, "GET", "/no/such/route")).status).toBe(401);
    expect((await api(server.url, tokens.submitter, "GET", "/no/such/route")).status).toBe(404);
  });

  it("sends a signed-out browser to sign in, and lets a session in with its role", async () => {
    const page = await fetch(`${server.url}/ui/posters?status=violating`, { redirect: "manual" });
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe("/sign-in?next=%2Fui%2Fposters%3Fstatus%3Dviolating");

    const refused = await fetch(`${server.url}/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url },
      body: new URLSearchParams({ token: "pgk_wrong-wrong-wrong-wrong-wrong" }),
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("set-cookie")).toBeNull();

    const cookie = await signIn(server.url, tokens.reviewer);
    const gallery = await fetch(`${server.url}/ui/posters`, { headers: { cookie } });
    expect(gallery.status).toBe(200);
    expect(await gallery.text()).toContain("alice");
    // A reviewer's session cannot redrive the DLQ: a 403 page, not a redirect.
    const redrive = await fetch(`${server.url}/ui/dlq/redrive`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie, origin: server.url, "content-type": "application/x-www-form-urlencoded" },
      body: "",
    });
    expect(redrive.status).toBe(403);
    expect(await redrive.text()).toContain("may not operate");
    // A forged cookie is no session.
    const forged = await fetch(`${server.url}/ui/posters`, {
      redirect: "manual",
      headers: { cookie: cookie.replace(/.$/, (c) => (c === "A" ? "B" : "A")) },
    });
    expect(forged.status).toBe(303);
  });

  it("refuses state changes from other sites, and from a session without an origin", async () => {
    const cookie = await signIn(server.url, tokens.reviewer);
    const form = new URLSearchParams({ scope: "poster", action: "confirm", note: "fine" });
    const post = (headers: Record<string, string>) =>
      fetch(`${server.url}/ui/posters/${posterHash}/reviews`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie, ...headers },
        body: form,
      });
    expect((await post({ origin: "https://evil.example" })).status).toBe(403);
    expect((await post({ origin: server.url, "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await post({})).status).toBe(403);
    const before = (await api(server.url, tokens.reviewer, "GET", `/posters/${posterHash}/reviews`)).body;
    const ok = await post({ origin: server.url, "sec-fetch-site": "same-origin" });
    expect(ok.status).toBe(303);
    const after = (await api(server.url, tokens.reviewer, "GET", `/posters/${posterHash}/reviews`)).body;
    expect(after.decisions.length).toBe(before.decisions.length + 1);
    expect(after.decisions.at(-1).reviewer).toEqual({ name: "alice", role: "reviewer" });
    // The JSON API refuses form bodies: only the dashboard's own forms take them.
    const formToApi = await fetch(`${server.url}/posters/${posterHash}/reviews`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${tokens.reviewer}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: form,
    });
    expect(formToApi.status).toBe(415);
  });

  it("changes nothing on GET: state-changing paths do not answer GET, and reading pages leaves no trace", async () => {
    for (const path of [
      "/policy/rejudge",
      "/ui/policy/rejudge",
      "/ui/dlq/redrive",
      `/ui/posters/${posterHash}/reviews`,
      "/sign-out",
    ]) {
      const answer = await api(server.url, tokens.admin, "GET", path);
      expect(answer.status, path).toBe(404);
    }
    const audit = (await api(server.url, tokens.admin, "GET", "/audit")).body.items.length;
    const depth = await server.services.queue.depth();
    for (const path of [
      "/",
      "/ui/posters",
      `/ui/posters/${posterHash}`,
      "/ui/audit",
      "/ui/dlq",
      "/ui/policy",
      "/ui/crawls",
    ]) {
      const answer = await api(server.url, tokens.admin, "GET", path);
      expect(answer.status, path).toBe(200);
    }
    expect((await api(server.url, tokens.admin, "GET", "/audit")).body.items.length).toBe(audit);
    expect(await server.services.queue.depth()).toEqual(depth);
  });

  it("sends security headers on pages and the API", async () => {
    for (const path of ["/ui/posters", "/jobs"]) {
      const response = await fetch(`${server.url}${path}`, {
        headers: { authorization: `Bearer ${tokens.admin}` },
      });
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("same-origin");
      expect(response.headers.get("x-ratelimit-limit")).toBe("1200");
    }
  });

  it("never writes a key, its digest or a session cookie to the log", async () => {
    const cookie = await signIn(server.url, tokens.admin);
    await fetch(`${server.url}/ui/posters`, { headers: { cookie } });
    await api(server.url, `${tokens.admin}-wrong`, "GET", "/jobs");
    const log = server.logs.join("");
    expect(log.length).toBeGreaterThan(1000);
    expect(log).toContain("dashboard sign-in");
    for (const token of Object.values(tokens)) {
      expect(log).not.toContain(token);
      expect(log).not.toContain(token.slice(4, 20));
      expect(log).not.toContain(hashToken(token).slice(7));
    }
    expect(log).not.toContain(cookie.split("=")[1] ?? "<none>");
  });
});

describe("rate limiting", () => {
  let server: RunningDashboard;
  const token = generateToken();

  beforeAll(async () => {
    server = await startDashboard({
      workers: false,
      access: { API_KEYS: keyEntry("ada", "admin", token), RATE_LIMIT_PER_MINUTE: 5 },
    });
  });
  afterAll(async () => server?.stop());

  it("answers 429 past the limit, and limits sign-in attempts on their own", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await api(server.url, token, "GET", "/jobs")).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = await api(server.url, token, "GET", "/jobs");
    expect(limited.body.error.code).toBe("RATE_LIMITED");

    const attempts: number[] = [];
    for (let i = 0; i < 11; i++) {
      const response = await fetch(`${server.url}/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url },
        body: new URLSearchParams({ token: `pgk_guess-${i}-aaaaaaaaaaaaaaaaaaaa` }),
      });
      attempts.push(response.status);
    }
    expect(attempts.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(attempts[10]).toBe(429);
  });
});

/** fetch() will not send another Host header; a DNS-rebinding page's request would. */
function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers: { host } }, (response) => {
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

describe("open access: no keys configured", () => {
  let server: RunningDashboard;

  beforeAll(async () => {
    server = await startDashboard({ workers: false });
  });
  afterAll(async () => server?.stop());

  it("binds loopback, says so, and serves the dashboard without sign-in under a banner", async () => {
    expect(server.notice).toBe("open access on loopback — configure API_KEYS before exposing this server");
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("open access on loopback — configure API_KEYS before exposing this server");
    expect((await api(server.url, undefined, "POST", "/policy/rejudge")).status).toBe(200);
  });

  it("refuses a page on another site and a rebound host name", async () => {
    const crossSite = await fetch(`${server.url}/policy/rejudge`, {
      method: "POST",
      headers: { origin: "https://evil.example" },
    });
    expect(crossSite.status).toBe(403);
    const rebound = await getWithHost(`${server.url}/jobs`, "evil.example");
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body).error.code).toBe("LOOPBACK_ONLY");
    expect((await getWithHost(`${server.url}/jobs`, "localhost:3000")).status).toBe(200);
  });
});
