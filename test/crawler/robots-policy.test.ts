import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNetworkFence } from "../../src/crawler/fence/network-fence.js";
import { RobotsPolicy } from "../../src/crawler/robots/robots-policy.js";
import { CountingListener, hostsMap } from "./fixtures/fence-hosts.js";

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
    fence: createNetworkFence({ allowPrivate: false, allowedCidrs: ["127.0.0.1/32"] }),
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

describe("robots.txt behind the crawl's fence", () => {
  let site: Server;
  let siteOrigin = "";
  let closed: CountingListener;
  const sockets = new Set<Socket>();
  const closedSockets: Socket[] = [];
  /** What the site answers for robots.txt; each test sets it. */
  let robotsAnswer: (response: ServerResponse) => void = (r) => r.end();

  beforeAll(async () => {
    closed = await new CountingListener("127.0.0.3").start();
    site = createServer((_request, response) => robotsAnswer(response));
    site.on("connection", (socket: Socket) => {
      sockets.add(socket);
      socket.once("close", () => closedSockets.push(socket));
    });
    await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
    siteOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    site.closeAllConnections();
    await new Promise<void>((resolve) => site.close(() => resolve()));
    await closed.stop();
  });

  const fenced = (timeoutMs = 10_000) =>
    new RobotsPolicy({
      agent: "PosterGuardBot",
      userAgent: "PosterGuardBot/0.1",
      mode: "respect",
      timeoutMs,
      fence: createNetworkFence({
        allowPrivate: false,
        allowedCidrs: ["127.0.0.1/32"],
        resolveHostname: hostsMap({ "internal.test": "127.0.0.3", "metadata.test": "169.254.169.254" }),
      }),
    });

  it("does not follow a redirect to a closed address (by address or by name): no rules, and the refusal is reported without the address", async () => {
    for (const to of [
      `http://127.0.0.3:${closed.port}/robots.txt`,
      `http://internal.test:${closed.port}/robots.txt`,
    ]) {
      robotsAnswer = (response) => response.writeHead(302, { location: to }).end();
      const robots = fenced();
      expect(await robots.isAllowed(`${siteOrigin}/private/x`)).toBe(true);
      expect(robots.problems).toEqual([
        expect.objectContaining({ url: `${siteOrigin}/robots.txt`, code: "BLOCKED_ADDRESS" }),
      ]);
      if (to.includes("internal.test")) expect(robots.problems[0]?.reason).not.toContain("127.0.0.3");
    }
    expect(closed.connections).toBe(0);
  });

  it("refuses an origin on a closed address outright, connecting to nothing", async () => {
    const robots = fenced();
    expect(await robots.isAllowed("http://metadata.test/latest/")).toBe(false);
    expect(await robots.isAllowed(`http://127.0.0.3:${closed.port}/x`)).toBe(false);
    expect(robots.problems.map((p) => [p.url, p.code])).toEqual([
      ["http://metadata.test/robots.txt", "BLOCKED_ADDRESS"],
      [`http://127.0.0.3:${closed.port}/robots.txt`, "BLOCKED_ADDRESS"],
    ]);
    expect(robots.problems[0]?.reason).toContain("metadata.test resolves to a cloud metadata address");
    expect(robots.problems[0]?.reason).not.toContain("169.254");
    expect(closed.connections).toBe(0);
  });

  it("stops following redirects after five and takes the file as missing", async () => {
    robotsAnswer = (response) => response.writeHead(302, { location: "/robots.txt" }).end();
    const robots = fenced();
    expect(await robots.isAllowed(`${siteOrigin}/private/x`)).toBe(true);
    expect(robots.problems.map((p) => p.code)).toEqual(["ROBOTS_TOO_MANY_REDIRECTS"]);
  });

  it("reads only the first 500 KiB of an endless robots.txt and closes the connection", async () => {
    robotsAnswer = (response) => {
      response.writeHead(200, { "content-type": "text/plain" });
      response.write("User-agent: *\nDisallow: /private/\n");
      const padding = `# ${"x".repeat(1022)}\n`;
      // Keeps sending as long as the reader reads; never ends.
      const more = () => {
        while (!response.destroyed && response.write(padding));
        if (!response.destroyed) response.once("drain", more);
      };
      more();
    };
    closedSockets.length = 0;
    const robots = fenced(5_000);
    const started = Date.now();
    expect(await robots.isAllowed(`${siteOrigin}/private/x`)).toBe(false);
    expect(await robots.isAllowed(`${siteOrigin}/public/x`)).toBe(true);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(robots.problems).toEqual([]);
    await expect.poll(() => closedSockets.length).toBeGreaterThan(0);
  });

  it("gives up on a robots.txt that does not answer in time", async () => {
    robotsAnswer = () => {};
    const robots = fenced(300);
    expect(await robots.isAllowed(`${siteOrigin}/x`)).toBe(false);
    expect(robots.problems.map((p) => p.code)).toEqual(["ROBOTS_UNREACHABLE"]);
    expect(robots.problems[0]?.reason).toContain("300 ms");
  });
});
