import sharp from "sharp";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createHttpPosterFetcher,
  type HttpPosterFetcher,
  type HttpPosterFetcherOptions,
} from "../../src/adapters/fetch/http-poster-fetcher.js";
import { PosterRejectedError, type PosterRejectionCode } from "../../src/domain/errors.js";
import type { FetchOutcome } from "../../src/ports/poster-fetcher.js";
import { type LoopbackServer, startLoopbackServer } from "./loopback-server.js";

const ALLOWED_HOST = "127.0.0.2";
const BLOCKED_HOST = "127.0.0.1";
const ETAG = '"poster-v1"';
const LAST_MODIFIED = "Wed, 01 Jan 2025 00:00:00 GMT";

let png: Buffer;
let images: LoopbackServer;
let internal: LoopbackServer;
const fetchers: HttpPosterFetcher[] = [];

function fetcher(options: HttpPosterFetcherOptions = {}): HttpPosterFetcher {
  const created = createHttpPosterFetcher({
    allowPrivate: false,
    allowedCidrs: [`${ALLOWED_HOST}/32`],
    ...options,
  });
  fetchers.push(created);
  return created;
}

async function rejection(promise: Promise<unknown>): Promise<PosterRejectedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PosterRejectedError);
  return error as PosterRejectedError;
}

async function expectRejected(
  promise: Promise<unknown>,
  code: PosterRejectionCode,
): Promise<PosterRejectedError> {
  const error = await rejection(promise);
  expect(error.code).toBe(code);
  return error;
}

function expectBody(outcome: FetchOutcome): Buffer {
  if (outcome.notModified) throw new Error("expected a body, got notModified");
  return outcome.body;
}

beforeAll(async () => {
  png = await sharp({ create: { width: 8, height: 12, channels: 3, background: "#c03" } })
    .png()
    .toBuffer();

  images = await startLoopbackServer(ALLOWED_HOST, (request, response) => {
    const url = new URL(request.url ?? "/", "http://x");
    const path = url.pathname;
    const chain = /^\/chain\/(\d+)$/.exec(path);
    if (path === "/poster.png" || path === "/dir/poster.png") {
      if (request.headers["if-none-match"] === ETAG) {
        response.writeHead(304, { etag: ETAG }).end();
        return;
      }
      response
        .writeHead(200, {
          "content-type": "image/png",
          "content-length": png.length,
          etag: ETAG,
          "last-modified": LAST_MODIFIED,
        })
        .end(png);
    } else if (chain) {
      const left = Number(chain[1]);
      const next = left === 0 ? "/poster.png" : `/chain/${left - 1}`;
      response.writeHead(302, { location: `${images.origin}${next}` }).end();
    } else if (path === "/dir/relative") {
      response.writeHead(301, { location: "poster.png" }).end("moved");
    } else if (path === "/to-internal") {
      response.writeHead(302, { location: `${internal.origin}/poster.png` }).end();
    } else if (path === "/to-file") {
      response.writeHead(302, { location: "file:///etc/passwd" }).end();
    } else if (path === "/declared-huge") {
      response.writeHead(200, { "content-type": "image/png", "content-length": 4096 });
      response.end(Buffer.alloc(4096));
    } else if (path === "/endless") {
      response.writeHead(200, { "content-type": "image/png" });
      const chunk = Buffer.alloc(512);
      const pump = () => {
        if (response.destroyed) return;
        if (response.write(chunk)) setImmediate(pump);
        else response.once("drain", pump);
      };
      pump();
    } else if (path === "/silent") {
      // Accepts the request and never answers.
    } else if (path === "/trickle") {
      response.writeHead(200, { "content-type": "image/png" });
      const interval = setInterval(() => response.write("x"), 20);
      response.once("close", () => clearInterval(interval));
    } else {
      response.writeHead(404, { "content-type": "text/plain" }).end("no such poster");
    }
  });

  internal = await startLoopbackServer(BLOCKED_HOST, (_request, response) => {
    response.writeHead(200, { "content-type": "image/png" }).end(png);
  });
});

afterEach(() => {
  for (const f of fetchers.splice(0)) f.close();
});

afterAll(async () => {
  await images.close();
  await internal.close();
});

describe("HTTP poster fetcher", () => {
  it("downloads an image from an allowed address with its type and validators", async () => {
    const outcome = await fetcher().fetch(`${images.origin}/poster.png`);

    expect(outcome).toEqual({
      notModified: false,
      finalUrl: `${images.origin}/poster.png`,
      body: png,
      contentType: "image/png",
      etag: ETAG,
      lastModified: LAST_MODIFIED,
    });
    expect(images.requests.at(-1)?.headers["user-agent"]).toMatch(/PosterGuard/);
  });

  it.each([
    ["loopback 127.0.0.1", () => `${internal.origin}/poster.png`, BLOCKED_HOST],
    ["IPv4-mapped loopback", () => `http://[::ffff:127.0.0.1]:${internal.port}/poster.png`, "::ffff:7f00:1"],
    ["IPv6 loopback", () => `http://[::1]:${internal.port}/poster.png`, "::1"],
    ["cloud metadata", () => "http://169.254.169.254/latest/meta-data/", "169.254.169.254"],
    ["unspecified 0.0.0.0", () => `http://0.0.0.0:${internal.port}/poster.png`, "0.0.0.0"],
    ["loopback written in hex", () => `http://0x7f.0.0.1:${internal.port}/poster.png`, BLOCKED_HOST],
  ])("refuses %s without connecting", async (_label, url, address) => {
    const before = internal.connections();

    const error = await expectRejected(fetcher().fetch(url()), "BLOCKED_ADDRESS");

    expect(error.message).toContain(address);
    expect(internal.connections()).toBe(before);
  });

  it("refuses a hostname that resolves to loopback, without connecting", async () => {
    const before = internal.connections();

    const error = await expectRejected(
      fetcher().fetch(`http://localhost:${internal.port}/poster.png`),
      "BLOCKED_ADDRESS",
    );

    expect(error.message).toContain("localhost");
    expect(internal.connections()).toBe(before);
  });

  it("checks the resolved address for https too", async () => {
    const before = internal.connections();

    await expectRejected(fetcher().fetch(`https://localhost:${internal.port}/poster.png`), "BLOCKED_ADDRESS");

    expect(internal.connections()).toBe(before);
  });

  it("reports a failed TLS handshake", async () => {
    const error = await expectRejected(
      fetcher().fetch(`https://${ALLOWED_HOST}:${images.port}/poster.png`),
      "FETCH_FAILED",
    );

    expect(error.message).toMatch(/TLS/);
    expect(error.message).toContain(`${ALLOWED_HOST}:${images.port}`);
  });

  it("lets loopback through when private addresses are allowed", async () => {
    const outcome = await fetcher({ allowPrivate: true, allowedCidrs: [] }).fetch(
      `${internal.origin}/poster.png`,
    );

    expect(expectBody(outcome)).toEqual(png);
  });

  it("still refuses cloud metadata when private addresses are allowed", async () => {
    await expectRejected(
      fetcher({ allowPrivate: true }).fetch("http://169.254.169.254/latest/meta-data/"),
      "BLOCKED_ADDRESS",
    );
  });

  it.each([
    "http://169.254.169.254/latest/meta-data/",
    "http://169.254.170.2/v2/credentials/abc",
    "http://169.254.170.23/v1/credentials",
    "http://100.100.100.200/latest/meta-data/",
    "http://[fd00:ec2::23]/v1/credentials",
    "http://[::ffff:169.254.169.254]/latest/meta-data/",
  ])("refuses %s even when FETCH_ALLOW_PRIVATE and FETCH_ALLOWED_CIDRS open everything", async (url) => {
    const error = await expectRejected(
      fetcher({ allowPrivate: true, allowedCidrs: ["0.0.0.0/0", "::/0"] }).fetch(url),
      "BLOCKED_ADDRESS",
    );
    expect(error.message).toContain("cloud metadata");
  });

  it("refuses a redirect to a blocked address without connecting to it", async () => {
    const before = internal.connections();

    const error = await expectRejected(fetcher().fetch(`${images.origin}/to-internal`), "BLOCKED_ADDRESS");

    expect(error.message).toContain(BLOCKED_HOST);
    expect(internal.connections()).toBe(before);
  });

  it("follows a chain of exactly maxRedirects redirects", async () => {
    const outcome = await fetcher({ maxRedirects: 5 }).fetch(`${images.origin}/chain/4`);

    expect(outcome.finalUrl).toBe(`${images.origin}/poster.png`);
    expect(expectBody(outcome)).toEqual(png);
  });

  it("refuses one redirect more than maxRedirects", async () => {
    await expectRejected(
      fetcher({ maxRedirects: 5 }).fetch(`${images.origin}/chain/5`),
      "TOO_MANY_REDIRECTS",
    );
  });

  it("resolves a relative Location against the current URL", async () => {
    const outcome = await fetcher().fetch(`${images.origin}/dir/relative`);

    expect(outcome.finalUrl).toBe(`${images.origin}/dir/poster.png`);
    expect(expectBody(outcome)).toEqual(png);
  });

  it("refuses a redirect to a non-http scheme", async () => {
    await expectRejected(fetcher().fetch(`${images.origin}/to-file`), "INVALID_URL");
  });

  it("refuses a body whose Content-Length is above the cap", async () => {
    const error = await expectRejected(
      fetcher({ maxBytes: 1024 }).fetch(`${images.origin}/declared-huge`),
      "TOO_LARGE",
    );
    expect(error.message).toContain("4096");
  });

  it("stops a body without Content-Length once it passes the cap", async () => {
    await expectRejected(
      fetcher({ maxBytes: 64 * 1024, totalTimeoutMs: 10_000 }).fetch(`${images.origin}/endless`),
      "TOO_LARGE",
    );
  });

  it("accepts a body of exactly the cap", async () => {
    const outcome = await fetcher({ maxBytes: png.length }).fetch(`${images.origin}/poster.png`);

    expect(expectBody(outcome)).toEqual(png);
  });

  it.each(["/silent", "/trickle"])("times out on %s within the total timeout", async (path) => {
    const started = performance.now();

    await expectRejected(fetcher({ totalTimeoutMs: 300 }).fetch(`${images.origin}${path}`), "FETCH_TIMEOUT");

    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2_000);
  });

  it("reports an HTTP error status", async () => {
    const error = await expectRejected(fetcher().fetch(`${images.origin}/missing.png`), "FETCH_FAILED");

    expect(error.message).toContain("404");
  });

  it("reports a refused connection", async () => {
    const closed = await startLoopbackServer(ALLOWED_HOST, () => {});
    await closed.close();

    const error = await expectRejected(fetcher().fetch(`${closed.origin}/poster.png`), "FETCH_FAILED");

    expect(error.message).toMatch(/refused/i);
  });

  it("sends conditional headers and returns notModified on 304", async () => {
    const outcome = await fetcher().fetch(`${images.origin}/poster.png`, {
      etag: ETAG,
      lastModified: LAST_MODIFIED,
    });

    expect(outcome).toEqual({ notModified: true, finalUrl: `${images.origin}/poster.png` });
    const sent = images.requests.at(-1)?.headers;
    expect(sent?.["if-none-match"]).toBe(ETAG);
    expect(sent?.["if-modified-since"]).toBe(LAST_MODIFIED);
  });

  it("returns the new body and validators when the poster changed", async () => {
    const outcome = await fetcher().fetch(`${images.origin}/poster.png`, { etag: '"poster-v0"' });

    expect(outcome.notModified).toBe(false);
    expect(expectBody(outcome)).toEqual(png);
    expect(outcome).toMatchObject({ etag: ETAG, lastModified: LAST_MODIFIED });
  });

  it.each([
    "file:///etc/passwd",
    "ftp://127.0.0.2/poster.png",
    "data:image/png;base64,iVBORw0KGgo=",
    "javascript:alert(1)",
    "not a url",
    "http://user:secret@127.0.0.2/poster.png",
  ])("refuses %s as an invalid URL", async (url) => {
    await expectRejected(fetcher().fetch(url), "INVALID_URL");
  });

  it("reuses one connection for consecutive fetches to the same host", async () => {
    const f = fetcher();
    const server = await startLoopbackServer(ALLOWED_HOST, (_request, response) => {
      response.writeHead(200, { "content-type": "image/png", "content-length": png.length }).end(png);
    });
    try {
      for (let i = 0; i < 3; i++) await f.fetch(`${server.origin}/poster.png`);

      expect(server.connections()).toBe(1);
    } finally {
      await server.close();
    }
  });

  it("retries once on a fresh connection when a pooled connection is dropped", async () => {
    const f = fetcher();
    const served = new WeakSet<object>();
    const server = await startLoopbackServer(ALLOWED_HOST, (request, response) => {
      if (served.has(request.socket)) {
        request.socket.destroy();
        return;
      }
      served.add(request.socket);
      response.writeHead(200, { "content-type": "image/png", "content-length": png.length }).end(png);
    });
    try {
      await f.fetch(`${server.origin}/poster.png`);
      const outcome = await f.fetch(`${server.origin}/poster.png`);

      expect(expectBody(outcome)).toEqual(png);
      expect(server.connections()).toBe(2);
    } finally {
      await server.close();
    }
  });
});
