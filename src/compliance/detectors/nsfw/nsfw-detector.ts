import { availableParallelism } from "node:os";
import type { Detector, PosterImage } from "../../../ports/detector.js";
import type { ContentObservation } from "../../observations/content-observation.js";
import { mapNsfwClasses } from "./map-nsfw-classes.js";
import { nsfwInputPixels } from "./nsfw-input.js";
import { NsfwPool } from "./nsfw-pool.js";
import { nsfwDetectorVersion } from "./nsfw-version.js";

export interface NsfwDetectorOptions {
  /** Worker threads, each with its own copy of the model; default min(2, cores). */
  workers?: number;
}

export interface NsfwDetector extends Detector<ContentObservation> {
  /** Starts the workers and loads the model now rather than on the first poster. */
  warmUp(): Promise<void>;
  /** Terminates the workers; the detector cannot be used afterwards. */
  close(): Promise<void>;
}

/**
 * Offline nudity and suggestiveness scores from nsfwjs's bundled MobileNetV2 on tfjs's wasm
 * backend. Reports NUDITY (Porn + Hentai) and SUGGESTIVE (Sexy) for every poster, with all five
 * class probabilities as evidence.
 */
export function createNsfwDetector(options: NsfwDetectorOptions = {}): NsfwDetector {
  const pool = new NsfwPool(options.workers ?? Math.min(2, availableParallelism()));
  return {
    id: "nsfw",
    version: nsfwDetectorVersion(),
    warmUp: () => pool.warmUp(),
    close: () => pool.close(),
    async detect(image: PosterImage, signal?: AbortSignal): Promise<ContentObservation> {
      signal?.throwIfAborted();
      const pixels = await nsfwInputPixels(image.bytes);
      const scores = await pool.classify(pixels, signal);
      return { model: "nsfwjs MobileNetV2", findings: mapNsfwClasses(scores), scores: { ...scores } };
    },
  };
}
