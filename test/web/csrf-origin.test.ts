import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateToken, keyEntry } from "../../src/auth/api-keys.js";
import { type RunningDashboard, startDashboard } from "./support/start-dashboard.js";

const FORM = { "content-type": "application/x-www-form-urlencoded" };

async function signIn(base: string, token: string): Promise<string> {
  const response = await fetch(`${base}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { ...FORM, origin: base },
    body: new URLSearchParams({ token, next: "/" }),
  });
  expect(response.status).toBe(303);
  return (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}

describe("a signed-in browser's state change must come from this site's own origin", () => {
  const token = generateToken();
  let server: RunningDashboard;
  let cookie: string;
  const rejudge = (headers: Record<string, string>) =>
    fetch(`${server.url}/ui/policy/rejudge`, {
      method: "POST",
      redirect: "manual",
      headers: { ...FORM, cookie, ...headers },
      body: "",
    });

  beforeAll(async () => {
    server = await startDashboard({ workers: false, access: { API_KEYS: keyEntry("ada", "admin", token) } });
    cookie = await signIn(server.url, token);
  });
  afterAll(async () => server?.stop());

  it("accepts the site's own Origin, or its Referer when no Origin is sent", async () => {
    expect((await rejudge({ origin: server.url })).status).toBe(303);
    expect((await rejudge({ referer: `${server.url}/ui/policy` })).status).toBe(303);
  });

  it.each([
    ["another site's Origin", () => ({ origin: "https://evil.example" })],
    ["the same host on another scheme", (site: string) => ({ origin: site.replace("http:", "https:") })],
    ["the same host on another port", () => ({ origin: "http://127.0.0.1:1" })],
    ["Origin: null", () => ({ origin: "null" })],
    ["another site's Referer and no Origin", () => ({ referer: "https://evil.example/page" })],
    [
      "a Referer on this host under another scheme",
      (site: string) => ({ referer: `${site.replace("http:", "https:")}/ui/policy` }),
    ],
    ["a Referer that is not a URL", () => ({ referer: "not a url" })],
    [
      "the site's Referer but another site's Origin",
      (site: string) => ({ origin: "https://evil.example", referer: `${site}/ui/policy` }),
    ],
    ["neither Origin nor Referer", () => ({})],
  ])("refuses %s with 403", async (_label, headersFor: (site: string) => Record<string, string>) => {
    const response = await rejudge(headersFor(server.url));
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/another (site|origin)|page of this site/);
  });

  it("does not ask an API key without a cookie for an Origin", async () => {
    const response = await fetch(`${server.url}/policy/rejudge`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
  });
});

describe("open access refuses another site's page by Referer too", () => {
  let server: RunningDashboard;

  beforeAll(async () => {
    server = await startDashboard({ workers: false });
  });
  afterAll(async () => server?.stop());

  it("refuses a cross-site Referer, accepts its own and a client that sends neither", async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${server.url}/policy/rejudge`, { method: "POST", headers });
    expect((await post({ referer: "https://evil.example/page" })).status).toBe(403);
    expect((await post({ referer: `${server.url}/ui/policy` })).status).toBe(200);
    expect((await post({})).status).toBe(200);
  });
});
