import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RobotsPolicy } from "../../src/crawler/robots/robots-policy.js";

const ROBOTS = [
  "User-agent: *",
  "Disallow: /private/",
  "",
  "User-agent: PosterGuardBot",
  "Disallow: /no-bots/",
  "Allow: /no-bots/posters/",
  "Crawl-delay: 2",
].join("\n");

let server: Server;
let origin = "";
const seen: { path: string; userAgent: string }[] = [];
/** What the server answers to every request, robots.txt included; each test sets it. */
let answer: { status: number; body: string } = { status: 200, body: ROBOTS };

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push({ path: request.url ?? "", userAgent: request.headers["user-agent"] ?? "" });
    response.writeHead(answer.status, { "content-type": "text/plain" }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const policy = (mode: "respect" | "ignore" = "respect") =>
  new RobotsPolicy({
    agent: "PosterGuardBot",
    userAgent: "Mozilla/5.0 (compatible; PosterGuardBot/0.1)",
    mode,
  });

describe("robots.txt", () => {
  it("applies the group for our token, reads robots.txt once per origin, and honours Crawl-delay", async () => {
    answer = { status: 200, body: ROBOTS };
    seen.length = 0;
    const robots = policy();
    expect(robots.knownVerdict(`${origin}/no-bots/x`)).toBeUndefined();
    expect(await robots.isAllowed(`${origin}/no-bots/x`)).toBe(false);
    expect(await robots.isAllowed(`${origin}/no-bots/posters/1.jpg`)).toBe(true);
    // Our own group replaces the * group, as RFC 9309 says.
    expect(await robots.isAllowed(`${origin}/private/x`)).toBe(true);
    expect(robots.knownVerdict(`${origin}/no-bots/y`)).toBe(false);
    expect(robots.crawlDelayMs(`${origin}/`)).toBe(2000);
    expect(seen).toEqual([
      { path: "/robots.txt", userAgent: "Mozilla/5.0 (compatible; PosterGuardBot/0.1)" },
    ]);
  });

  it("a missing robots.txt allows everything; a failing one disallows everything and says so", async () => {
    answer = { status: 404, body: "not found" };
    expect(await policy().isAllowed(`${origin}/anything`)).toBe(true);
    answer = { status: 503, body: "down" };
    const failing = policy();
    expect(await failing.isAllowed(`${origin}/anything`)).toBe(false);
    expect(failing.problems).toEqual([
      expect.objectContaining({ url: `${origin}/robots.txt`, code: "HTTP_503" }),
    ]);
  });

  it("a profile with robots: ignore reads no robots.txt and is allowed everywhere", async () => {
    answer = { status: 200, body: "User-agent: *\nDisallow: /\n" };
    seen.length = 0;
    const robots = policy("ignore");
    expect(await robots.isAllowed(`${origin}/private/x`)).toBe(true);
    expect(robots.knownVerdict(`${origin}/private/x`)).toBe(true);
    expect(seen).toEqual([]);
  });
});
