import type { Browser } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAgentAction } from "../../src/crawler/agent/agent-action.js";
import { createOpenAiAgentModel } from "../../src/crawler/agent/agent-model.js";
import { cookieTitles } from "./fixtures/catalog-data.js";
import { CatalogServer } from "./fixtures/catalog-server.js";
import { type CrawlHarness, loopbackBrowser, startCrawlHarness } from "./fixtures/crawl-harness.js";
import {
  action,
  idOf,
  type Policy,
  type ScriptedModelServer,
  startScriptedModel,
} from "./fixtures/scripted-model-server.js";

let browser: Browser;
let catalog: CatalogServer;

beforeAll(async () => {
  [browser, catalog] = await Promise.all([loopbackBrowser(), new CatalogServer().start()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await catalog?.stop();
});

/** `inChild`: the run crawls in a child process, which asks this process for each model turn. */
async function crawlWithModel(policy: Policy, options: { inChild?: boolean } = {}) {
  const model: ScriptedModelServer = await startScriptedModel(policy);
  const harness: CrawlHarness = await startCrawlHarness({
    ...(options.inChild ? {} : { browser }),
    origin: catalog.origin,
    agent: createOpenAiAgentModel({ baseUrl: model.url, model: "scripted-vision", timeoutMs: 10_000 }),
  });
  try {
    const run = await harness.crawls.run({ platform: "example-cookie-wall", trigger: "cli", dryRun: true });
    return { run, turns: model.turns };
  } finally {
    await harness.stop();
    await model.close();
  }
}

const paths = (urls: string[]) => urls.map((u) => new URL(u).pathname);

describe("agent steps through an OpenAI-compatible vision model", () => {
  it("accepts the cookie banner and opens the Horror category, so the crawl sees that category's posters", async () => {
    const before = catalog.log.length;
    const { run, turns } = await crawlWithModel(
      (turn) => {
        if (turn.step === "accept the cookie banner") {
          return turn.history.length === 0
            ? action({ action: "click", elementId: idOf(turn, "Accept all") })
            : action({ action: "done", reason: "the banner is gone" });
        }
        return turn.history.length === 0
          ? action({ action: "click", elementId: idOf(turn, "Horror") })
          : action({ action: "done", reason: "Horror is open" });
      },
      { inChild: true },
    );

    expect(turns.map((t) => t.step)).toEqual([
      "accept the cookie banner",
      "accept the cookie banner",
      "open the Horror category",
      "open the Horror category",
    ]);
    expect(run.agentSteps?.map((s) => [s.step, s.completed, s.actions.map((a) => a.outcome)])).toEqual([
      ["accept the cookie banner", true, ["ok", "done"]],
      ["open the Horror category", true, ["ok", "done"]],
    ]);
    // The page said so: the consent cookie went with the category request the Horror tab made.
    const horror = catalog.log.slice(before).filter((r) => r.url === "/api/category?name=horror");
    expect(horror).toHaveLength(1);
    expect(horror[0]?.cookie).toContain("consent=accepted");

    const found = paths(run.posters.map((p) => p.posterUrl));
    const horrorPosters = cookieTitles("horror").map((t) => `/img/poster/${t.id}-400.jpg`);
    expect(horrorPosters.filter((p) => !found.includes(p))).toEqual([]);
    expect(found.filter((p) => p.includes("ck-comedy"))).toEqual([]);
    expect(run.errors).toEqual([]);

    // What the model was sent: a JPEG screenshot, the element list, and the action schema to answer in.
    const first = turns[0];
    expect(first?.image && (await sharp(first.image).metadata()).format).toBe("jpeg");
    expect(first?.elements.find((e) => e.text === "Accept all")?.role).toBe("button");
    expect(first?.body.response_format.type).toBe("json_schema");
    expect(first?.body.response_format.json_schema.strict).toBe(true);
    expect(first?.body.messages[0].content).toMatch(/untrusted/);
  }, 120_000);

  it("rejects answers outside the action schema: nothing happens, and each one still costs a turn of the budget", async () => {
    const before = catalog.log.length;
    const answers = (acceptId: string) => [
      JSON.stringify({ action: "navigate", url: "http://evil.example/" }),
      "Sure! I will click the accept button.",
      action({ action: "click", elementId: "e9999" }),
      action({ action: "type", elementId: acceptId, text: "x", reason: "also this" }).replace(
        '"reason":"also this"',
        '"reason":"also this","url":"http://evil.example/"',
      ),
    ];
    const { run, turns } = await crawlWithModel((turn) => {
      const script = answers(idOf(turn, "Accept all"));
      return script[turn.history.length % script.length] ?? "";
    });

    const steps = run.agentSteps ?? [];
    expect(steps.map((s) => s.completed)).toEqual([false, false]);
    for (const step of steps) {
      expect(step.actions.map((a) => a.outcome)).toEqual(["rejected", "rejected", "rejected", "rejected"]);
    }
    expect(steps[0]?.actions.map((a) => a.detail)).toEqual([
      expect.stringMatching(/not an allowed action/),
      "the answer is not JSON",
      "e9999 is not in the element list",
      expect.stringMatching(/not an allowed action/),
    ]);
    expect(turns).toHaveLength(8);
    expect(run.errors.map((e) => [e.kind, e.code])).toEqual([
      ["agent", "AGENT_STEP_INCOMPLETE"],
      ["agent", "AGENT_STEP_INCOMPLETE"],
    ]);
    // The wall is still up: no consent was given and no category but the default was opened.
    const requests = catalog.log.slice(before);
    expect(requests.some((r) => r.cookie.includes("consent="))).toBe(false);
    expect(requests.filter((r) => r.path === "/api/category").map((r) => r.url)).toEqual([
      "/api/category?name=trending",
    ]);
  }, 120_000);
});

describe("action validation", () => {
  const ids = new Set(["e1", "e2"]);
  it("accepts exactly the four actions, nulls for unused fields, fenced or not", () => {
    expect(parseAgentAction(action({ action: "click", elementId: "e1" }), ids)).toEqual({
      ok: true,
      action: { action: "click", elementId: "e1" },
    });
    expect(
      parseAgentAction('```json\n{"action":"scroll","direction":"down","amount":600}\n```', ids),
    ).toEqual({
      ok: true,
      action: { action: "scroll", direction: "down", amount: 600 },
    });
    expect(parseAgentAction(action({ action: "done", reason: "ok" }), ids).ok).toBe(true);
  });

  it("refuses other actions, extra fields, unknown ids and out-of-range values", () => {
    for (const answer of [
      '{"action":"goto","url":"http://x"}',
      '{"action":"click","elementId":"e1","text":"hi"}',
      '{"action":"click","elementId":"e3"}',
      '{"action":"scroll","direction":"down","amount":999999}',
      `{"action":"type","elementId":"e2","text":"${"x".repeat(201)}"}`,
      "[]",
    ]) {
      expect(parseAgentAction(answer, ids).ok, answer).toBe(false);
    }
  });
});
