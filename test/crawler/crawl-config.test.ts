import { describe, expect, it } from "vitest";
import { crawlAgentOf } from "../../src/crawler/agent/agent-from-config.js";
import {
  crawlSettingsOf,
  DEFAULT_CRAWL_SCHEDULE,
  defaultCrawlConfig,
} from "../../src/crawler/crawl-config.js";

describe("crawler settings", () => {
  it("defaults to every 6 hours, the system Chromium and ./profiles", () => {
    const settings = crawlSettingsOf(defaultCrawlConfig());
    expect(DEFAULT_CRAWL_SCHEDULE).toBe("0 */6 * * *");
    expect(settings).toMatchObject({
      schedule: "0 */6 * * *",
      chromiumPath: "/usr/bin/chromium",
      profilesDir: "./profiles",
      robotsAgent: "PosterGuardBot",
    });
    expect(settings.userAgent).toContain("PosterGuardBot");
  });

  it("refuses a bad cron, a bad robots token and caps out of range; accepts off", () => {
    expect(() => defaultCrawlConfig({ CRAWL_SCHEDULE: "every day at noon" })).toThrow(/cron expression/);
    expect(() => defaultCrawlConfig({ CRAWL_ROBOTS_AGENT: "Poster Guard/1.0" })).toThrow(/product token/);
    expect(() => defaultCrawlConfig({ CRAWL_MAX_PAGES: "0" })).toThrow(/at least 1/);
    expect(defaultCrawlConfig({ CRAWL_SCHEDULE: "off" }).CRAWL_SCHEDULE).toBe("off");
    expect(() => defaultCrawlConfig({ CRAWL_TIMEZONE: "Mars/Olympus_Mons" })).toThrow(/IANA time zone/);
    expect(crawlSettingsOf(defaultCrawlConfig({ CRAWL_TIMEZONE: "Europe/Paris" })).timezone).toBe(
      "Europe/Paris",
    );
    expect(defaultCrawlConfig({ CRAWL_SCHEDULE: "*/30 * * * *", CRAWL_MAX_SECONDS: "600" })).toMatchObject({
      CRAWL_SCHEDULE: "*/30 * * * *",
      CRAWL_MAX_SECONDS: 600,
    });
  });

  it("has an agent model only when a base URL and a model are configured, its own or the OpenAI ones", () => {
    expect(crawlAgentOf(defaultCrawlConfig())).toBeUndefined();
    expect(crawlAgentOf(defaultCrawlConfig({ CRAWL_AGENT_MODEL: "qwen2.5-vl" }))).toBeUndefined();
    const own = crawlAgentOf(
      defaultCrawlConfig({ CRAWL_AGENT_BASE_URL: "http://127.0.0.1:9/v1", CRAWL_AGENT_MODEL: "qwen2.5-vl" }),
    );
    expect(own?.model).toBe("qwen2.5-vl");
    const shared = crawlAgentOf({
      ...defaultCrawlConfig(),
      OPENAI_BASE_URL: "http://127.0.0.1:9/v1",
      OPENAI_MODEL: "llava",
    });
    expect(shared?.model).toBe("llava");
  });
});
