import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import ipaddr from "ipaddr.js";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { ACCESS_CONFIG_SHAPE } from "./auth/access-control.js";
import { ConfigError } from "./config-error.js";
import { wholeNumber } from "./config-values.js";
import { crawlConfigShape } from "./crawler/crawl-config.js";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");
const seconds = (min: number, max: number) =>
  z.coerce
    .number({ message: "must be a number of seconds" })
    .min(min, { message: `must be at least ${min}` })
    .max(max, { message: `must be at most ${max}` });
const list = z.string().transform((v) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
);

/** Every setting, its default and its rule. Environment first, then posterguard.config.yaml. */
const configSchema = z.object({
  PORT: wholeNumber(0, 65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default("./data"),
  BACKEND: z.enum(["embedded", "aws"], { message: "must be embedded or aws" }).default("embedded"),
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
      message: "must be one of fatal, error, warn, info, debug, trace, silent",
    })
    .default("info"),
  FETCH_ALLOW_PRIVATE: bool.default(false),
  FETCH_ALLOWED_CIDRS: list
    .refine((ranges) => ranges.every((range) => ipaddr.isValidCIDR(range)), {
      message: "must be a comma list of CIDR ranges such as 10.20.0.0/16",
    })
    .default([]),
  FETCH_MAX_BYTES: wholeNumber(1024, 1024 ** 3).default(20 * 1024 * 1024),
  FETCH_CONNECT_TIMEOUT_MS: wholeNumber(100, 120_000).default(5_000),
  FETCH_TIMEOUT_MS: wholeNumber(100, 600_000).default(20_000),
  FETCH_MAX_REDIRECTS: wholeNumber(0, 20).default(5),
  FETCH_USER_AGENT: z.string().min(1).default("PosterGuard/0.1 (+poster compliance checker)"),
  MAX_IMAGE_PIXELS: wholeNumber(1, 2_000_000_000).default(100_000_000),
  BODY_LIMIT_BYTES: wholeNumber(256, 10 * 1024 * 1024).default(64 * 1024),
  WORKER_CONCURRENCY: wholeNumber(0, 64).default(2),
  VISIBILITY_TIMEOUT_SECONDS: seconds(1, 43_200).default(120),
  JOB_TIMEOUT_SECONDS: seconds(1, 43_200).default(300),
  MAX_RECEIVE_COUNT: wholeNumber(1, 1000).default(3),
  RETRY_BASE_SECONDS: seconds(0, 3600).default(5),
  RETRY_MAX_SECONDS: seconds(0, 43_200).default(300),
  SHUTDOWN_GRACE_SECONDS: seconds(0, 3600).default(30),
  BUCKET_NAME: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: "must be a valid S3 bucket name" })
    .default("posterguard-posters"),
  DETECTORS: list.default(["metrics", "ocr", "nsfw", "pdq"]),
  // BACKEND=aws: resource names (or queue URLs) as `posterguard aws init` and the CDK app create them.
  TABLE_NAME: z.string().min(3).default("posterguard-jobs"),
  QUEUE_NAME: z.string().min(1).optional(),
  DLQ_NAME: z.string().min(1).optional(),
  QUEUE_URL: z.string().url({ message: "must be a queue URL" }).optional(),
  DLQ_URL: z.string().url({ message: "must be a queue URL" }).optional(),
  // Cloud model settings, read by the cloud detectors (see the README); optional strings here.
  BEDROCK_MODEL_ID: z.string().optional(),
  BEDROCK_REGION: z.string().optional(),
  AWS_REGION: z.string().optional(),
  REKOGNITION_REGION: z.string().optional(),
  REKOGNITION_MIN_CONFIDENCE: z.string().optional(),
  OPENAI_BASE_URL: z.string().optional(),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_MODEL: z.string().optional(),
  CLOUD_MODEL_TIMEOUT_MS: z.string().optional(),
  CLOUD_MODEL_MAX_ATTEMPTS: z.string().optional(),
  POLICY: z.string().min(1).default("generic"),
  // API_KEYS, API_KEYS_FILE, SESSION_SECRET, RATE_LIMIT_PER_MINUTE (see src/auth/access-control.ts).
  ...ACCESS_CONFIG_SHAPE,
  // PROFILES_DIR, CHROMIUM_PATH, CRAWL_SCHEDULE, CRAWL_* limits and agent model (see src/crawler/crawl-config.ts).
  ...crawlConfigShape,
});

export type Config = z.infer<typeof configSchema>;
export const CONFIG_KEYS = Object.keys(configSchema.shape) as (keyof Config)[];

function readConfigFile(path: string): Record<string, string> {
  const parsed: unknown = parseYaml(readFileSync(path, "utf8"));
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new ConfigError([`${path}: must be a mapping of setting names to values`]);
  }
  return Object.fromEntries(
    Object.entries(parsed).map(([k, v]) => [k.toUpperCase(), Array.isArray(v) ? v.join(",") : String(v)]),
  );
}

/** Reads and validates the whole configuration, reporting every bad value at once. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<Record<keyof Config, string>> = {},
): Config {
  const file = env.POSTERGUARD_CONFIG ?? "posterguard.config.yaml";
  const fromFile = existsSync(file) ? readConfigFile(resolve(file)) : {};
  const unknownKeys = Object.keys(fromFile).filter((k) => !(CONFIG_KEYS as string[]).includes(k));
  const raw: Record<string, string> = { ...fromFile };
  for (const key of CONFIG_KEYS) {
    const value = env[key];
    if (value !== undefined && value !== "") raw[key] = value;
  }
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) raw[key] = value;

  const parsed = configSchema.safeParse(raw);
  const problems = unknownKeys.map((k) => `${file}: unknown setting ${k}`);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "config");
      problems.push(`${key}=${JSON.stringify(raw[key])}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return parsed.data;
}

export { ConfigError };
