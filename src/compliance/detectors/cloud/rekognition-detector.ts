import {
  DetectModerationLabelsCommand,
  type DetectModerationLabelsCommandOutput,
  RekognitionClient,
  type RekognitionClientConfig,
} from "@aws-sdk/client-rekognition";
import { z } from "zod";
import type { PosterImage } from "../../../ports/detector.js";
import type { ContentObservation } from "../../observations/content-observation.js";
import { awsSdkErrors } from "./aws-sdk-errors.js";
import { callModel } from "./call-model.js";
import { type CloudCallOptions, type CloudDetector, checkCallOptions } from "./cloud-detector.js";
import { ModelOutputError } from "./cloud-model-error.js";
import { type ModelImageLimits, prepareModelImage } from "./prepare-model-image.js";
import { mapModerationLabels, REKOGNITION_TAXONOMY_VERSION } from "./rekognition-taxonomy.js";
import { DEFAULT_BACKOFF } from "./retry-throttling.js";

export interface RekognitionDetectorOptions extends CloudCallOptions {
  /** Default: the SDK's chain (`AWS_REGION`, the shared config). */
  region?: string;
  /** Default: the SDK's (`AWS_ENDPOINT_URL_REKOGNITION`, else the regional endpoint). */
  endpoint?: string;
  credentials?: RekognitionClientConfig["credentials"];
  /** Rekognition's MinConfidence, 0..100: weaker labels are not returned at all. Default 50. */
  minConfidence?: number;
}

/** Rekognition takes JPEG or PNG bytes up to 5 MB; it needs no more than this to moderate a poster. */
const REKOGNITION_IMAGE: ModelImageLimits = {
  formats: ["jpeg", "png"],
  maxSide: 2048,
  maxBytes: 5 * 1024 * 1024,
};
const OPERATION = "DetectModerationLabels";

const REKOGNITION_ERRORS = awsSdkErrors(
  ["ThrottlingException", "ProvisionedThroughputExceededException"],
  [],
);

const answerSchema = z.object({
  ModerationLabels: z.array(
    z.object({
      Name: z.string().min(1),
      ParentName: z.string().optional(),
      Confidence: z.number().min(0).max(100),
      TaxonomyLevel: z.number().int().optional(),
    }),
  ),
  ModerationModelVersion: z.string().optional(),
});

/** Amazon Rekognition content moderation, its labels mapped onto our codes. */
export function createRekognitionDetector(options: RekognitionDetectorOptions): CloudDetector {
  checkCallOptions(options);
  const minConfidence = options.minConfidence ?? 50;
  if (!(minConfidence >= 0 && minConfidence <= 100)) {
    throw new Error(`minConfidence must be within 0..100, got ${minConfidence}`);
  }
  const client = new RekognitionClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    // Retries are ours (withThrottlingRetry): only throttling is retried, each attempt with its own timeout.
    maxAttempts: 1,
  });
  const settings = {
    detector: "rekognition",
    model: OPERATION,
    timeoutMs: options.timeoutMs,
    maxAttempts: options.maxAttempts,
    backoff: options.backoff ?? DEFAULT_BACKOFF,
  };

  return {
    id: "rekognition",
    version: `${OPERATION}+min${minConfidence}+${REKOGNITION_TAXONOMY_VERSION}`,
    close: () => client.destroy(),
    async detect(poster: PosterImage, signal?: AbortSignal): Promise<ContentObservation> {
      signal?.throwIfAborted();
      const image = await prepareModelImage(poster.bytes, REKOGNITION_IMAGE, `rekognition (${OPERATION})`);
      const command = new DetectModerationLabelsCommand({
        Image: { Bytes: image.bytes },
        MinConfidence: minConfidence,
      });
      return callModel(
        settings,
        REKOGNITION_ERRORS,
        { send: (attemptSignal) => client.send(command, { abortSignal: attemptSignal }), read: observation },
        signal,
      );
    },
  };
}

function observation(output: DetectModerationLabelsCommandOutput): ContentObservation {
  const parsed = answerSchema.safeParse(output);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join(".") || "answer"}: ${issue.message}`,
    );
    throw new ModelOutputError(
      `the answer did not match DetectModerationLabels' shape: ${issues.join("; ")}`,
    );
  }
  const { ModerationLabels, ModerationModelVersion } = parsed.data;
  return {
    model: `rekognition moderation ${ModerationModelVersion ?? "(version not given)"}`,
    ...mapModerationLabels(ModerationLabels),
  };
}
