import type { Config } from "../config.js";
import type { Detector } from "../ports/detector.js";
import type { JudgedDetector } from "./compliance-engine.js";
import { cloudDetectorsFromEnv } from "./detectors/cloud/cloud-detectors-from-env.js";
import { CONTENT_CODES } from "./detectors/cloud/content-taxonomy.js";
import { REKOGNITION_CODES } from "./detectors/cloud/rekognition-taxonomy.js";
import { createImageMetricsDetector, type ImageMetrics } from "./detectors/image-metrics.js";
import { createNsfwDetector } from "./detectors/nsfw/nsfw-detector.js";
import { createOcrDetector } from "./detectors/ocr/ocr-detector.js";
import { createPdqDetector } from "./detectors/pdq-detector.js";
import { createPpOcrDetector } from "./detectors/ppocr/ppocr-detector.js";
import type { ContentObservation } from "./observations/content-observation.js";
import type { OcrObservation } from "./observations/ocr-observation.js";
import type { PdqObservation } from "./observations/pdq-observation.js";
import { CONTENT_RULES } from "./rules/content-rules.js";
import { SPEC_TEXT_CODES, SPEC_TEXT_RULES } from "./rules/spec/judge-spec-text.js";
import { TECHNICAL_CODES, TECHNICAL_RULES } from "./rules/technical-rules.js";
import { TEXT_RULE_CODES, TEXT_RULES } from "./rules/text/judge-text.js";

type Settings = Partial<Config>;

function cloud(name: "bedrock" | "rekognition" | "openai") {
  return (settings: Settings): JudgedDetector<ContentObservation> => {
    const env = { ...process.env, ...definedStrings(settings) };
    const [detector] = cloudDetectorsFromEnv(env, [name]);
    if (!detector) throw new Error(`the ${name} detector is not configured`);
    return {
      detector,
      // The vision models are asked for every content code; Rekognition's labels map to fewer.
      codes: name === "rekognition" ? REKOGNITION_CODES : CONTENT_CODES,
      rules: [CONTENT_RULES],
      close: async () => detector.close(),
    };
  };
}

/** An OCR engine with the text and platform-spec rules that judge what it read. */
function textDetector(
  detector: Detector<OcrObservation> & { close(): Promise<void> },
): JudgedDetector<OcrObservation> {
  return {
    detector,
    codes: [...TEXT_RULE_CODES, ...SPEC_TEXT_CODES],
    rules: [TEXT_RULES, SPEC_TEXT_RULES],
    close: () => detector.close(),
  };
}

/**
 * `ocr` reads with PaddleOCR's PP-OCRv4 models (measured on real key art: twice tesseract's
 * recall at less CPU); `tesseract` is the earlier engine, kept for comparison. Both answer as
 * detector `ocr`, so only one of them can be enabled at a time.
 */
const factories: Record<string, (settings: Settings) => JudgedDetector> = {
  metrics: (): JudgedDetector<ImageMetrics> => ({
    detector: createImageMetricsDetector(),
    codes: TECHNICAL_CODES,
    rules: [TECHNICAL_RULES],
  }),
  ocr: () => textDetector(createPpOcrDetector()),
  tesseract: () => textDetector(createOcrDetector()),
  nsfw: (): JudgedDetector<ContentObservation> => {
    const detector = createNsfwDetector();
    return {
      detector,
      codes: ["NUDITY", "SUGGESTIVE"],
      rules: [CONTENT_RULES],
      close: () => detector.close(),
    };
  },
  // The perceptual hash that finds a poster's near-duplicates: no rule judges it.
  pdq: (): JudgedDetector<PdqObservation> => ({ detector: createPdqDetector(), codes: [], rules: [] }),
  bedrock: cloud("bedrock"),
  rekognition: cloud("rekognition"),
  openai: cloud("openai"),
};

export const KNOWN_DETECTORS = Object.keys(factories);

/** The detectors named in `DETECTORS`, in order; an unknown name is a configuration error. */
export function createDetectors(names: string[], settings: Settings = {}): JudgedDetector[] {
  if (names.includes("ocr") && names.includes("tesseract")) {
    throw new Error('detectors "ocr" and "tesseract" are two OCR engines; enable one of them');
  }
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
