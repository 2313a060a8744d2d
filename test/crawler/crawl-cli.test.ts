import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/adapters/embedded/open-database.js";
import { SqliteJobStore } from "../../src/adapters/embedded/sqlite-job-store.js";
import { listeningUrl, startCli } from "../support/cli-process.js";
import { makeDataDir, testEnv } from "../support/start-app.js";
import { expectedPosterPaths } from "./fixtures/catalog-data.js";
import { CatalogServer } from "./fixtures/catalog-server.js";
import { CHROMIUM, SHIPPED_PROFILES } from "./fixtures/crawl-harness.js";

/** `posterguard crawl` and the scheduler of `posterguard serve`, as real processes of the built CLI. */
describe("the crawl command line", () => {
  let catalog: CatalogServer;
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    catalog = await new CatalogServer().start();
    dataDir = makeDataDir();
    env = {
      ...testEnv(dataDir, { LOG_LEVEL: "warn" }),
      PROFILES_DIR: SHIPPED_PROFILES,
      CHROMIUM_PATH: CHROMIUM,
      EXAMPLE_CATALOG_ORIGIN: catalog.origin,
    };
  });

  afterAll(async () => {
    await catalog?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("explains itself in --help", async () => {
    const cli = startCli(["crawl", "--help"], env);
    expect(await cli.exited).toBe(0);
    const help = cli.stdout.join("\n");
    for (const option of ["--url", "--api-url", "--dry-run", "--max-pages", "--max-posters", "--format"]) {
      expect(help).toContain(option);
    }
  });

  it("exits 2 with the profile it looked for when the platform has none", async () => {
    const cli = startCli(["crawl", "no-such-platform"], env);
    expect(await cli.exited).toBe(2);
    expect(cli.stderr.join("\n")).toMatch(
      /no crawl profile for platform no-such-platform.*no-such-platform\.yaml/,
    );
  });

  it("lists a catalog's posters in a dry run, as JSON, and stores nothing", async () => {
    const cli = startCli(["crawl", "example-paginated-grid", "--dry-run", "--format", "json"], env);
    const code = await cli.exited;
    const run = JSON.parse(cli.stdout.join("\n"));
    expect(run).toMatchObject({ platform: "example-paginated-grid", status: "COMPLETED", dryRun: true });
    const found = run.posters.map((p: { posterUrl: string }) => new URL(p.posterUrl).pathname).sort();
    expect(found).toEqual(expectedPosterPaths("grid").sort());
    expect(run.counts.submitted).toBe(0);
    expect(code).toBe(0);
    expect(existsSync(join(dataDir, "posterguard.db"))).toBe(false);
  }, 90_000);

  it("submits a crawl's posters to this machine's job store", async () => {
    const cli = startCli(["crawl", "example-paginated-grid", "--format", "json"], env);
    const code = await cli.exited;
    const run = JSON.parse(cli.stdout.join("\n"));
    // The broken image is refused by the job creator: an error, so exit 1.
    expect(run.counts.submitted).toBe(expectedPosterPaths("grid").length - 1);
    expect(run.errors.map((e: { code: string }) => e.code)).toHaveLength(1);
    expect(code).toBe(1);
    const db = openDatabase(join(dataDir, "posterguard.db"));
    try {
      const counts = await new SqliteJobStore(db).countByStatus();
      expect(counts.PENDING).toBe(run.counts.submitted);
    } finally {
      db.close();
    }
  }, 90_000);

  it("serve schedules every platform whose profile has a cron, and CRAWL_SCHEDULE=off schedules none", async () => {
    const profiles = mkdtempSync(join(tmpdir(), "posterguard-profiles-"));
    try {
      writeFileSync(
        join(profiles, "nightly.yaml"),
        `startUrls: ["${catalog.origin}/grid/?page=1"]\nschedule: "0 3 * * *"\n`,
      );
      const serveEnv = { ...env, PROFILES_DIR: profiles, PORT: "0", WORKER_CONCURRENCY: "0" };
      const serve = startCli(["serve"], serveEnv);
      const line = await serve.waitForLine((l) => l.includes("crawling on schedule"));
      expect(line).toContain("nightly (0 3 * * *)");
      serve.child.kill("SIGTERM");
      expect(await serve.exited).toBe(0);

      const quiet = startCli(["serve"], { ...serveEnv, CRAWL_SCHEDULE: "off" });
      await quiet.waitForLine((l) => l.includes("PosterGuard listening"));
      quiet.child.kill("SIGTERM");
      expect(await quiet.exited).toBe(0);
      expect(quiet.stderr.join("\n")).not.toContain("crawling on schedule");
    } finally {
      rmSync(profiles, { recursive: true, force: true });
    }
  }, 60_000);

  it("serve's scheduler crawls on its cron and the posters go through the pipeline to verdicts", async () => {
    const profiles = mkdtempSync(join(tmpdir(), "posterguard-profiles-"));
    const data = makeDataDir();
    try {
      writeFileSync(
        join(profiles, "often.yaml"),
        `startUrls: ["${catalog.origin}/grid/?page=1"]\nschedule: "*/2 * * * * *"\n` +
          'navigation: { nextPage: { selector: "a[rel=next]" } }\ntiles: { selector: li.title-card }\n',
      );
      const serve = startCli(["serve"], {
        ...env,
        ...testEnv(data, { LOG_LEVEL: "warn" }),
        PROFILES_DIR: profiles,
        PORT: "0",
      });
      try {
        const url = listeningUrl(await serve.waitForLine((l) => l.includes("listening on")));
        const expected = expectedPosterPaths("grid").length - 1;
        const deadline = Date.now() + 90_000;
        let completed = 0;
        while (completed < expected && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 1000));
          const jobs = (await (await fetch(`${url}/jobs?status=COMPLETED&limit=200`)).json()) as {
            items: unknown[];
          };
          completed = jobs.items.length;
        }
        expect(completed).toBe(expected);
        const runs = (await (await fetch(`${url}/crawls`)).json()) as {
          items: { platform: string; trigger: string }[];
        };
        expect(runs.items[0]).toMatchObject({ platform: "often", trigger: "schedule" });
      } finally {
        serve.child.kill("SIGTERM");
        expect(await serve.exited).toBe(0);
      }
    } finally {
      rmSync(profiles, { recursive: true, force: true });
      rmSync(data, { recursive: true, force: true });
    }
  }, 150_000);
});
