import { compose } from "../compose.js";
import type { Config } from "../config.js";
import { createLogger } from "../observability/logger.js";
import { formatTable } from "./print-table.js";

type Format = "table" | "json";

export async function dlqListCommand(
  config: Config,
  options: { format: Format; limit: number },
): Promise<number> {
  const services = compose(config, createLogger("silent"));
  try {
    const letters = await services.deadLetters.list(options.limit);
    if (options.format === "json") {
      process.stdout.write(`${JSON.stringify(letters, null, 2)}\n`);
      return 0;
    }
    if (letters.length === 0) {
      process.stdout.write("The dead-letter queue is empty.\n");
      return 0;
    }
    const rows = letters.map((l) => [
      l.messageId,
      l.body.jobId,
      String(l.receiveCount),
      l.deadLetteredAt,
      l.error ? `${l.error.code}: ${l.error.message}` : "",
    ]);
    process.stdout.write(formatTable(["MESSAGE", "JOB", "RECEIVES", "DEAD-LETTERED", "LAST ERROR"], rows));
    process.stdout.write(
      `\n${letters.length} message(s). Redrive with: posterguard dlq redrive [messageId…]\n`,
    );
    return 0;
  } finally {
    await services.close();
  }
}

export async function dlqRedriveCommand(config: Config, ids: string[], options: { format: Format }) {
  const services = compose(config, createLogger("silent"));
  try {
    const moved = await services.deadLetters.redrive(ids.length > 0 ? ids : undefined);
    const missing = ids.filter((id) => !moved.some((m) => m.messageId === id));
    if (options.format === "json") process.stdout.write(`${JSON.stringify({ redriven: moved, missing })}\n`);
    else {
      process.stdout.write(`Redrove ${moved.length} message(s) to the job queue.\n`);
      for (const id of missing) process.stderr.write(`not in the dead-letter queue: ${id}\n`);
    }
    return missing.length > 0 ? 2 : 0;
  } finally {
    await services.close();
  }
}
