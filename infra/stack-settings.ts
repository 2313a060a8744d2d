import type { Node } from "constructs";
import { z } from "zod";
import { QUEUE_DESIGN } from "../src/adapters/aws/queue-and-bucket-design.js";
import { parseApiKeys } from "../src/auth/api-keys.js";
import { wholeNumber } from "../src/config-values.js";

/*
 * Every deploy-time choice, read from CDK context: `cdk.json` "context", or
 * `npx cdk deploy -c name=value`. Context given on the command line arrives as strings, so
 * numbers and lists are parsed from strings too.
 */

const list = z
  .union([z.string(), z.array(z.string())])
  .transform((value) =>
    (Array.isArray(value) ? value : value.split(",")).map((s) => s.trim()).filter(Boolean),
  );

const text = z.string().trim().min(1);

const settingsSchema = z.object({
  stackName: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, { message: "must be a CloudFormation stack name" })
    .default("PosterGuard"),
  /** DETECTORS for the functions; bedrock and rekognition also decide the worker's model grants. */
  detectors: list.default(["metrics", "nsfw", "pdq"]),
  /** POLICY for the functions: a preset id or a policy file inside the image. */
  policy: text.default("generic"),
  /** Model id, inference profile id or ARN; defaults to the bedrock detector's own default. */
  bedrockModelId: text.default("amazon.nova-lite-v1:0"),
  /** Where Bedrock is called; the stack's region when unset. */
  bedrockRegion: text.optional(),
  /** Subscribed to the alarm topic; the subscription must be confirmed from the mail. */
  alarmEmail: z.email({ message: "must be an email address" }).optional(),
  /** The functions' CPU; the image is built for it. arm64 costs about 20% less per GB-second. */
  architecture: z.enum(["x86_64", "arm64"], { message: "must be x86_64 or arm64" }).default("x86_64"),
  workerTimeoutSeconds: wholeNumber(10, 900).default(QUEUE_DESIGN.defaultWorkerTimeoutSeconds),
  /** 1,769 MB is one full vCPU; OCR and NSFW are CPU bound. */
  workerMemoryMb: wholeNumber(512, 10_240).default(2048),
  /** Messages per invocation; the batch's records run in parallel. */
  workerBatchSize: wholeNumber(1, 10).default(5),
  /** Most worker invocations the queue starts at once (the event source's MaximumConcurrency). */
  workerMaxConcurrency: wholeNumber(2, 1000).default(10),
  apiMemoryMb: wholeNumber(256, 10_240).default(1024),
  crawlerMemoryMb: wholeNumber(512, 10_240).default(2048),
  /** `iam`: callers sign requests with SigV4. `none` leaves the API open to the internet. */
  apiAuth: z.enum(["iam", "none"], { message: "must be iam or none" }).default("iam"),
  /**
   * API_KEYS for the API function: `name:role:sha256:<hex>` entries as `posterguard keys create`
   * prints them. Digests only: the value is written into the template.
   */
  apiKeys: z
    .string()
    .trim()
    .min(1)
    .superRefine((value, context) => {
      const { problems } = parseApiKeys(value, "apiKeys");
      for (const problem of problems) context.addIssue({ code: "custom", message: problem });
      const entries = value
        .split(/[\n,]/)
        .map((entry) => entry.trim())
        .filter(Boolean);
      if (entries.some((entry) => !/:sha256:[0-9a-f]{64}$/.test(entry))) {
        context.addIssue({
          code: "custom",
          message: "give digests (name:role:sha256:<hex>, from `posterguard keys create`), never tokens",
        });
      }
    })
    .optional(),
  apiRateLimit: wholeNumber(1, 10_000).default(50),
  apiBurstLimit: wholeNumber(1, 5_000).default(100),
  /** The queue-age alarm fires when the oldest waiting job is older than this. */
  queueAgeAlarmSeconds: wholeNumber(60, 1_209_600).default(900),
  /** Physical names; CloudFormation generates unique ones when unset. */
  bucketName: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: "must be a valid S3 bucket name" })
    .optional(),
  tableName: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{3,255}$/, { message: "must be a valid DynamoDB table name" })
    .optional(),
});

export type StackSettings = z.infer<typeof settingsSchema>;
export const SETTING_NAMES = Object.keys(settingsSchema.shape) as (keyof StackSettings)[];

export class StackSettingsError extends Error {
  override readonly name = "StackSettingsError";
}

/** The settings from plain values, every bad value reported at once. */
export function parseStackSettings(values: Record<string, unknown>): StackSettings {
  const parsed = settingsSchema.safeParse(values);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? "context");
    return `  - ${key}=${JSON.stringify(values[key])}: ${issue.message}`;
  });
  throw new StackSettingsError(`invalid CDK context:\n${problems.join("\n")}`);
}

/** The settings from the app's context; unset and empty values take their defaults. */
export function readStackSettings(node: Node): StackSettings {
  const values: Record<string, unknown> = {};
  for (const name of SETTING_NAMES) {
    const value: unknown = node.tryGetContext(name);
    if (value !== undefined && value !== "") values[name] = value;
  }
  return parseStackSettings(values);
}
