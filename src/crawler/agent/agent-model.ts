import type { ChatCompletion } from "openai/resources/chat/completions";
import { callModel } from "../../compliance/detectors/cloud/call-model.js";
import { ModelOutputError } from "../../compliance/detectors/cloud/cloud-model-error.js";
import { OPENAI_ERRORS, openAiClient } from "../../compliance/detectors/cloud/openai-client.js";
import { DEFAULT_BACKOFF } from "../../compliance/detectors/cloud/retry-throttling.js";
import { agentActionJsonSchema } from "./agent-action.js";
import { AGENT_SYSTEM_PROMPT } from "./agent-prompt.js";

/** One turn: what the model sees. */
export interface AgentTurn {
  /** JPEG screenshot of the viewport. */
  screenshot: Buffer;
  text: string;
}

/** A vision model that answers a turn with the text of one action (validated by the caller). */
export interface AgentModel {
  readonly model: string;
  next(turn: AgentTurn, signal?: AbortSignal): Promise<string>;
}

export interface OpenAiAgentModelOptions {
  /** The API root, e.g. `http://127.0.0.1:8000/v1`. */
  baseUrl: string;
  apiKey?: string;
  model: string;
  timeoutMs?: number;
  maxAttempts?: number;
}

/**
 * Agent steps through any OpenAI-compatible chat endpoint with image input, with the same call
 * discipline as the compliance detectors (per-attempt timeout, throttling retried with backoff).
 */
export function createOpenAiAgentModel(options: OpenAiAgentModelOptions): AgentModel {
  const client = openAiClient({
    baseUrl: options.baseUrl,
    apiKey: options.apiKey,
    timeoutMs: options.timeoutMs ?? 60_000,
  });
  const settings = {
    detector: "crawl-agent",
    model: options.model,
    timeoutMs: options.timeoutMs ?? 60_000,
    maxAttempts: options.maxAttempts ?? 3,
    backoff: DEFAULT_BACKOFF,
  };
  return {
    model: options.model,
    next(turn, signal) {
      return callModel(
        settings,
        OPENAI_ERRORS,
        {
          send: (attemptSignal) =>
            client.chat.completions.create(
              {
                model: options.model,
                messages: [
                  { role: "system", content: AGENT_SYSTEM_PROMPT },
                  {
                    role: "user",
                    content: [
                      {
                        type: "image_url",
                        image_url: { url: `data:image/jpeg;base64,${turn.screenshot.toString("base64")}` },
                      },
                      { type: "text", text: turn.text },
                    ],
                  },
                ],
                response_format: {
                  type: "json_schema",
                  json_schema: { name: "browser_action", strict: true, schema: agentActionJsonSchema },
                },
                temperature: 0,
                max_tokens: 300,
              },
              { signal: attemptSignal },
            ),
          read: answerText,
        },
        signal,
      );
    },
  };
}

function answerText(completion: ChatCompletion): string {
  const message = completion.choices?.[0]?.message;
  if (!message) throw new ModelOutputError("the answer has no choices");
  if (message.refusal) throw new ModelOutputError(`the model refused: ${message.refusal.slice(0, 200)}`);
  if (!message.content?.trim()) throw new ModelOutputError("the answer is empty");
  return message.content;
}
