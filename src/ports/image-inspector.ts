import type { ImageFormat } from "../domain/poster-key.js";

export interface InspectedImage {
  format: ImageFormat;
  width: number;
  height: number;
}

/** Decodes the bytes enough to know they are a supported, sound image; throws PosterRejectedError. */
export type ImageInspector = (bytes: Buffer) => Promise<InspectedImage>;
