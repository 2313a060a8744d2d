import awsLambdaFastify, { type PromiseHandler } from "@fastify/aws-lambda";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { requireKeys } from "../auth/bind-rule.js";
import { ConfigError } from "../config-error.js";
import { buildApp } from "../http/build-app.js";
import { lambdaServices, logger } from "./lambda-services.js";
import { loadSessionSecret } from "./session-secret.js";

let proxy: Promise<PromiseHandler<APIGatewayProxyEventV2>> | undefined;

async function createProxy(): Promise<PromiseHandler<APIGatewayProxyEventV2>> {
  // Before composing: the session secret the stack keeps in Secrets Manager (SESSION_SECRET_ARN).
  await loadSessionSecret();
  const services = lambdaServices();
  // Behind a public API nothing is loopback: the API needs keys.
  requireKeys(services.access, "the API Lambda");
  const app = await buildApp(services);
  const proxy = awsLambdaFastify(app, {
    binaryMimeTypes: ["image/jpeg", "image/png", "image/webp", "image/gif", "image/avif", "image/tiff"],
  });
  await app.ready();
  return proxy;
}

/** Reads served from the poster index: the dashboard's overview and gallery, the list, exports. */
const INDEX_READS = /^\/(?:$|ui\/?$|ui\/posters\/?$|posters\/?$|exports\/posters\.)/;
const SYNC_EVERY_MS = 2_000;
let indexReady: Promise<unknown> | undefined;
let lastSync = 0;

/**
 * This container's poster index is a read model in /tmp: built from the job store on the first
 * read, then brought up to date from the change feed at most every two seconds.
 */
async function followJobStore(event: APIGatewayProxyEventV2): Promise<void> {
  if (event.requestContext.http.method !== "GET" || !INDEX_READS.test(event.rawPath)) return;
  const { indexer } = lambdaServices();
  indexReady ??= indexer.rebuildIfEmpty().catch((error: unknown) => {
    indexReady = undefined;
    throw error;
  });
  await indexReady;
  if (Date.now() - lastSync < SYNC_EVERY_MS) return;
  lastSync = Date.now();
  await indexer.syncChanges({ maxPages: 1 });
}

/**
 * The job creator and the read API behind an API Gateway HTTP API: the same Fastify routes,
 * schemas and errors as `posterguard serve`.
 */
export async function handler(event: APIGatewayProxyEventV2, context: Context) {
  logger.addContext(context);
  proxy ??= createProxy();
  try {
    const ready = await proxy;
    await followJobStore(event).catch((error) => logger.warn("poster index sync failed", { error }));
    return await ready(event, context);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // A deployment without API keys (or with a bad setting) says so to every caller.
    logger.error("the API is not configured", { error });
    return {
      statusCode: 503,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ error: { code: "NOT_CONFIGURED", message: error.message } }),
    };
  }
}
