import type { ImageFormat } from "../domain/poster-key.js";

export interface PosterImage {
  bytes: Buffer;
  format: ImageFormat;
  posterHash: string;
}

/** Turns a poster into an observation; judging it is the policy's job. */
export interface Detector<T = unknown> {
  readonly id: string;
  readonly version: string;
  detect(image: PosterImage, signal?: AbortSignal): Promise<T>;
}
