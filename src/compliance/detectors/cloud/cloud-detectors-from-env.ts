import { z } from "zod";
import { createBedrockDetector } from "./bedrock-detector.js";
import type { CloudCallOptions, CloudDetector } from "./cloud-detector.js";
import { createOpenAiCompatibleDetector } from "./openai-detector.js";
import { createRekognitionDetector } from "./rekognition-detector.js";

/*
 * | variable                        | default                 | meaning                                            |
 * |---------------------------------|-------------------------|----------------------------------------------------|
 * | BEDROCK_MODEL_ID                | amazon.nova-lite-v1:0   | Bedrock model or inference profile (images + tools) |
 * | BEDROCK_REGION                  | AWS_REGION              | Bedrock Runtime region                             |
 * | REKOGNITION_REGION              | AWS_REGION              | Rekognition region                                 |
 * | REKOGNITION_MIN_CONFIDENCE      | 50                      | Rekognition MinConfidence, 0..100                  |
 * | OPENAI_BASE_URL                 | (required for openai)   | OpenAI-compatible API root, e.g. http://host/v1    |
 * | OPENAI_API_KEY                  | none (no auth header)   | bearer token for that API                          |
 * | OPENAI_MODEL                    | (required for openai)   | model name that takes images                       |
 * | CLOUD_MODEL_TIMEOUT_MS          | 30000                   | per attempt, every cloud detector                  |
 * | CLOUD_MODEL_MAX_ATTEMPTS        | 4                       | attempts in all while throttled                    |
 * | AWS_ENDPOINT_URL_BEDROCK_RUNTIME| (read by the AWS SDK)   | Bedrock Runtime endpoint override                  |
 * | AWS_ENDPOINT_URL_REKOGNITION    | (read by the AWS SDK)   | Rekognition endpoint override                      |
 *
 * The AWS SDK (client-bedrock-runtime 3.1164, client-rekognition 3.1142) reads the two endpoint
 * variables itself, then AWS_ENDPOINT_URL, then `endpoint_url` in the shared config profile, unless
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is set; credentials come from its default chain.
 */

export const CLOUD_DETECTOR_IDS = ["bedrock", "rekognition", "openai"] as const;
export type CloudDetectorId = (typeof CLOUD_DETECTOR_IDS)[number];

const text = z.string().trim().min(1).optional();
const whole = (min: number, max: number, what: string) =>
  z.coerce
    .number({ message: `must be ${what}` })
    .int({ message: `must be ${what}` })
    .min(min, { message: `must be at least ${min}` })
    .max(max, { message: `must be at most ${max}` });

const envSchema = z.object({
  BEDROCK_MODEL_ID: text,
  BEDROCK_REGION: text,
  AWS_REGION: text,
  REKOGNITION_REGION: text,
  REKOGNITION_MIN_CONFIDENCE: z.coerce
    .number({ message: "must be a number from 0 to 100" })
    .min(0, { message: "must be a number from 0 to 100" })
    .max(100, { message: "must be a number from 0 to 100" })
    .optional(),
  OPENAI_BASE_URL: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).optional(),
  OPENAI_API_KEY: text,
  OPENAI_MODEL: text,
  CLOUD_MODEL_TIMEOUT_MS: whole(1, 600_000, "a whole number of milliseconds").default(30_000),
  CLOUD_MODEL_MAX_ATTEMPTS: whole(1, 20, "a whole number of attempts").default(4),
});
type CloudEnv = z.infer<typeof envSchema>;

/**
 * The cloud detectors named in `only`, in that order, or else every one the environment configures:
 * bedrock when BEDROCK_MODEL_ID or BEDROCK_REGION is set, rekognition when REKOGNITION_REGION or
 * REKOGNITION_MIN_CONFIDENCE is, openai when OPENAI_BASE_URL or OPENAI_MODEL is. Bad values throw one
 * error listing each.
 */
export function cloudDetectorsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  only?: readonly string[],
): CloudDetector[] {
  const settings = readEnv(env);
  const wanted = only ?? CLOUD_DETECTOR_IDS.filter((id) => isConfigured(id, settings));
  const unknown = wanted.filter((id) => !(CLOUD_DETECTOR_IDS as readonly string[]).includes(id));
  if (unknown.length > 0) {
    throw new Error(`unknown cloud detector ${unknown.join(", ")}; known: ${CLOUD_DETECTOR_IDS.join(", ")}`);
  }
  return (wanted as CloudDetectorId[]).map((id) => build(id, settings));
}

function readEnv(env: NodeJS.ProcessEnv): CloudEnv {
  const present = Object.fromEntries(
    Object.keys(envSchema.shape).flatMap((key) => (env[key] ? [[key, env[key]]] : [])),
  );
  const parsed = envSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0]);
    return `${key}=${JSON.stringify(present[key])}: ${issue.message}`;
  });
  throw new Error(`invalid cloud detector settings:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
}

function isConfigured(id: CloudDetectorId, env: CloudEnv): boolean {
  if (id === "bedrock") return Boolean(env.BEDROCK_MODEL_ID || env.BEDROCK_REGION);
  if (id === "rekognition")
    return Boolean(env.REKOGNITION_REGION || env.REKOGNITION_MIN_CONFIDENCE !== undefined);
  return Boolean(env.OPENAI_BASE_URL || env.OPENAI_MODEL);
}

function build(id: CloudDetectorId, env: CloudEnv): CloudDetector {
  const call: CloudCallOptions = {
    timeoutMs: env.CLOUD_MODEL_TIMEOUT_MS,
    maxAttempts: env.CLOUD_MODEL_MAX_ATTEMPTS,
  };
  switch (id) {
    case "bedrock":
      return createBedrockDetector({
        ...call,
        modelId: env.BEDROCK_MODEL_ID ?? "amazon.nova-lite-v1:0",
        region: env.BEDROCK_REGION ?? env.AWS_REGION,
      });
    case "rekognition":
      return createRekognitionDetector({
        ...call,
        region: env.REKOGNITION_REGION ?? env.AWS_REGION,
        minConfidence: env.REKOGNITION_MIN_CONFIDENCE ?? 50,
      });
    case "openai": {
      const missing = (["OPENAI_BASE_URL", "OPENAI_MODEL"] as const).filter((key) => !env[key]);
      if (!env.OPENAI_BASE_URL || !env.OPENAI_MODEL) {
        throw new Error(`the openai detector needs ${missing.join(" and ")}`);
      }
      return createOpenAiCompatibleDetector({
        ...call,
        baseUrl: env.OPENAI_BASE_URL,
        model: env.OPENAI_MODEL,
        ...(env.OPENAI_API_KEY ? { apiKey: env.OPENAI_API_KEY } : {}),
      });
    }
  }
}
