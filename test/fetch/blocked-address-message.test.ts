import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAddressPolicy } from "../../src/adapters/fetch/address-policy.js";
import { createHttpPosterFetcher } from "../../src/adapters/fetch/http-poster-fetcher.js";
import { createUrlGuard } from "../../src/crawler/url-guard.js";
import { PosterRejectedError } from "../../src/domain/errors.js";
import { postJob, type RunningApp, startApp } from "../support/start-app.js";

/** What `localhost` may resolve to here. */
const LOOPBACK_ADDRESSES = ["127.0.0.1", "::1", "::ffff:127.0.0.1"];

function expectNoResolvedAddress(message: string): void {
  for (const address of LOOPBACK_ADDRESSES) expect(message).not.toContain(address);
}

describe("a refused address names the host and the kind of address, never the address it resolved to", () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp({ workers: false });
  });
  afterAll(async () => app?.stop());

  it("in the fetcher's error", async () => {
    const fetcher = createHttpPosterFetcher({ allowPrivate: false, allowedCidrs: [] });
    try {
      const error = await fetcher.fetch("http://localhost:9/poster.png").then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PosterRejectedError);
      const { code, message } = error as PosterRejectedError;
      expect(code).toBe("BLOCKED_ADDRESS");
      expect(message).toContain("localhost");
      expect(message).toContain("loopback");
      expectNoResolvedAddress(message);
    } finally {
      fetcher.close();
    }
  });

  it("in the API's answer to POST /jobs", async () => {
    const response = await postJob(app.url, { platform: "a", posterUrl: "http://localhost:9/x.jpg" });
    expect(response.status).toBe(422);
    const error = response.body.error as { code: string; message: string };
    expect(error.code).toBe("BLOCKED_ADDRESS");
    expect(error.message).toContain("localhost");
    expectNoResolvedAddress(error.message);
  });

  it("in the crawler's start-URL check", async () => {
    const guard = createUrlGuard(createAddressPolicy({ allowPrivate: false, allowedCidrs: [] }));
    const error = await guard.checkStartUrl("http://localhost:9/catalog").then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain("localhost");
    expect(error?.message).toContain("loopback");
    expectNoResolvedAddress(error?.message ?? "");
  });
});
