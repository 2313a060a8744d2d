import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type {
  Context,
  SQSBatchResponse as PartialItemFailureResponse,
  SQSEvent,
  SQSRecord,
} from "aws-lambda";
import { parseJobMessage } from "../ports/job-message-codec.js";
import type { ReceivedMessage } from "../ports/job-queue.js";
import {
  DEFAULT_SWEEP,
  SWEEP_EVENT,
  type SweepOutcome,
  sweepUnqueuedJobs,
} from "../services/sweep-unqueued-jobs.js";
import { lambdaServices, logger, metrics } from "./lambda-services.js";

const processor = new BatchProcessor(EventType.SQS);

/** A record that must stay on the queue: reported in `batchItemFailures`. */
export class RecordNotDoneError extends Error {
  override readonly name = "RecordNotDoneError";
}

/**
 * A record whose body is no job message stays a batch failure: SQS delivers it again until
 * `maxReceiveCount` and then moves it to the DLQ, and the other records of the batch go on.
 */
export function receivedMessageOf(record: SQSRecord): ReceivedMessage {
  const body = parseJobMessage(record.body);
  if (!body) {
    throw new RecordNotDoneError(
      `message ${record.messageId} is not a job message: ${record.body.slice(0, 200)}`,
    );
  }
  return {
    messageId: record.messageId,
    receiptHandle: record.receiptHandle,
    body,
    receiveCount: Number(record.attributes.ApproximateReceiveCount ?? "1"),
  };
}

async function processRecord(record: SQSRecord): Promise<void> {
  const message = receivedMessageOf(record);
  const outcome = await lambdaServices().processJob.processMessage(message);
  metrics.addMetric(`Jobs_${outcome}`, MetricUnit.Count, 1);
  // Completed, skipped and permanently failed jobs have deleted their message; the others
  // must stay so that SQS retries them and, after maxReceiveCount, moves them to the DLQ.
  if (outcome === "retrying" || outcome === "busy" || outcome === "exhausted" || outcome === "released") {
    throw new RecordNotDoneError(`job ${message.body.jobId}: ${outcome}`);
  }
}

export { SWEEP_EVENT };

function isSweepEvent(event: unknown): boolean {
  return (event as { posterguard?: unknown } | null)?.posterguard === SWEEP_EVENT.posterguard;
}

/**
 * The worker on the SQS event source, with partial batch failures; on the sweep schedule, it
 * re-enqueues jobs left PENDING without a message (DynamoDB and SQS share no transaction).
 */
export async function handler(event: SQSEvent, context: Context): Promise<PartialItemFailureResponse>;
export async function handler(event: typeof SWEEP_EVENT, context: Context): Promise<SweepOutcome>;
export async function handler(
  event: SQSEvent | typeof SWEEP_EVENT,
  context: Context,
): Promise<PartialItemFailureResponse | SweepOutcome> {
  logger.addContext(context);
  if (!("Records" in event)) {
    if (!isSweepEvent(event))
      throw new Error(
        `the worker takes SQS batches and the sweep event, not ${JSON.stringify(event).slice(0, 200)}`,
      );
    const services = lambdaServices();
    const outcome = await sweepUnqueuedJobs(services, DEFAULT_SWEEP);
    metrics.addMetric("Jobs_requeued_by_sweep", MetricUnit.Count, outcome.requeued.length);
    metrics.publishStoredMetrics();
    return outcome;
  }
  try {
    return await processPartialResponse(event, processRecord, processor, {
      context,
      throwOnFullBatchFailure: false,
    });
  } finally {
    metrics.publishStoredMetrics();
  }
}
