import type { CrawlConfig } from "../crawl-config.js";
import { type AgentModel, createOpenAiAgentModel } from "./agent-model.js";

/** The agent model when one is configured (CRAWL_AGENT_*, else OPENAI_*). */
export function crawlAgentOf(
  config: CrawlConfig & { OPENAI_BASE_URL?: string; OPENAI_MODEL?: string; OPENAI_API_KEY?: string },
): AgentModel | undefined {
  const baseUrl = config.CRAWL_AGENT_BASE_URL ?? config.OPENAI_BASE_URL;
  const model = config.CRAWL_AGENT_MODEL ?? config.OPENAI_MODEL;
  if (!baseUrl || !model) return undefined;
  const apiKey = config.CRAWL_AGENT_API_KEY ?? config.OPENAI_API_KEY;
  return createOpenAiAgentModel({
    baseUrl,
    model,
    timeoutMs: config.CRAWL_AGENT_TIMEOUT_MS,
    ...(apiKey ? { apiKey } : {}),
  });
}
