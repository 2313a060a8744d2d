import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
} from "openai/resources/chat/completions";
import type { PosterImage } from "../../../ports/detector.js";
import type { ContentObservation } from "../../observations/content-observation.js";
import { callModel } from "./call-model.js";
import { type CloudCallOptions, type CloudDetector, checkCallOptions } from "./cloud-detector.js";
import { ModelOutputError } from "./cloud-model-error.js";
import { OPENAI_ERRORS, openAiClient } from "./openai-client.js";
import { excerpt, findingsFromVerdict, verdictFromText } from "./parse-model-verdict.js";
import { type ModelImage, type ModelImageLimits, prepareModelImage } from "./prepare-model-image.js";
import { DEFAULT_BACKOFF } from "./retry-throttling.js";
import {
  FINDINGS_TOOL_NAME,
  findingsJsonSchema,
  JSON_INSTRUCTION,
  PROMPT_VERSION,
  SYSTEM_PROMPT,
} from "./vision-prompt.js";

export interface OpenAiCompatibleDetectorOptions extends CloudCallOptions {
  /** The API root, e.g. `http://127.0.0.1:8000/v1` (vLLM) or `http://127.0.0.1:11434/v1` (Ollama). */
  baseUrl: string;
  /** Sent as a bearer token; without one no Authorization header is sent. */
  apiKey?: string;
  /** A model that takes images, e.g. `Qwen/Qwen2.5-VL-7B-Instruct`. */
  model: string;
  maxOutputTokens?: number;
}

const OPENAI_IMAGE: ModelImageLimits = { formats: ["jpeg"], maxSide: 1568, maxBytes: 4 * 1024 * 1024 };

/** Any OpenAI-compatible chat endpoint with image input (vLLM, Ollama, OpenAI), asked for schema-bound JSON. */
export function createOpenAiCompatibleDetector(options: OpenAiCompatibleDetectorOptions): CloudDetector {
  checkCallOptions(options);
  const { model } = options;
  const client = openAiClient({
    baseUrl: options.baseUrl,
    apiKey: options.apiKey,
    timeoutMs: options.timeoutMs,
  });
  const settings = {
    detector: "openai",
    model,
    timeoutMs: options.timeoutMs,
    maxAttempts: options.maxAttempts,
    backoff: options.backoff ?? DEFAULT_BACKOFF,
  };
  const maxTokens = options.maxOutputTokens ?? 2048;

  return {
    id: "openai",
    version: `${model}+${PROMPT_VERSION}`,
    close: () => {},
    async detect(poster: PosterImage, signal?: AbortSignal): Promise<ContentObservation> {
      signal?.throwIfAborted();
      const image = await prepareModelImage(poster.bytes, OPENAI_IMAGE, `openai (${model})`);
      const request = chatRequest(model, image, maxTokens);
      return callModel(
        settings,
        OPENAI_ERRORS,
        {
          send: (attemptSignal) => client.chat.completions.create(request, { signal: attemptSignal }),
          read: (completion) => ({
            model,
            findings: findingsFromVerdict(verdictFromText(answerText(completion)), image.poster),
          }),
        },
        signal,
      );
    },
  };
}

function chatRequest(
  model: string,
  image: ModelImage,
  maxTokens: number,
): ChatCompletionCreateParamsNonStreaming {
  return {
    model,
    messages: [
      { role: "system", content: SYSTEM_PROMPT },
      {
        role: "user",
        content: [
          {
            type: "image_url",
            image_url: { url: `data:image/jpeg;base64,${image.bytes.toString("base64")}` },
          },
          { type: "text", text: JSON_INSTRUCTION },
        ],
      },
    ],
    response_format: {
      type: "json_schema",
      json_schema: { name: FINDINGS_TOOL_NAME, strict: true, schema: findingsJsonSchema("strict") },
    },
    temperature: 0,
    max_tokens: maxTokens,
  };
}

function answerText(completion: ChatCompletion): string {
  const choice = completion.choices?.[0];
  if (!choice) throw new ModelOutputError("the answer has no choices");
  if (choice.message?.refusal)
    throw new ModelOutputError(`the model refused: ${excerpt(choice.message.refusal)}`);
  if (choice.finish_reason === "length") {
    throw new ModelOutputError(
      "the model's answer was cut short at the output token limit (finish_reason length)",
    );
  }
  const text = choice.message?.content;
  if (!text?.trim())
    throw new ModelOutputError(`the answer is empty (finish_reason ${choice.finish_reason})`);
  return text;
}
