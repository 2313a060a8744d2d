import type { CrawlConfig } from "../crawl-config.js";
import { type AgentModel, createOpenAiAgentModel, type OpenAiAgentModelOptions } from "./agent-model.js";

type AgentConfig = CrawlConfig & { OPENAI_BASE_URL?: string; OPENAI_MODEL?: string; OPENAI_API_KEY?: string };

/** Where the agent's model is and how to reach it (CRAWL_AGENT_*, else OPENAI_*); none when unset. */
export function agentSettingsOf(config: AgentConfig): OpenAiAgentModelOptions | undefined {
  const baseUrl = config.CRAWL_AGENT_BASE_URL ?? config.OPENAI_BASE_URL;
  const model = config.CRAWL_AGENT_MODEL ?? config.OPENAI_MODEL;
  if (!baseUrl || !model) return undefined;
  // OPENAI_API_KEY only goes to the OPENAI_BASE_URL endpoint, never to another one.
  const apiKey =
    config.CRAWL_AGENT_API_KEY ?? (config.CRAWL_AGENT_BASE_URL ? undefined : config.OPENAI_API_KEY);
  return { baseUrl, model, timeoutMs: config.CRAWL_AGENT_TIMEOUT_MS, ...(apiKey ? { apiKey } : {}) };
}

/** The agent model when one is configured. */
export function crawlAgentOf(config: AgentConfig): AgentModel | undefined {
  const settings = agentSettingsOf(config);
  return settings ? createOpenAiAgentModel(settings) : undefined;
}
