import type { ImageFormat } from "../domain/poster-key.js";

export interface PosterImage {
  /** What the detectors decode: the file itself, or a copy of its pixels (see `file`). */
  bytes: Buffer;
  /** The format of `bytes`. */
  format: ImageFormat;
  posterHash: string;
  /**
   * Set when `bytes` is a lossless PNG copy of a file sharp cannot decode (a BMP): the file's own
   * format and size, which the technical rules judge.
   */
  file?: { format: ImageFormat; bytes: number };
}

/** Turns a poster into an observation; judging it is the policy's job. */
export interface Detector<T = unknown> {
  readonly id: string;
  readonly version: string;
  detect(image: PosterImage, signal?: AbortSignal): Promise<T>;
}
