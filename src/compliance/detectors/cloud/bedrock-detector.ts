import {
  BedrockRuntimeClient,
  type BedrockRuntimeClientConfig,
  ConverseCommand,
  type ConverseCommandInput,
  type ConverseCommandOutput,
} from "@aws-sdk/client-bedrock-runtime";
import type { PosterImage } from "../../../ports/detector.js";
import type { ContentObservation } from "../../observations/content-observation.js";
import { awsSdkErrors } from "./aws-sdk-errors.js";
import { callModel } from "./call-model.js";
import { type CloudCallOptions, type CloudDetector, checkCallOptions } from "./cloud-detector.js";
import { ModelOutputError } from "./cloud-model-error.js";
import { excerpt, findingsFromVerdict } from "./parse-model-verdict.js";
import { type ModelImage, type ModelImageLimits, prepareModelImage } from "./prepare-model-image.js";
import { DEFAULT_BACKOFF } from "./retry-throttling.js";
import {
  FINDINGS_TOOL_DESCRIPTION,
  FINDINGS_TOOL_NAME,
  findingsJsonSchema,
  PROMPT_VERSION,
  SYSTEM_PROMPT,
  TOOL_INSTRUCTION,
} from "./vision-prompt.js";

export interface BedrockDetectorOptions extends CloudCallOptions {
  /** A model or inference profile that takes images and tools, e.g. `amazon.nova-lite-v1:0`. */
  modelId: string;
  /** Default: the SDK's chain (`AWS_REGION`, the shared config). */
  region?: string;
  /** Default: the SDK's (`AWS_ENDPOINT_URL_BEDROCK_RUNTIME`, else the regional endpoint). */
  endpoint?: string;
  /** Default: the SDK's credential chain. */
  credentials?: BedrockRuntimeClientConfig["credentials"];
  maxOutputTokens?: number;
}

/** Claude's per-image limits, which Nova's are wider than; 1568 px is Claude's recommended longest side. */
const BEDROCK_IMAGE: ModelImageLimits = {
  formats: ["jpeg", "png", "webp", "gif"],
  maxSide: 1568,
  maxBytes: 3_750_000,
};

// ServiceUnavailable and ModelNotReady mean "try again later" as throttling does.
const BEDROCK_ERRORS = awsSdkErrors(
  ["ThrottlingException", "ServiceUnavailableException", "ModelNotReadyException"],
  ["ModelTimeoutException"],
);

/** A vision model on Amazon Bedrock (Converse API), answering through a findings tool it is made to call. */
export function createBedrockDetector(options: BedrockDetectorOptions): CloudDetector {
  checkCallOptions(options);
  const { modelId } = options;
  const client = new BedrockRuntimeClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    // Retries are ours (withThrottlingRetry): only throttling is retried, each attempt with its own timeout.
    maxAttempts: 1,
  });
  const settings = {
    detector: "bedrock",
    model: modelId,
    timeoutMs: options.timeoutMs,
    maxAttempts: options.maxAttempts,
    backoff: options.backoff ?? DEFAULT_BACKOFF,
  };
  const maxTokens = options.maxOutputTokens ?? 2048;

  return {
    id: "bedrock",
    version: `${modelId}+${PROMPT_VERSION}`,
    close: () => client.destroy(),
    async detect(poster: PosterImage, signal?: AbortSignal): Promise<ContentObservation> {
      signal?.throwIfAborted();
      const image = await prepareModelImage(poster.bytes, BEDROCK_IMAGE, `bedrock (${modelId})`);
      const command = new ConverseCommand(converseInput(modelId, image, maxTokens));
      return callModel(
        settings,
        BEDROCK_ERRORS,
        {
          send: (attemptSignal) => client.send(command, { abortSignal: attemptSignal }),
          read: (response) => ({
            model: modelId,
            findings: findingsFromVerdict(toolInput(response), image.poster),
          }),
        },
        signal,
      );
    },
  };
}

function converseInput(modelId: string, image: ModelImage, maxTokens: number): ConverseCommandInput {
  return {
    modelId,
    system: [{ text: SYSTEM_PROMPT }],
    messages: [
      {
        role: "user",
        content: [
          { image: { format: image.format, source: { bytes: image.bytes } } },
          { text: TOOL_INSTRUCTION },
        ],
      },
    ],
    inferenceConfig: { maxTokens, temperature: 0 },
    toolConfig: {
      tools: [
        {
          toolSpec: {
            name: FINDINGS_TOOL_NAME,
            description: FINDINGS_TOOL_DESCRIPTION,
            inputSchema: { json: findingsJsonSchema("tool") },
          },
        },
      ],
      toolChoice: { tool: { name: FINDINGS_TOOL_NAME } },
    },
  };
}

/** The findings tool's input; a reply without it, or cut short, is no verdict. */
function toolInput(response: ConverseCommandOutput): unknown {
  const content = response.output?.message?.content ?? [];
  if (response.stopReason === "max_tokens") {
    throw new ModelOutputError(
      "the model's answer was cut short at the output token limit (stopReason max_tokens)",
    );
  }
  const call = content.find((block) => block.toolUse?.name === FINDINGS_TOOL_NAME)?.toolUse;
  if (!call) {
    const said = content.flatMap((block) => (block.text ? [block.text] : [])).join(" ");
    throw new ModelOutputError(
      `the model did not call ${FINDINGS_TOOL_NAME} (stopReason ${response.stopReason ?? "missing"})${
        said ? `; it said: ${excerpt(said)}` : ""
      }`,
    );
  }
  return call.input;
}
