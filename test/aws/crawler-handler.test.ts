import { rmSync } from "node:fs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Context } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoCrawlRunStore } from "../../src/adapters/aws/dynamo-crawl-run-store.js";
import type { Services } from "../../src/compose.js";
import { expectedPosterPaths } from "../crawler/fixtures/catalog-data.js";
import { CatalogServer } from "../crawler/fixtures/catalog-server.js";
import { CHROMIUM, SHIPPED_PROFILES } from "../crawler/fixtures/crawl-harness.js";
import { makeDataDir, testEnv } from "../support/start-app.js";
import { createAwsResources, startAwsEmulators } from "./aws-environment.js";

const context = (remainingMs: number) =>
  ({
    functionName: "crawler",
    awsRequestId: "req",
    getRemainingTimeInMillis: () => remainingMs,
  }) as Context;

describe("the crawler Lambda on the AWS emulators", () => {
  let emulators: Awaited<ReturnType<typeof startAwsEmulators>>;
  let catalog: CatalogServer;
  let services: Services;
  let crawler: typeof import("../../src/lambda/crawler-handler.js");
  let dataDir: string;

  beforeAll(async () => {
    emulators = await startAwsEmulators();
    catalog = await new CatalogServer().start();
    dataDir = makeDataDir();
    const env = {
      ...testEnv(dataDir),
      ...emulators.env,
      PROFILES_DIR: SHIPPED_PROFILES,
      CHROMIUM_PATH: CHROMIUM,
      CRAWL_SCHEDULE: "off",
      EXAMPLE_CATALOG_ORIGIN: catalog.origin,
      FETCH_TIMEOUT_MS: "15000",
    };
    Object.assign(process.env, env);
    await createAwsResources(env);
    crawler = await import("../../src/lambda/crawler-handler.js");
    services = (await import("../../src/lambda/lambda-services.js")).lambdaServices();
  }, 60_000);

  afterAll(async () => {
    await services?.close();
    await catalog?.stop();
    await emulators?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("crawls the platform it is given and creates a job in DynamoDB and SQS for each poster", async () => {
    const result = await crawler.handler({ platform: "example-paginated-grid" }, context(10 * 60_000));
    expect(result.skipped).toEqual([]);
    expect(result.runs).toHaveLength(1);
    const [run] = result.runs;
    expect(run?.status).toBe("COMPLETED");
    // Every grid poster but the broken image becomes a job.
    const expected = expectedPosterPaths("grid").length - 1;
    expect(run?.counts.submitted).toBe(expected);
    expect((await services.jobs.countByStatus()).PENDING).toBe(expected);
    expect((await services.queue.depth()).visible).toBe(expected);
    // The run record is in DynamoDB, where the API's Lambda and the dashboard read it.
    const client = new DynamoDBClient({ endpoint: emulators.env.AWS_ENDPOINT_URL_DYNAMODB });
    try {
      const stored = await new DynamoCrawlRunStore({ client, tableName: "pg-jobs" }).get(run?.runId ?? "");
      expect(stored?.posters.filter((p) => p.outcome === "submitted")).toHaveLength(expected);
    } finally {
      client.destroy();
    }
  }, 120_000);

  it("on the schedule's event crawls only platforms whose profile is not `schedule: off`", async () => {
    // Every shipped example profile is off: the scheduled event has nothing to do.
    const result = await crawler.handler(undefined, context(10 * 60_000));
    expect(result).toEqual({ runs: [], skipped: [] });
  });

  it("reports a platform without a profile, and one it has no time left for, without throwing", async () => {
    const missing = await crawler.handler({ platform: "no-such-platform" }, context(10 * 60_000));
    expect(missing.skipped).toEqual([
      { platform: "no-such-platform", reason: expect.stringContaining("no crawl profile") },
    ]);
    const late = await crawler.handler({ platform: "example-paginated-grid" }, context(30_000));
    expect(late).toEqual({
      runs: [],
      skipped: [{ platform: "example-paginated-grid", reason: "no time left in this invocation" }],
    });
  });
});
