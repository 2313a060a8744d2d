import type { Observation } from "../domain/observation.js";
import type { NearDuplicateIndex } from "../ports/near-duplicate-index.js";
import type { ObservationRepository } from "./compliance-engine.js";
import { PDQ_DETECTOR_ID } from "./detectors/pdq-detector.js";
import type { PdqObservation } from "./observations/pdq-observation.js";

/**
 * The observation store the engine writes to, adding each poster to the near-duplicate index as
 * its PDQ observation is saved: once per poster (and detector version), by whichever worker
 * hashed it. Indexing never fails a job: an error goes to `onError`, and that poster stays out of
 * the index until its observation is saved again (a new detector version).
 */
export function indexingPdqObservations(
  observations: ObservationRepository,
  index: NearDuplicateIndex,
  onError: (posterHash: string, error: unknown) => void,
): ObservationRepository {
  return {
    getObservation: (posterHash, detector, version) =>
      observations.getObservation(posterHash, detector, version),
    async saveObservation(posterHash: string, observation: Observation): Promise<void> {
      await observations.saveObservation(posterHash, observation);
      if (observation.detector !== PDQ_DETECTOR_ID) return;
      try {
        await index.add(posterHash, (observation.data as PdqObservation).hash);
      } catch (error) {
        onError(posterHash, error);
      }
    },
  };
}
