import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DynamoCrawlRunStore } from "../../src/adapters/aws/dynamo-crawl-run-store.js";
import { DynamoJobStore } from "../../src/adapters/aws/dynamo-job-store.js";
import { ensureTable } from "../../src/adapters/aws/ensure-table.js";
import type { CrawlRun } from "../../src/ports/crawl-run-store.js";
import { type Dynalite, startDynalite } from "../support/dynalite.js";
import { bigRun, crawlRun, describeCrawlRunStoreContract, runId } from "./crawl-run-store.contract.js";

let dynalite: Dynalite;
let tables = 0;

beforeAll(async () => {
  dynalite = await startDynalite();
});
afterAll(async () => {
  await dynalite.stop();
});

async function openStore() {
  const tableName = `crawl-runs-${++tables}`;
  const admin = dynalite.client();
  await ensureTable(admin, tableName, { pollMs: 10 });
  const open = () => new DynamoCrawlRunStore({ client: dynalite.client(), tableName });
  return {
    store: open(),
    another: async () => open(),
    tableName,
    doc: DynamoDBDocumentClient.from(admin),
    async close() {
      await admin.send(new DeleteTableCommand({ TableName: tableName }));
    },
  };
}

describeCrawlRunStoreContract("DynamoCrawlRunStore on dynalite", openStore);

describe("DynamoCrawlRunStore beyond the contract", () => {
  let opened: Awaited<ReturnType<typeof openStore>>;
  beforeEach(async () => {
    opened = await openStore();
  });
  afterEach(async () => {
    await opened.close();
  });

  async function allItems(): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await opened.doc.send(
        new ScanCommand({ TableName: opened.tableName, ExclusiveStartKey: startKey }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  const pageItems = async () => (await allItems()).filter((i) => i.itemType === "CRAWL_PAGE");

  it("stores a run of megabytes as items far below DynamoDB's 400 KB, and leaves no page behind", async () => {
    const big = bigRun(1, 3000, 600);
    expect(Buffer.byteLength(JSON.stringify(big))).toBeGreaterThan(1024 * 1024);
    await opened.store.save(big);
    const items = await allItems();
    const largest = Math.max(...items.map((i) => Buffer.byteLength(JSON.stringify(i))));
    expect(largest).toBeLessThan(64 * 1024);
    const pagesBefore = (await pageItems()).length;
    expect(pagesBefore).toBeGreaterThan(20);

    await opened.store.save(crawlRun(1, { status: "FAILED" }));
    expect((await pageItems()).length).toBe(2);
    expect(await opened.store.get(runId(1))).toEqual(crawlRun(1, { status: "FAILED" }));
  });

  it("rewrites only the pages a progress save changed", async () => {
    const run = bigRun(1, 3000, 0);
    await opened.store.save({ ...run, status: "RUNNING" });
    const before = new Set((await pageItems()).map((i) => String(i.jobId)));
    await opened.store.save({ ...run, posters: [...run.posters, ...bigRun(1, 20, 0).posters] });
    const after = (await pageItems()).map((i) => String(i.jobId));
    const rewritten = after.filter((key) => !before.has(key));
    expect(after.length).toBeGreaterThan(10);
    expect(rewritten.length).toBeLessThanOrEqual(2);
  });

  it("keeps one whole record when two processes save the same run at once", async () => {
    const other = await opened.another();
    const a: CrawlRun = { ...bigRun(1, 2000, 50), status: "RUNNING" };
    const b: CrawlRun = { ...bigRun(1, 900, 400), status: "COMPLETED", stoppedBy: "maxPosters" };
    await opened.store.save(crawlRun(1, { status: "RUNNING" }));
    await Promise.all([opened.store.save(a), other.save(b)]);
    const kept = await opened.store.get(runId(1));
    expect([a, b]).toContainEqual(kept);
    // Only the pages of the record kept remain: the other save's were removed.
    const expected = kept === undefined ? 0 : kept.posters.length + kept.errors.length;
    expect(expected).toBeGreaterThan(0);
    const stored = await pageItems();
    const entries = stored.reduce(
      (sum, page) => sum + (JSON.parse(String(page.payload)) as unknown[]).length,
      0,
    );
    expect(entries).toBe(expected + (kept?.agentSteps?.length ?? 0));
  });

  it("never shows a reader a mix of two saves", async () => {
    const other = await opened.another();
    const versions: CrawlRun[] = [3, 1, 4, 2].map((k) => ({
      ...bigRun(1, 300 * k, 40 * k),
      status: "RUNNING",
    }));
    await opened.store.save(crawlRun(1, { status: "RUNNING" }));
    let saving = true;
    const reads: (CrawlRun | undefined)[] = [];
    const reader = (async () => {
      while (saving) reads.push(await other.get(runId(1)));
    })();
    for (const version of versions) await opened.store.save(version);
    saving = false;
    await reader;
    expect(reads.length).toBeGreaterThan(0);
    const seen = [crawlRun(1, { status: "RUNNING" }), ...versions];
    for (const read of reads) expect(seen).toContainEqual(read);
  });

  it("cuts an error reason as long as a stack trace instead of failing the save", async () => {
    const reason = "at frame\n".repeat(60_000);
    const run = crawlRun(1, {
      errors: [{ kind: "run", url: "https://catalog.example/", code: "CRAWL_FAILED", reason, at: "x" }],
    });
    await opened.store.save(run);
    const saved = await opened.store.get(runId(1));
    expect(saved?.errors[0]?.reason.startsWith("at frame\nat frame")).toBe(true);
    expect(saved?.errors[0]?.reason.length).toBeLessThanOrEqual(16 * 1024);
  });

  it("shares the job table without showing up among jobs", async () => {
    const jobs = new DynamoJobStore({ client: dynalite.client(), tableName: opened.tableName });
    await opened.store.save(crawlRun(1, { status: "RUNNING" }));
    await opened.store.save(crawlRun(2));
    await opened.store.acquireLease("alpha", "p", new Date(Date.now() + 60_000), new Date());
    expect(await jobs.listJobs({ limit: 10 })).toEqual({ items: [] });
    expect(await jobs.listJobs({ limit: 10, platform: "alpha" })).toEqual({ items: [] });
    expect(await jobs.listJobs({ limit: 10, status: "COMPLETED" })).toEqual({ items: [] });
    expect(await jobs.countByStatus()).toEqual({ PENDING: 0, PROCESSING: 0, COMPLETED: 0, FAILED: 0 });
    await jobs.close();
  });
});
