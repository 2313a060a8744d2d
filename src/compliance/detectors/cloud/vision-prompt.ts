import { createHash } from "node:crypto";
import {
  CONTENT_CODES,
  type ContentCodeDescription,
  PICTURE_CODES,
  VISIBLE_TEXT_CODES,
} from "./content-taxonomy.js";

export const FINDINGS_TOOL_NAME = "report_findings";
export const FINDINGS_TOOL_DESCRIPTION = "Report every content-policy finding seen on the poster.";

function describe(codes: readonly ContentCodeDescription[]): string {
  return codes.map(({ code, description }) => `- ${code}: ${description}`).join("\n");
}

export const SYSTEM_PROMPT = `You review poster artwork for a streaming catalogue against a content policy. Look at the whole image, including small print, corners and the background.

Report everything of the following kinds that you can see, each under its code:
${describe(PICTURE_CODES)}

Report these only when text legible in the image shows them:
${describe(VISIBLE_TEXT_CODES)}

For each finding give:
- code: one of the codes above;
- confidence: how sure you are that it is present, from 0 to 1;
- label: a short name for what you saw, e.g. "handgun" or "network logo";
- rationale: one sentence saying where it is and why it matches the code;
- box: the region that shows it, as fractions of the image width and height (x and y of the top-left corner, width, height, each from 0 to 1), or null when no single region shows it.

One thing may be reported under several codes when it fits several. Do not report what is only hinted at. A poster with none of these gets an empty findings list.`;

/** The user turn beside the image; Bedrock answers through the tool, OpenAI-compatible servers with JSON. */
export const TOOL_INSTRUCTION = `Review this poster and call ${FINDINGS_TOOL_NAME} with your findings.`;
export const JSON_INSTRUCTION =
  'Review this poster and answer with one JSON object of the form {"findings": [...]} and nothing else.';

/** A JSON value, as SDKs that take a JSON Schema document type it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

const fraction: JsonObject = { type: "number", minimum: 0, maximum: 1 };

const boxSchema: JsonObject = {
  type: "object",
  properties: { x: fraction, y: fraction, width: fraction, height: fraction },
  required: ["x", "y", "width", "height"],
  additionalProperties: false,
};

/**
 * The findings schema as JSON Schema. `tool` (Bedrock tool input) leaves rationale and box out when
 * unknown; `strict` (OpenAI structured outputs) requires every property, so box is nullable instead.
 */
export function findingsJsonSchema(style: "tool" | "strict"): JsonObject {
  const finding: JsonObject = {
    type: "object",
    properties: {
      code: { type: "string", enum: [...CONTENT_CODES] },
      confidence: fraction,
      label: { type: "string" },
      rationale: { type: "string" },
      box: style === "strict" ? { anyOf: [boxSchema, { type: "null" }] } : boxSchema,
    },
    required:
      style === "strict"
        ? ["code", "confidence", "label", "rationale", "box"]
        : ["code", "confidence", "label"],
    additionalProperties: false,
  };
  return {
    type: "object",
    properties: { findings: { type: "array", items: finding } },
    required: ["findings"],
    additionalProperties: false,
  };
}

/** Changes whenever the prompt, an instruction or the schema changes, so observations are not reused. */
export const PROMPT_VERSION = `prompt-${createHash("sha256")
  .update(
    JSON.stringify([
      SYSTEM_PROMPT,
      TOOL_INSTRUCTION,
      JSON_INSTRUCTION,
      findingsJsonSchema("tool"),
      findingsJsonSchema("strict"),
    ]),
  )
  .digest("hex")
  .slice(0, 10)}`;
