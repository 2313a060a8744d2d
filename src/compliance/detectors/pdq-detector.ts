import { PermanentProcessingError } from "../../domain/errors.js";
import { computePdq } from "../../imaging/pdq/compute-pdq.js";
import type { Detector, PosterImage } from "../../ports/detector.js";
import type { PdqObservation } from "../observations/pdq-observation.js";

export const PDQ_DETECTOR_ID = "pdq";

/** PDQ, Meta's perceptual hash (see src/imaging/pdq): observes, raises no violation by itself. */
export function createPdqDetector(): Detector<PdqObservation> {
  return {
    id: PDQ_DETECTOR_ID,
    version: "1.0.0",
    async detect(image: PosterImage, signal?: AbortSignal): Promise<PdqObservation> {
      signal?.throwIfAborted();
      try {
        return await computePdq(image.bytes);
      } catch (error) {
        const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
        throw new PermanentProcessingError("CORRUPT_IMAGE", `the poster cannot be decoded: ${reason}`);
      }
    },
  };
}
