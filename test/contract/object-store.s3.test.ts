import { CreateBucketCommand, HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3ObjectStore } from "../../src/adapters/aws/s3-object-store.js";
import { type Fauxqs, startFauxqs } from "../support/fauxqs.js";
import { binaryBody, describeObjectStoreContract, posterKey } from "./object-store.contract.js";

let fauxqs: Fauxqs;
let client: S3Client;
let store: S3ObjectStore;

beforeAll(async () => {
  fauxqs = await startFauxqs();
  client = fauxqs.s3Client();
  await client.send(new CreateBucketCommand({ Bucket: "posters" }));
  store = new S3ObjectStore({ client, bucket: "posters" });
});

afterAll(async () => {
  await fauxqs.stop();
});

describeObjectStoreContract("S3ObjectStore on fauxqs", { bucket: "posters", store: () => store });

describe("S3ObjectStore: what only S3 needs", () => {
  it("stores the content type and the exact key it was given", async () => {
    const key = posterKey("jpg");
    const body = binaryBody(5000);

    await store.put(key, body, "image/jpeg");

    const head = await client.send(new HeadObjectCommand({ Bucket: "posters", Key: key }));
    expect(head.ContentType).toBe("image/jpeg");
    expect(head.ContentLength).toBe(body.length);
  });

  it("fails loudly when the bucket does not exist instead of reporting a missing object", async () => {
    const lost = new S3ObjectStore({ client, bucket: "no-such-bucket" });
    await expect(lost.get(posterKey())).rejects.toMatchObject({ name: "NoSuchBucket" });
    await expect(lost.put(posterKey(), Buffer.from("x"), "image/png")).rejects.toThrow();
  });
});
