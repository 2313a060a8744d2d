import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentSettingsOf } from "../../src/crawler/agent/agent-from-config.js";
import { defaultCrawlConfig } from "../../src/crawler/crawl-config.js";
import { type RunningApp, startApp } from "../support/start-app.js";
import { SHIPPED_PROFILES } from "./fixtures/crawl-harness.js";

/** The API Lambda's setting: crawl runs are listed here, but crawls start in the crawler function. */
describe("a server with CRAWL_IN_PROCESS=false", () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp({
      workers: false,
      env: { CRAWL_IN_PROCESS: "false", PROFILES_DIR: SHIPPED_PROFILES, EXAMPLE_CATALOG_ORIGIN: "http://x" },
    });
  });
  afterAll(() => app?.stop());

  it("refuses to start a crawl with 501 and says where crawls run, and starts no browser", async () => {
    const response = await fetch(`${app.url}/crawls`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ platform: "example-paginated-grid" }),
    });
    expect(response.status).toBe(501);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("CRAWLS_RUN_ELSEWHERE");
    expect(body.error.message).toContain("crawler");
    expect(app.services.crawler.running()).toEqual([]);
  });

  it("still lists crawl runs, and the dashboard offers no platform to start", async () => {
    const list = await fetch(`${app.url}/crawls`);
    expect(list.status).toBe(200);
    expect(app.services.crawls.platforms()).toEqual([]);
    const page = await (await fetch(`${app.url}/ui/crawls`)).text();
    expect(page).not.toContain("Start a crawl");
  });
});

describe("the crawl agent's model settings", () => {
  it("send OPENAI_API_KEY only to OPENAI_BASE_URL, never to another CRAWL_AGENT_BASE_URL", () => {
    const openai = { OPENAI_BASE_URL: "http://vllm:8000/v1", OPENAI_MODEL: "qwen", OPENAI_API_KEY: "sk-1" };
    expect(agentSettingsOf({ ...defaultCrawlConfig(), ...openai })).toMatchObject({
      baseUrl: "http://vllm:8000/v1",
      model: "qwen",
      apiKey: "sk-1",
    });
    const elsewhere = agentSettingsOf({
      ...defaultCrawlConfig({ CRAWL_AGENT_BASE_URL: "http://other:9000/v1" }),
      ...openai,
    });
    expect(elsewhere).toMatchObject({ baseUrl: "http://other:9000/v1", model: "qwen" });
    expect(elsewhere?.apiKey).toBeUndefined();
    expect(agentSettingsOf(defaultCrawlConfig())).toBeUndefined();
  });
});
