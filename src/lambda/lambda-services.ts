import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { compose, type Services } from "../compose.js";
import { loadConfig } from "../config.js";

/** Powertools logger and metrics for the handlers; the services log with pino on the same stdout. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "posterguard" });
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? "PosterGuard",
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "posterguard",
});

let services: Services | undefined;

/** Composed once per Lambda container (on the cold start), from the function's environment. */
export function lambdaServices(): Services {
  services ??= compose(loadConfig({ BACKEND: "aws", ...process.env }));
  return services;
}
