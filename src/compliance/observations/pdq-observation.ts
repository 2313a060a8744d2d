import type { PdqHex } from "../../domain/pdq-hash.js";
import type { DihedralVariant } from "../../imaging/pdq/pdq-dihedral.js";

/** The PDQ perceptual hash of a poster: what finds its near-duplicates. */
export interface PdqObservation {
  hash: PdqHex;
  /** 0…100; under 50 the picture is too flat for its hash to be trusted. */
  quality: number;
  /** The hash of each rotation and flip of the poster, to match a rotated or mirrored copy. */
  dihedral: Record<DihedralVariant, PdqHex>;
}
