import type { Box, ViolationCode } from "../../src/domain/violation.js";

export const CASE_GROUPS = ["technical", "text", "spec", "clean", "photo"] as const;
export type CaseGroup = (typeof CASE_GROUPS)[number];

/** A line of text drawn on an image, where its ink landed: what a perfect OCR would read. */
export interface DrawnText {
  text: string;
  box: Box;
}

export interface RenderedImage {
  bytes: Buffer;
  /** File extension, which is also the format: jpg, png, webp, gif, tiff. */
  extension: string;
  width: number;
  height: number;
  lines: DrawnText[];
}

/** How an image is judged: which policy, platform and artwork type, and which title the catalog gives. */
export interface JudgedAs {
  /** A preset (generic, prime-video, apple-tv) or the name of a file in eval/policies/ without `.yaml`. */
  policy: string;
  platform?: string;
  artworkType?: string;
  title?: string;
}

/** One image of the evaluation set: how it is built and the exact codes the policy should raise. */
export interface EvalCase extends JudgedAs {
  id: string;
  group: CaseGroup;
  description: string;
  expected: ViolationCode[];
  /** Whether a real photo (test/fixtures/pdq) is in the picture. */
  realPhoto: boolean;
  /** Whether the small set the test runs includes this case. */
  inSubset: boolean;
  /** Builds the image; deterministic for a case. */
  render(): Promise<RenderedImage>;
}

/** What `manifest.json` lists for each image. */
export interface ManifestEntry extends JudgedAs {
  id: string;
  file: string;
  group: CaseGroup;
  description: string;
  expected: ViolationCode[];
  realPhoto: boolean;
  width: number;
  height: number;
  lines: DrawnText[];
}

export interface Manifest {
  seed: number;
  subset: boolean;
  entries: ManifestEntry[];
}
