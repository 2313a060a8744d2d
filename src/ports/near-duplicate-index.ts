import type { PdqMatch } from "../domain/pdq-multi-index.js";

export type { PdqMatch } from "../domain/pdq-multi-index.js";

/**
 * Posters by their PDQ hash (64 hex digits), for finding the near-duplicates of a poster: the same
 * artwork re-encoded, resized, recoloured, a little cropped. Distances are Hamming distances
 * between hashes; PDQ_MATCH_DISTANCE (31) is the usual threshold.
 */
export interface NearDuplicateIndex {
  /** Records a poster's hash; adding a poster again changes nothing. */
  add(posterHash: string, pdq: string): Promise<void>;
  /** Every stored poster within `distance` bits of `pdq` (itself included, if stored), nearest first. */
  findWithin(pdq: string, distance?: number): Promise<PdqMatch[]>;
}
