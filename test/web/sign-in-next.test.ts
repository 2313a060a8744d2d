import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateToken, keyEntry } from "../../src/auth/api-keys.js";
import { safeNext } from "../../src/web/routes/session-routes.js";
import { type RunningDashboard, startDashboard } from "./support/start-dashboard.js";

/**
 * `next` values that a browser would resolve to another site: tabs and newlines are stripped by
 * the URL parser, backslashes count as slashes, and `//host` is a scheme-relative URL.
 */
const OFF_SITE = [
  "/\t/evil.example/x",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "//evil.example/x",
  "/\\evil.example",
  "\\/evil.example",
  "/\t\\evil.example",
  "/.//evil.example",
  "https://evil.example/",
  "javascript:alert(1)",
  " //evil.example",
  "http:/evil.example",
];

/** Where a browser on the site goes with this Location. */
function destination(location: string | null, base: string): URL {
  return new URL(location ?? "", base);
}

describe("safeNext", () => {
  it("keeps a path on this site, with its query", () => {
    expect(safeNext("/ui/posters?status=violating")).toBe("/ui/posters?status=violating");
    expect(safeNext("/ui/posters/abc#violations")).toBe("/ui/posters/abc#violations");
  });

  it.each(OFF_SITE)("sends %j to / or a path of this site", (next) => {
    const kept = safeNext(next);
    const url = destination(kept, "https://posterguard.test/sign-in");
    expect(url.origin).toBe("https://posterguard.test");
    expect(kept.startsWith("/")).toBe(true);
    expect(kept).not.toMatch(/^\/[/\\]|[\t\n\r]/);
  });
});

describe("sign-in redirects over HTTP", () => {
  const token = generateToken();
  let open: RunningDashboard;
  let keyed: RunningDashboard;

  beforeAll(async () => {
    open = await startDashboard({ workers: false });
    keyed = await startDashboard({ workers: false, access: { API_KEYS: keyEntry("ada", "admin", token) } });
  });
  afterAll(async () => {
    await open?.stop();
    await keyed?.stop();
  });

  it.each([
    "/%09/evil.example/x",
    "/%0a/evil.example",
    "%2F%2Fevil.example",
    "/%5Cevil.example",
    "%5C%2Fevil.example",
    "/.//evil.example",
    "https%3A%2F%2Fevil.example",
  ])("GET /sign-in?next=%s stays on the site", async (encoded) => {
    const response = await fetch(`${open.url}/sign-in?next=${encoded}`, { redirect: "manual" });
    expect(response.status).toBe(303);
    expect(destination(response.headers.get("location"), open.url).origin).toBe(open.url);
  });

  it("POST /sign-in with an off-site next goes to a path of this site", async () => {
    // Sign-in allows 10 attempts a minute per client.
    for (const next of OFF_SITE.slice(0, 9)) {
      const response = await fetch(`${keyed.url}/sign-in`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: keyed.url },
        body: new URLSearchParams({ token, next }),
      });
      expect(response.status, next).toBe(303);
      expect(destination(response.headers.get("location"), keyed.url).origin, next).toBe(keyed.url);
    }
  });

  it("still returns to the page that asked for sign-in", async () => {
    const response = await fetch(`${open.url}/sign-in?next=%2Fui%2Fposters%3Fstatus%3Dviolating`, {
      redirect: "manual",
    });
    expect(response.headers.get("location")).toBe("/ui/posters?status=violating");
  });
});
