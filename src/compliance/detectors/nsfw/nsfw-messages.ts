import type { NsfwScores } from "./map-nsfw-classes.js";

/** The side of the square RGB image the bundled MobileNetV2 model takes. */
export const NSFW_INPUT_SIZE = 224;

/** One poster's model input, sent from the pool to a worker thread. */
export interface ClassifyRequest {
  /** NSFW_INPUT_SIZE² RGB pixels, 3 bytes each, row by row. */
  pixels: Uint8Array;
}

/** A worker holds one request at a time, so a reply needs no id. */
export type WorkerReply =
  | { type: "ready" }
  | { type: "scores"; scores: NsfwScores }
  | { type: "failed"; message: string };
