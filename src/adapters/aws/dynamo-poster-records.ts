import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Observation } from "../../domain/observation.js";
import type { Sighting, SightingSummary, StoredResponse, UrlValidators } from "../../ports/job-store.js";
import { assertFits } from "./dynamo-items.js";
import {
  observationCollection,
  observationKey,
  sightingCollection,
  sightingKey,
  storedResponseKey,
  urlValidatorsKey,
} from "./dynamo-keys.js";
import { type DynamoTable, Expression, isConditionFailed, queryAll } from "./dynamo-requests.js";
import { COLLECTION_INDEX } from "./dynamo-table-design.js";

/**
 * Sightings, observations, URL validators and stored responses. Their content sits in `payload`
 * (never in `posterHash`, `status`, `createdAt` or `platform`, which would put them in a job index);
 * the per-poster ones are listed through CollectionIndex.
 */

interface SightingPlace {
  platform: string;
  posterUrl: string;
  pageUrl?: string;
}

/**
 * One update per sighting: the counter always grows, `lastSeenAt` only moves forward. A sighting
 * older than the stored one fails the condition and is counted by a second update.
 */
export async function recordSighting(table: DynamoTable, sighting: Sighting): Promise<void> {
  const place: SightingPlace = { platform: sighting.platform, posterUrl: sighting.posterUrl };
  if (sighting.pageUrl) place.pageUrl = sighting.pageUrl;
  const key = sightingKey({ ...sighting, pageUrl: sighting.pageUrl || undefined });
  const send = (moveLastSeen: boolean) => {
    const e = new Expression();
    const set = [
      `${e.name("itemType")} = ${e.value("SIGHTING")}`,
      `${e.name("collection")} = ${e.value(sightingCollection(sighting.posterHash))}`,
      `${e.name("payload")} = if_not_exists(${e.name("payload")}, ${e.value(place)})`,
      `${e.name("firstSeenAt")} = if_not_exists(${e.name("firstSeenAt")}, ${e.value(sighting.seenAt)})`,
    ];
    const seen = moveLastSeen ? e.value(sighting.seenAt) : "";
    if (moveLastSeen) set.push(`${e.name("lastSeenAt")} = ${seen}`);
    return table.doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: { jobId: key },
        UpdateExpression: `SET ${set.join(", ")} ADD ${e.name("timesSeen")} ${e.value(1)}`,
        ConditionExpression: moveLastSeen
          ? `attribute_not_exists(${e.name("lastSeenAt")}) OR ${e.name("lastSeenAt")} <= ${seen}`
          : undefined,
        ...e.attributes(),
      }),
    );
  };
  try {
    await send(true);
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
    await send(false);
  }
}

export async function listSightings(table: DynamoTable, posterHash: string): Promise<SightingSummary[]> {
  const items = await queryCollection(table, sightingCollection(posterHash));
  return items
    .map((item) => {
      const place = item.payload as SightingPlace;
      const summary: SightingSummary = {
        platform: place.platform,
        posterUrl: place.posterUrl,
        firstSeenAt: String(item.firstSeenAt),
        lastSeenAt: String(item.lastSeenAt),
        timesSeen: Number(item.timesSeen),
      };
      if (place.pageUrl) summary.pageUrl = place.pageUrl;
      return summary;
    })
    .sort((a, b) => compare(b.lastSeenAt, a.lastSeenAt));
}

interface ObservationPayload {
  detector: string;
  version: string;
  durationMs: number;
  /** JSON text, for the same exact round trip as a job's result. */
  data: string;
}

export async function saveObservation(
  table: DynamoTable,
  posterHash: string,
  observation: Observation,
): Promise<void> {
  const payload: ObservationPayload = {
    detector: observation.detector,
    version: observation.version,
    durationMs: observation.durationMs,
    data: JSON.stringify(observation.data) ?? "null",
  };
  const item = {
    jobId: observationKey(posterHash, observation.detector, observation.version),
    itemType: "OBSERVATION",
    collection: observationCollection(posterHash),
    payload,
  };
  assertFits(`the ${observation.detector} ${observation.version} observation of ${posterHash}`, item);
  await table.doc.send(new PutCommand({ TableName: table.name, Item: item }));
}

export async function getObservation(
  table: DynamoTable,
  posterHash: string,
  detector: string,
  version: string,
): Promise<Observation | undefined> {
  const item = await getItem(table, observationKey(posterHash, detector, version));
  return item ? observationOf(item.payload as ObservationPayload) : undefined;
}

export async function listObservations(table: DynamoTable, posterHash: string): Promise<Observation[]> {
  const items = await queryCollection(table, observationCollection(posterHash));
  return items
    .map((item) => observationOf(item.payload as ObservationPayload))
    .sort((a, b) => compare(a.detector, b.detector) || compare(a.version, b.version));
}

function observationOf(payload: ObservationPayload): Observation {
  return {
    detector: payload.detector,
    version: payload.version,
    durationMs: Number(payload.durationMs),
    data: JSON.parse(payload.data),
  };
}

export async function getUrlValidators(table: DynamoTable, url: string): Promise<UrlValidators | undefined> {
  const item = await getItem(table, urlValidatorsKey(url));
  const stored = item?.payload as UrlValidators | undefined;
  if (!stored || stored.url !== url) return undefined;
  const validators: UrlValidators = { url, posterHash: stored.posterHash, storageKey: stored.storageKey };
  if (stored.etag) validators.etag = stored.etag;
  if (stored.lastModified) validators.lastModified = stored.lastModified;
  return validators;
}

export async function saveUrlValidators(table: DynamoTable, validators: UrlValidators): Promise<void> {
  const item = { jobId: urlValidatorsKey(validators.url), itemType: "URL_VALIDATORS", payload: validators };
  await table.doc.send(new PutCommand({ TableName: table.name, Item: item }));
}

interface ResponsePayload {
  requestId: string;
  fingerprint: string;
  statusCode: number;
  body: string;
}

export async function getStoredResponse(
  table: DynamoTable,
  requestId: string,
): Promise<StoredResponse | undefined> {
  const item = await getItem(table, storedResponseKey(requestId));
  const stored = item?.payload as ResponsePayload | undefined;
  if (!stored || stored.requestId !== requestId) return undefined;
  return {
    fingerprint: stored.fingerprint,
    statusCode: Number(stored.statusCode),
    body: JSON.parse(stored.body),
  };
}

/** A conditional put: the first response saved for a request id is the one every retry gets. */
export async function saveStoredResponse(
  table: DynamoTable,
  requestId: string,
  response: StoredResponse,
): Promise<StoredResponse> {
  const payload: ResponsePayload = {
    requestId,
    fingerprint: response.fingerprint,
    statusCode: response.statusCode,
    body: JSON.stringify(response.body) ?? "null",
  };
  const item = { jobId: storedResponseKey(requestId), itemType: "STORED_RESPONSE", payload };
  assertFits(`the stored response of request ${requestId}`, item);
  const e = new Expression();
  try {
    await table.doc.send(
      new PutCommand({
        TableName: table.name,
        Item: item,
        ConditionExpression: `attribute_not_exists(${e.name("jobId")})`,
        ...e.attributes(),
      }),
    );
    return {
      fingerprint: payload.fingerprint,
      statusCode: payload.statusCode,
      body: JSON.parse(payload.body),
    };
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
  const kept = await getStoredResponse(table, requestId);
  if (!kept) throw new Error(`the stored response of request ${requestId} exists but cannot be read`);
  return kept;
}

async function getItem(table: DynamoTable, key: string): Promise<Record<string, unknown> | undefined> {
  const out = await table.doc.send(
    new GetCommand({ TableName: table.name, Key: { jobId: key }, ConsistentRead: true }),
  );
  return out.Item;
}

function queryCollection(table: DynamoTable, collection: string): Promise<Record<string, unknown>[]> {
  const e = new Expression();
  return queryAll(table, {
    IndexName: COLLECTION_INDEX.indexName,
    KeyConditionExpression: `${e.name("collection")} = ${e.value(collection)}`,
    ...e.attributes(),
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
