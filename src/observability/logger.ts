import { type Logger, pino } from "pino";

/** Structured JSON logs on stdout; job-scoped children carry `jobId`. */
export function createLogger(level: string, destination: NodeJS.WritableStream = process.stdout): Logger {
  return pino(
    {
      level,
      base: { service: "posterguard" },
      redact: { paths: ["req.headers.authorization", "headers.authorization"], censor: "[redacted]" },
    },
    destination as pino.DestinationStream,
  );
}
