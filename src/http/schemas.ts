import { JOB_STATUSES } from "../domain/job.js";
import { PLATFORM_PATTERN } from "../domain/platform.js";
import { VIOLATION_CODES } from "../domain/violation.js";

export const errorSchema = {
  $id: "Error",
  type: "object",
  properties: {
    error: {
      type: "object",
      properties: { code: { type: "string" }, message: { type: "string" }, details: {} },
      required: ["code", "message"],
    },
  },
  required: ["error"],
} as const;

export const violationSchema = {
  $id: "Violation",
  type: "object",
  additionalProperties: true,
  properties: {
    code: { type: "string" },
    severity: { type: "string", enum: ["LOW", "MEDIUM", "HIGH", "CRITICAL"] },
    confidence: { type: "number" },
    message: { type: "string" },
    detector: { type: "string" },
    evidence: { type: "object", additionalProperties: true },
  },
} as const;

export const resultSchema = {
  $id: "ComplianceResult",
  type: "object",
  description:
    "A verdict. `isCompliant` means no violation among the codes checked: it says nothing about the " +
    "codes in `notChecked`, which the policy enables but no enabled detector can raise.",
  additionalProperties: true,
  properties: {
    isCompliant: {
      type: "boolean",
      description: "true when no enabled rule fired among the codes checked (see notChecked)",
    },
    violations: { type: "array", items: { $ref: "Violation#" } },
    policy: { type: "object", properties: { id: { type: "string" }, version: { type: "string" } } },
    detectors: {
      type: "array",
      items: {
        type: "object",
        properties: { id: { type: "string" }, version: { type: "string" }, durationMs: { type: "number" } },
      },
    },
    checkedAt: { type: "string", format: "date-time" },
    preset: { type: "string" },
    artworkType: { type: "string" },
    notChecked: {
      type: "array",
      items: { type: "string", enum: VIOLATION_CODES },
      description:
        "codes the policy enables that no enabled detector can raise, so the verdict does not cover " +
        "them (with the default detectors: VIOLENCE, WEAPONS, DRUGS_ALCOHOL, HATE_SYMBOLS, " +
        "LOGO_OR_WATERMARK). Absent on results stored before it was recorded.",
    },
  },
} as const;

export const jobSchema = {
  $id: "Job",
  type: "object",
  additionalProperties: true,
  properties: {
    jobId: { type: "string" },
    requestId: { type: "string" },
    posterHash: { type: "string" },
    policyVersion: { type: "string" },
    platform: { type: "string" },
    posterUrl: { type: "string" },
    pageUrl: { type: "string" },
    metadata: { type: "object", additionalProperties: true },
    status: { type: "string", enum: JOB_STATUSES },
    attempts: { type: "integer" },
    storage: { type: "object", properties: { bucket: { type: "string" }, key: { type: "string" } } },
    createdAt: { type: "string" },
    updatedAt: { type: "string" },
    startedAt: { type: "string" },
    completedAt: { type: "string" },
    processingDurationMs: { type: "number" },
    result: { $ref: "ComplianceResult#" },
    error: { type: "object", properties: { code: { type: "string" }, message: { type: "string" } } },
  },
} as const;

const httpUrl = {
  type: "string",
  minLength: 8,
  maxLength: 2048,
  pattern: "^[Hh][Tt][Tt][Pp][Ss]?://",
} as const;

export const createJobBodySchema = {
  type: "object",
  required: ["platform", "posterUrl"],
  additionalProperties: false,
  properties: {
    platform: {
      type: "string",
      pattern: PLATFORM_PATTERN,
      description: "a slug: lowercase letters, digits, dashes",
    },
    posterUrl: { ...httpUrl, format: "uri", description: "http(s) URL of the poster image" },
    pageUrl: { ...httpUrl, format: "uri", description: "the catalog page the poster was seen on" },
    artworkType: {
      type: "string",
      pattern: "^[a-z0-9][a-z0-9-]{0,62}$",
      description: "poster (default), box-art, cover, hero, episodic, title-art, or one the policy adds",
    },
    metadata: {
      type: "object",
      maxProperties: 50,
      additionalProperties: true,
      properties: { title: { type: "string", maxLength: 500, description: "the catalog title, if known" } },
    },
    requestId: { type: "string", minLength: 1, maxLength: 128, pattern: "^[A-Za-z0-9._:-]+$" },
  },
} as const;

export const createJobReplySchema = {
  type: "object",
  required: ["jobId", "status", "cached"],
  properties: {
    jobId: { type: "string" },
    status: { type: "string", enum: JOB_STATUSES },
    cached: { type: "boolean" },
    result: { $ref: "ComplianceResult#" },
  },
} as const;

export const posterHashParams = {
  type: "object",
  required: ["posterHash"],
  properties: { posterHash: { type: "string", pattern: "^[0-9a-f]{64}$" } },
} as const;
