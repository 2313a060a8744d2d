import { readFileSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateToken, keyEntry } from "../../src/auth/api-keys.js";
import { expectedPosterPaths } from "../crawler/fixtures/catalog-data.js";
import { CatalogServer } from "../crawler/fixtures/catalog-server.js";
import { SHIPPED_PROFILES } from "../crawler/fixtures/crawl-harness.js";
import { ImageServer } from "../support/image-server.js";
import { api, waitForJobWithKey } from "./support/api-client.js";
import { launchChromium, screenshot } from "./support/browser.js";
import { makeLetterboxedPoster, POSTERS } from "./support/e2e-posters.js";
import { type RunningDashboard, startDashboard } from "./support/start-dashboard.js";

const tokens = { submitter: generateToken(), reviewer: generateToken(), admin: generateToken() };

describe("the dashboard in Chromium: a reviewer's day", () => {
  let images: ImageServer;
  let catalog: CatalogServer;
  let server: RunningDashboard;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const hashes = new Map<string, string>();
  let brokenKey = "";
  let brokenBytes: Buffer = Buffer.alloc(0);

  beforeAll(async () => {
    images = await new ImageServer().start();
    catalog = await new CatalogServer().start();
    // The shipped example profiles name their start URL through this variable.
    process.env.EXAMPLE_CATALOG_ORIGIN = catalog.origin;
    server = await startDashboard({
      workers: false,
      env: { PROFILES_DIR: SHIPPED_PROFILES, CRAWL_SCHEDULE: "off" },
      access: {
        API_KEYS: [
          keyEntry("crawler", "submitter", tokens.submitter),
          keyEntry("alice", "reviewer", tokens.reviewer),
          keyEntry("ada", "admin", tokens.admin),
        ].join(","),
      },
    });
    const jobIds: string[] = [];
    for (const poster of POSTERS) {
      const posterUrl = images.set(poster.path, { body: await poster.make() });
      const { status, body } = await api(server.url, tokens.submitter, "POST", "/jobs", {
        platform: poster.platform,
        posterUrl,
        pageUrl: `https://catalog.example/${poster.platform}/${encodeURIComponent(poster.title)}`,
        metadata: { title: poster.title },
      });
      expect(status).toBe(202);
      jobIds.push(body.jobId);
    }
    // One poster whose stored image goes missing: it fails every attempt and is dead-lettered.
    brokenBytes = await makeLetterboxedPoster(109, 120);
    const broken = await api(server.url, tokens.submitter, "POST", "/jobs", {
      platform: "otherflix",
      posterUrl: images.set("/p/broken-frame.jpg", { body: brokenBytes }),
      metadata: { title: "Broken Frame" },
    });
    const brokenJob = await api(server.url, tokens.submitter, "GET", `/jobs/${broken.body.jobId}`);
    brokenKey = brokenJob.body.storage.key;
    await server.services.objects.delete(brokenKey);

    server.startWorkers();
    for (const [i, jobId] of jobIds.entries()) {
      const done = await waitForJobWithKey(server.url, tokens.submitter, jobId, ["COMPLETED", "FAILED"]);
      expect(done.status).toBe("COMPLETED");
      const codes = done.result.violations.map((v: { code: string }) => v.code).sort();
      expect(codes).toEqual(POSTERS[i]?.codes);
      hashes.set(POSTERS[i]?.title ?? "", done.posterHash);
    }
    await waitForJobWithKey(server.url, tokens.submitter, broken.body.jobId, ["FAILED"]);
    const deadline = Date.now() + 10_000;
    while ((await server.services.queue.deadLetterDepth()) === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await server.services.queue.deadLetterDepth()).toBe(1);

    // One finished crawl (a dry run: it lists posters and submits none) for the overview.
    const dryRun = await server.services.crawler.run({
      platform: "example-paginated-grid",
      trigger: "api",
      dryRun: true,
    });
    expect(dryRun.status).toBe("COMPLETED");

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    page.on("dialog", (dialog) => void dialog.accept());
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await images?.stop();
    await catalog?.stop();
    delete process.env.EXAMPLE_CATALOG_ORIGIN;
  });

  async function signIn(token: string) {
    await page.goto(`${server.url}/sign-in`);
    await page.fill("#token", token);
    await Promise.all([page.waitForURL(`${server.url}/`), page.click("button[type=submit]")]);
  }

  it("sends a signed-out browser to the sign-in page, and signs a reviewer in with a key", async () => {
    await page.goto(`${server.url}/ui/posters`);
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await page.fill("#token", "pgk_not-a-real-key-at-all-000000");
    await page.click("button[type=submit]");
    expect(await page.textContent(".flash.error")).toContain("not valid");
    await screenshot(page, "01-sign-in");
    await signIn(tokens.reviewer);
    expect(await page.textContent(".user .who")).toBe("alice");
    expect(await page.textContent(".user .role")).toBe("reviewer");
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === "pg_session");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Strict" });
    expect(session?.value).not.toContain(tokens.reviewer);
  });

  it("shows the overview: posters checked, compliance by platform and by rule, queue, DLQ, crawls", async () => {
    await page.goto(`${server.url}/`);
    expect(await page.textContent("[data-testid=kpi-checked]")).toBe("8");
    expect(await page.textContent("[data-testid=kpi-dlq]")).toBe("1");
    const platforms = await page
      .locator("[data-testid=by-platform] tbody tr td:first-child")
      .allTextContents();
    expect(platforms.map((p) => p.trim()).sort()).toEqual(["cinemax-go", "otherflix", "streamflix"]);
    const codes = await page
      .locator("[data-testid=by-code] [data-code]")
      .evaluateAll((els) => els.map((el) => el.getAttribute("data-code")));
    expect(codes.sort()).toEqual(["ASPECT_RATIO", "LETTERBOXING", "LOW_RESOLUTION"]);
    expect(await page.locator("[data-testid=crawl-runs] tbody tr").count()).toBe(1);
    await screenshot(page, "02-overview");
  });

  it("lists every poster in the gallery with the right badges and thumbnails", async () => {
    await page.goto(`${server.url}/ui/posters`);
    await page.waitForLoadState("networkidle");
    const cards = page.locator(".poster-card");
    expect(await cards.count()).toBe(9);
    const tiny = page.locator(`.poster-card[data-poster="${hashes.get("Tiny Planet")}"]`);
    expect(await tiny.locator(".status").textContent()).toBe("Violating");
    expect(await tiny.locator(".codes [data-code]").getAttribute("class")).toContain("sev-HIGH");
    const night = page.locator(`.poster-card[data-poster="${hashes.get("Night Harbor")}"]`);
    expect(await night.locator(".status").textContent()).toBe("Compliant");
    expect(await night.locator(".codes").count()).toBe(0);
    const broken = page.locator(".poster-card", { hasText: "Broken Frame" });
    expect(await broken.locator(".status").textContent()).toBe("Failed");
    const loaded = await night.locator("img").evaluate((img: HTMLImageElement) => img.naturalWidth);
    expect(loaded).toBeGreaterThan(0);
    await screenshot(page, "03-gallery");
  });

  it("filters the gallery by violation code", async () => {
    await page.goto(`${server.url}/ui/posters`);
    await Promise.all([
      page.waitForURL(/code=LETTERBOXING/),
      page.selectOption("select[name=code]", "LETTERBOXING"),
    ]);
    await page.waitForLoadState("networkidle");
    const titles = await page.locator(".poster-card .title").allTextContents();
    expect(titles).toEqual(["Letterbox Blues"]);
    expect(await page.textContent("[data-testid=total]")).toBe("1");
    await screenshot(page, "04-gallery-filtered-by-code");
  });

  it("opens a poster and draws its evidence boxes over the image", async () => {
    await page.click(".poster-card");
    await page.waitForURL(/\/ui\/posters\/[0-9a-f]{64}$/);
    await page.waitForLoadState("networkidle");
    const boxes = page.locator('svg.overlay g.evidence[data-evidence="LETTERBOXING"] rect.box');
    expect(await boxes.count()).toBe(2);
    const top = await boxes.nth(0).evaluate((r) => ({
      y: Number(r.getAttribute("y")),
      height: Number(r.getAttribute("height")),
      width: Number(r.getAttribute("width")),
    }));
    expect(top.y).toBe(0);
    expect(top.width).toBe(1000);
    expect(Math.abs(top.height - 200)).toBeLessThanOrEqual(15);
    expect(await page.getAttribute("svg.overlay", "viewBox")).toBe("0 0 1000 1500");
    // The overlay covers the displayed image exactly.
    const image = await page.locator(".figure img").boundingBox();
    const overlay = await page.locator("svg.overlay").boundingBox();
    expect(overlay?.width).toBeCloseTo(image?.width ?? 0, 0);
    expect(overlay?.height).toBeCloseTo(image?.height ?? 0, 0);
    const violation = page.locator("#violation-LETTERBOXING");
    expect(await violation.textContent()).toContain("metrics");
    expect(await violation.textContent()).toMatch(/\d+%/);
    expect(await violation.textContent()).toContain("severity MEDIUM");
    expect(await page.locator("[data-testid=sightings] tbody tr").count()).toBe(1);
    expect(await page.locator("[data-testid=jobs] tbody tr").count()).toBe(1);
    await page.hover("#violation-LETTERBOXING");
    await screenshot(page, "05-poster-evidence");
  });

  it("refuses to overturn without a note, then overturns with one and shows it in the audit trail", async () => {
    const violation = page.locator("#violation-LETTERBOXING");
    await Promise.all([
      page.waitForURL(/flash=NOTE_REQUIRED/),
      violation.locator("button[value=overturn]").click(),
    ]);
    expect(await page.textContent(".flash.error")).toContain("note");
    const note = "Black bands are part of the artwork (film-strip design); approved by the studio.";
    await page.locator("#violation-LETTERBOXING textarea").fill(note);
    await Promise.all([
      page.waitForURL(/flash=reviewed-overturn/),
      page.locator("#violation-LETTERBOXING button[value=overturn]").click(),
    ]);
    expect(await page.textContent(".flash.ok")).toContain("Overturned");
    expect(await page.locator("#violation-LETTERBOXING .badge.human").textContent()).toBe("Overturned");
    expect(await page.textContent("[data-testid=human-verdict]")).toContain("Compliant");
    const trail = page.locator("[data-testid=audit-trail] li");
    expect(await trail.count()).toBe(1);
    expect(await trail.first().textContent()).toContain("alice");
    expect(await trail.first().textContent()).toContain(note);
    await screenshot(page, "06-poster-overturned");

    await page.goto(`${server.url}/ui/audit`);
    const row = page.locator("[data-testid=audit] tbody tr").first();
    expect(await row.textContent()).toContain("alice");
    expect(await row.textContent()).toContain("Letterbox Blues");
    expect(await row.textContent()).toContain(note);
    await screenshot(page, "07-audit-trail");

    const { body } = await api(
      server.url,
      tokens.reviewer,
      "GET",
      `/posters/${hashes.get("Letterbox Blues")}`,
    );
    expect(body.result.isCompliant).toBe(false);
    expect(body.result.violations[0].code).toBe("LETTERBOXING");
  });

  it("keeps the review queue to what is left, and exports the current filter as CSV", async () => {
    await page.goto(`${server.url}/ui/posters?status=violating&reviewed=no`);
    const queue = await page.locator(".poster-card .title").allTextContents();
    expect(queue.sort()).toEqual(["Square Deal", "Tiny Planet"]);
    await screenshot(page, "08-review-queue");

    await page.goto(`${server.url}/ui/posters?status=violating`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("text=Export CSV")]);
    const csv = readFileSync((await download.path()) as string, "utf8");
    const [header, ...rows] = csv.trim().split("\r\n");
    expect(header?.split(",")).toContain("humanVerdict");
    expect(rows).toHaveLength(3);
    const letterbox = rows.find((r) => r.includes("Letterbox Blues"));
    expect(letterbox).toContain("LETTERBOXING");
    expect(letterbox).toContain("overturned");
    expect(download.suggestedFilename()).toMatch(/^posterguard-posters-.*\.csv$/);

    // The same filter as JSON over the API: the same posters, with the review on each.
    const json = await api(server.url, tokens.reviewer, "GET", "/exports/posters.json?status=violating");
    expect(json.status).toBe(200);
    expect(json.headers.get("content-disposition")).toMatch(/filename="posterguard-posters-.*\.json"/);
    expect(json.body).toHaveLength(3);
    const overturned = json.body.find((e: { title: string }) => e.title === "Letterbox Blues");
    expect(overturned.violations.map((v: { code: string }) => v.code)).toContain("LETTERBOXING");
  });

  it("lets an admin redrive the dead letter once the cause is fixed, re-judge, and start a crawl", async () => {
    await page.goto(`${server.url}/ui/dlq`);
    expect(await page.locator("form[action='/ui/dlq/redrive']").count()).toBe(0);
    await page.click(".user button");
    await signIn(tokens.admin);

    await page.goto(`${server.url}/ui/dlq`);
    expect(await page.locator("[data-testid=dead-letters] tbody tr").count()).toBe(1);
    expect(await page.textContent("[data-testid=dead-letters]")).toContain("missing");
    await screenshot(page, "09-dead-letters");
    await server.services.objects.put(brokenKey, brokenBytes, "image/jpeg");
    await Promise.all([page.waitForURL(/redriven=1/), page.click("text=Redrive all")]);
    expect(await page.textContent(".flash.ok")).toContain("1 job is back on the queue");

    await page.goto(`${server.url}/ui/policy`);
    expect(await page.locator("[data-testid=rules] tbody tr").count()).toBeGreaterThan(5);
    await Promise.all([page.waitForURL(/rejudged=/), page.click("text=Re-judge all posters")]);
    expect(await page.textContent("[data-testid=rejudge-report]")).toContain("Re-judged");
    await screenshot(page, "10-policy");

    await page.goto(`${server.url}/ui/crawls`);
    const platforms = await page.locator("select[name=platform] option").allTextContents();
    expect(platforms).toContain("example-paginated-grid");
    await page.selectOption("select[name=platform]", "example-paginated-grid");
    await Promise.all([page.waitForURL(/crawl-started/), page.click("text=Start a crawl")]);
    const runs = page.locator("[data-testid=crawl-runs] tbody tr");
    expect(await runs.count()).toBe(2);
    // The real crawl goes on in the background: reload until it is over, then read its counts.
    const deadline = Date.now() + 60_000;
    while ((await runs.first().locator(".badge").textContent()) === "running" && Date.now() < deadline) {
      await page.waitForTimeout(500);
      await page.reload();
    }
    const cells = await runs.first().locator("td").allTextContents();
    expect(cells[2]?.trim()).toBe("succeeded");
    expect(Number(cells[3])).toBe(expectedPosterPaths("grid").length);
    // Every poster but the broken one became a job (no workers run here, so they wait as PENDING).
    expect(Number(cells[4])).toBe(expectedPosterPaths("grid").length - 1);
    await screenshot(page, "11-crawls");
    // The crawl runs in a child process with a Chromium of its own; the poll above allows it 60 s.
  }, 90_000);
});
