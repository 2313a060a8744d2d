import type { Config } from "../config.js";
import type { ViolationCode } from "../domain/violation.js";
import type { JudgedDetector } from "./compliance-engine.js";
import { cloudDetectorsFromEnv } from "./detectors/cloud/cloud-detectors-from-env.js";
import { CONTENT_CODES } from "./detectors/cloud/content-taxonomy.js";
import { REKOGNITION_CODES } from "./detectors/cloud/rekognition-taxonomy.js";
import { createImageMetricsDetector, type ImageMetrics } from "./detectors/image-metrics.js";
import { createNsfwDetector } from "./detectors/nsfw/nsfw-detector.js";
import { createOcrDetector } from "./detectors/ocr/ocr-detector.js";
import { createPpOcrDetector } from "./detectors/ppocr/ppocr-detector.js";
import type { ContentObservation } from "./observations/content-observation.js";
import type { OcrObservation } from "./observations/ocr-observation.js";
import { judgeContent } from "./rules/content-rules.js";
import { judgeSpecText, SPEC_TEXT_CODES } from "./rules/spec/judge-spec-text.js";
import { judgeTechnical } from "./rules/technical-rules.js";
import { judgeText } from "./rules/text/judge-text.js";
import { TEXT_RULE_CODES, textRuleSettingsFor } from "./rules/text/text-rule-settings.js";

export const TECHNICAL_CODES = [
  "LOW_RESOLUTION",
  "ASPECT_RATIO",
  "LETTERBOXING",
  "BLURRY",
  "FILE_TOO_LARGE",
  "UNSUPPORTED_FORMAT",
  "OVERSIZED",
  "COLOR_SPACE",
  "NO_TRANSPARENCY",
] as const satisfies readonly ViolationCode[];

type Settings = Partial<Config>;

function cloud(name: "bedrock" | "rekognition" | "openai") {
  return (settings: Settings): JudgedDetector => {
    const env = { ...process.env, ...definedStrings(settings) };
    const [detector] = cloudDetectorsFromEnv(env, [name]);
    if (!detector) throw new Error(`the ${name} detector is not configured`);
    return {
      detector,
      // The vision models are asked for every content code; Rekognition's labels map to fewer.
      codes: name === "rekognition" ? REKOGNITION_CODES : CONTENT_CODES,
      judge: (data, policy, id) => judgeContent(data as ContentObservation, policy, id),
      close: async () => detector.close(),
    };
  };
}

const factories: Record<string, (settings: Settings) => JudgedDetector> = {
  metrics: () => ({
    detector: createImageMetricsDetector(),
    codes: TECHNICAL_CODES,
    judge: (data, policy, id) => judgeTechnical(data as ImageMetrics, policy, id),
  }),
  ocr: () => {
    const detector = createOcrDetector();
    return {
      detector,
      codes: [...TEXT_RULE_CODES, ...SPEC_TEXT_CODES],
      judge: (data, policy, id, context) => {
        const ocr = data as OcrObservation;
        return [
          ...judgeText(ocr, textRuleSettingsFor(policy, context.title), id),
          ...judgeSpecText(ocr, policy, id, context),
        ];
      },
      close: () => detector.close(),
    };
  },
  ppocr: () => {
    const detector = createPpOcrDetector();
    return {
      detector,
      codes: [...TEXT_RULE_CODES, ...SPEC_TEXT_CODES],
      judge: (data, policy, id, context) => {
        const ocr = data as OcrObservation;
        return [
          ...judgeText(ocr, textRuleSettingsFor(policy, context.title), id),
          ...judgeSpecText(ocr, policy, id, context),
        ];
      },
      close: () => detector.close(),
    };
  },
  nsfw: () => {
    const detector = createNsfwDetector();
    return {
      detector,
      codes: ["NUDITY", "SUGGESTIVE"],
      judge: (data, policy, id) => judgeContent(data as ContentObservation, policy, id),
      close: () => detector.close(),
    };
  },
  bedrock: cloud("bedrock"),
  rekognition: cloud("rekognition"),
  openai: cloud("openai"),
};

export const KNOWN_DETECTORS = Object.keys(factories);

/** The detectors named in `DETECTORS`, in order; an unknown name is a configuration error. */
export function createDetectors(names: string[], settings: Settings = {}): JudgedDetector[] {
  return names.map((name) => {
    const factory = factories[name];
    if (!factory)
      throw new Error(`unknown detector "${name}"; known detectors: ${KNOWN_DETECTORS.join(", ")}`);
    return factory(settings);
  });
}

function definedStrings(settings: Settings): Record<string, string> {
  return Object.fromEntries(
    Object.entries(settings).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}
