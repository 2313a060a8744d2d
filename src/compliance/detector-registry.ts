import type { JudgedDetector } from "./compliance-engine.js";
import { createImageMetricsDetector, type ImageMetrics } from "./detectors/image-metrics.js";
import { judgeTechnical } from "./rules/technical-rules.js";

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
] as const;

const factories: Record<string, () => JudgedDetector> = {
  metrics: () =>
    ({
      detector: createImageMetricsDetector(),
      codes: TECHNICAL_CODES,
      judge: (data, policy, id) => judgeTechnical(data as ImageMetrics, policy, id),
    }) satisfies JudgedDetector,
};

export const KNOWN_DETECTORS = Object.keys(factories);

/** The detectors named in `DETECTORS`, in order; an unknown name is a configuration error. */
export function createDetectors(names: string[]): JudgedDetector[] {
  return names.map((name) => {
    const factory = factories[name];
    if (!factory)
      throw new Error(`unknown detector "${name}"; known detectors: ${KNOWN_DETECTORS.join(", ")}`);
    return factory();
  });
}
