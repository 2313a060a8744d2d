import { z } from "zod";
import type { Box } from "../../../domain/violation.js";
import type { ContentFinding } from "../../observations/content-observation.js";
import { ModelOutputError } from "./cloud-model-error.js";
import { CONTENT_CODES } from "./content-taxonomy.js";

const fraction = z.number().min(0).max(1);

/** What a vision model must answer, whichever way it was asked (tool input or JSON text). */
export const modelVerdictSchema = z.object({
  findings: z.array(
    z.object({
      code: z.enum(CONTENT_CODES),
      confidence: fraction,
      label: z.string().trim().min(1),
      rationale: z.string().trim().nullish(),
      box: z.object({ x: fraction, y: fraction, width: fraction, height: fraction }).nullish(),
    }),
  ),
});

export type ModelVerdict = z.infer<typeof modelVerdictSchema>;
type FractionBox = NonNullable<ModelVerdict["findings"][number]["box"]>;

export interface ImageSize {
  width: number;
  height: number;
}

/** Validates a model's verdict and maps its fractional boxes onto the poster's pixels. */
export function findingsFromVerdict(verdict: unknown, poster: ImageSize): ContentFinding[] {
  const parsed = modelVerdictSchema.safeParse(verdict);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${pathOf(issue.path)}: ${issue.message}`);
    throw new ModelOutputError(`model output did not match the findings schema: ${issues.join("; ")}`);
  }
  return parsed.data.findings.map((finding) => {
    const box = finding.box ? toPixels(finding.box, poster) : undefined;
    return {
      code: finding.code,
      confidence: finding.confidence,
      label: finding.label,
      ...(finding.rationale ? { rationale: finding.rationale } : {}),
      ...(box ? { boxes: [box] } : {}),
    };
  });
}

const FENCED_JSON = /^```json[ \t]*\r?\n([\s\S]*?)\r?\n?```$/i;

/** A JSON object, bare or in one ```json fence; any other text around it is refused. */
export function verdictFromText(text: string): unknown {
  const trimmed = text.trim();
  const json = FENCED_JSON.exec(trimmed)?.[1] ?? trimmed;
  try {
    return JSON.parse(json);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ModelOutputError(`model output is not a JSON object (${reason}): ${excerpt(trimmed)}`);
  }
}

function toPixels(box: FractionBox, poster: ImageSize): Box | undefined {
  const x = Math.round(box.x * poster.width);
  const y = Math.round(box.y * poster.height);
  const width = Math.min(Math.round(box.width * poster.width), poster.width - x);
  const height = Math.min(Math.round(box.height * poster.height), poster.height - y);
  return width > 0 && height > 0 ? { x, y, width, height } : undefined;
}

function pathOf(path: PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) => (typeof key === "number" ? `${text}[${key}]` : `${text}.${String(key)}`),
    "output",
  );
}

export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
