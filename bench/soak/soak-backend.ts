import { mkdtempSync, rmSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { GetQueueUrlCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import Database from "better-sqlite3";
import { createAwsResources, startAwsEmulators } from "../../test/aws/aws-environment.js";
import type { BackendName } from "./soak-options.js";

export interface StoredObjects {
  keys: Set<string>;
  /** Temporary files a killed `put` left behind (embedded only). */
  partial: number;
}

/** What the soak needs from a backend beyond the API: its settings, and a way to hurt and audit it. */
export interface SoakBackend {
  readonly name: BackendName;
  readonly env: Record<string, string>;
  /** Damages one queue message; returns the job whose message it was, when one was damaged. */
  corruptQueueMessage(): Promise<{ jobId?: string; how: string }>;
  listPosterObjects(): Promise<StoredObjects>;
  close(): Promise<void>;
}

export async function openSoakBackend(name: BackendName): Promise<SoakBackend> {
  const dataDir = mkdtempSync(join(tmpdir(), "posterguard-soak-"));
  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (name === "embedded") return embeddedBackend(dataDir, removeDataDir);
  const emulators = await startAwsEmulators();
  const env = { ...emulators.env, DATA_DIR: dataDir };
  try {
    await withEnvironment(env, () => createAwsResources(env));
  } catch (error) {
    await emulators.stop();
    removeDataDir();
    throw error;
  }
  return awsBackend(env, async () => {
    await emulators.stop();
    removeDataDir();
  });
}

function embeddedBackend(dataDir: string, removeDataDir: () => void): SoakBackend {
  return {
    name: "embedded",
    env: { DATA_DIR: dataDir },
    async corruptQueueMessage() {
      // A queued message if one turns up within a few seconds; a corrupt row of its own if not.
      for (let i = 0; i < 50; i++) {
        const damage = corruptRow(dataDir, i === 49);
        if (damage) return damage;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return { how: "nothing corrupted" };
    },
    async listPosterObjects() {
      const root = join(dataDir, "posters");
      const keys = new Set<string>();
      let partial = 0;
      const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        if (!entry.isFile()) continue;
        const key = relative(dataDir, join(entry.parentPath, entry.name)).split(sep).join("/");
        if (key.endsWith(".partial")) partial += 1;
        else keys.add(key);
      }
      return { keys, partial };
    },
    async close() {
      removeDataDir();
    },
  };
}

function awsBackend(env: Record<string, string>, stop: () => Promise<void>): SoakBackend {
  const credentials = { accessKeyId: "test", secretAccessKey: "test" };
  const region = env.AWS_REGION ?? "us-east-1";
  const sqs = new SQSClient({ endpoint: env.AWS_ENDPOINT_URL_SQS, region, credentials });
  const s3 = new S3Client({ endpoint: env.AWS_ENDPOINT_URL_S3, region, credentials, forcePathStyle: true });
  return {
    name: "aws",
    env,
    async corruptQueueMessage() {
      // SQS messages cannot be edited: a garbage one goes in beside the real ones.
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: env.QUEUE_NAME }));
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "{corrupt" }));
      return { how: "sent a garbage message" };
    },
    async listPosterObjects() {
      const keys = new Set<string>();
      let token: string | undefined;
      do {
        const page = await s3.send(
          new ListObjectsV2Command({
            Bucket: env.BUCKET_NAME,
            Prefix: "posters/",
            ...(token ? { ContinuationToken: token } : {}),
          }),
        );
        for (const object of page.Contents ?? []) if (object.Key) keys.add(object.Key);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return { keys, partial: 0 };
    },
    async close() {
      sqs.destroy();
      s3.destroy();
      await stop();
    },
  };
}

/**
 * `aws init` runs in this process and takes its endpoints and credentials from the process
 * environment, as the SDK does: the emulators' for its duration, so nothing reaches AWS.
 */
async function withEnvironment(env: Record<string, string>, run: () => Promise<void>): Promise<void> {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  try {
    await run();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** Overwrites the newest queued message's body through a separate connection, as another process damaging the file would. */
function corruptRow(dataDir: string, insertIfEmpty: boolean): { jobId?: string; how: string } | undefined {
  const db = new Database(join(dataDir, "posterguard.db"));
  try {
    db.pragma("busy_timeout = 10000");
    const corrupt = db.transaction(() => {
      const row = db
        .prepare(
          "SELECT message_id, body FROM queue_messages WHERE queue = 'jobs' ORDER BY sent_at DESC LIMIT 1",
        )
        .get() as { message_id: string; body: string } | undefined;
      if (row) {
        db.prepare("UPDATE queue_messages SET body = '{corrupt' WHERE message_id = ?").run(row.message_id);
        const jobId = (JSON.parse(row.body) as { jobId?: string }).jobId;
        return { how: "overwrote a queued job's message", ...(jobId ? { jobId } : {}) };
      }
      if (!insertIfEmpty) return undefined;
      db.prepare(
        `INSERT INTO queue_messages (message_id, queue, body, sent_at, visible_at, receive_count)
         VALUES (?, 'jobs', '{corrupt', ?, ?, 0)`,
      ).run(`soak-corrupt-${Date.now()}`, Date.now(), Date.now());
      return { how: "inserted a corrupt row (the queue stayed empty)" };
    });
    return corrupt.immediate();
  } finally {
    db.close();
  }
}
