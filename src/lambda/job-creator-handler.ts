import awsLambdaFastify, { type PromiseHandler } from "@fastify/aws-lambda";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { requireKeys } from "../auth/bind-rule.js";
import { ConfigError } from "../config-error.js";
import { buildApp } from "../http/build-app.js";
import { lambdaServices, logger } from "./lambda-services.js";

let proxy: Promise<PromiseHandler<APIGatewayProxyEventV2>> | undefined;

async function createProxy(): Promise<PromiseHandler<APIGatewayProxyEventV2>> {
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

/**
 * The job creator and the read API behind an API Gateway HTTP API: the same Fastify routes,
 * schemas and errors as `posterguard serve`.
 */
export async function handler(event: APIGatewayProxyEventV2, context: Context) {
  logger.addContext(context);
  proxy ??= createProxy();
  try {
    return await (await proxy)(event, context);
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
