import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import type { ObjectStore } from "../../ports/object-store.js";

export interface S3ObjectStoreOptions {
  client: S3Client;
  bucket: string;
}

/**
 * Poster images in a private S3 bucket, under exactly the keys they are given
 * (`posters/{platform}/{hash[0..2]}/{hash}.{ext}`).
 *
 * Objects are encrypted by the bucket's default encryption (SSE-S3, see
 * queue-and-bucket-design.ts), not by a per-request header: a header would override a
 * bucket an operator moved to SSE-KMS. The role needs s3:ListBucket as well as
 * s3:GetObject, or S3 answers a missing key with 403 instead of 404, and `get`/`exists`
 * throw instead of reporting "no such object".
 */
export class S3ObjectStore implements ObjectStore {
  readonly bucket: string;
  readonly #client: S3Client;

  constructor(options: S3ObjectStoreOptions) {
    this.#client = options.client;
    this.bucket = options.bucket;
  }

  /** A single PutObject: S3 stores the whole object or nothing. */
  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.#client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }),
    );
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      const output = await this.#client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!output.Body) return Buffer.alloc(0);
      return Buffer.from(await output.Body.transformToByteArray());
    } catch (error) {
      if (errorName(error) === "NoSuchKey") return undefined;
      throw error;
    }
  }

  /** HEAD answers carry no error body, so a missing key is a bare 404 ("NotFound"). */
  async exists(key: string): Promise<boolean> {
    try {
      await this.#client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (errorName(error) === "NotFound" || errorName(error) === "NoSuchKey") return false;
      throw error;
    }
  }

  /** Deleting a key that does not exist succeeds, as in S3. */
  async delete(key: string): Promise<void> {
    await this.#client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}
