import { describe, expect, it } from "vitest";
import { parseStackSettings, StackSettingsError } from "../../infra/stack-settings.js";
import { QUEUE_DESIGN } from "../../src/adapters/aws/queue-and-bucket-design.js";

describe("stack settings from CDK context", () => {
  it("default to a working stack: IAM-signed API, metrics and NSFW detectors, the design's worker timeout", () => {
    const settings = parseStackSettings({});
    expect(settings).toMatchObject({
      stackName: "PosterGuard",
      detectors: ["metrics", "nsfw", "pdq"],
      policy: "generic",
      apiAuth: "iam",
      architecture: "x86_64",
      workerTimeoutSeconds: QUEUE_DESIGN.defaultWorkerTimeoutSeconds,
      workerBatchSize: 5,
    });
    expect(settings.alarmEmail).toBeUndefined();
    expect(settings.bucketName).toBeUndefined();
  });

  it("read the strings `cdk deploy -c name=value` passes", () => {
    const settings = parseStackSettings({
      detectors: " metrics, bedrock ,rekognition",
      workerMaxConcurrency: "25",
      workerTimeoutSeconds: "300",
      alarmEmail: "ops@example.com",
      architecture: "arm64",
    });
    expect(settings.detectors).toEqual(["metrics", "bedrock", "rekognition"]);
    expect(settings.workerMaxConcurrency).toBe(25);
    expect(settings.workerTimeoutSeconds).toBe(300);
    expect(settings.architecture).toBe("arm64");
  });

  it("take lists from cdk.json as arrays", () => {
    expect(parseStackSettings({ detectors: ["metrics", "openai"] }).detectors).toEqual(["metrics", "openai"]);
  });

  it("report every bad value at once, by name", () => {
    let error: unknown;
    try {
      parseStackSettings({
        workerBatchSize: "50",
        apiAuth: "basic",
        alarmEmail: "nobody",
        bucketName: "Bad_Name",
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StackSettingsError);
    const message = (error as Error).message;
    expect(message).toMatch(/workerBatchSize="50": must be at most 10/);
    expect(message).toMatch(/apiAuth="basic": must be iam or none/);
    expect(message).toMatch(/alarmEmail="nobody": must be an email address/);
    expect(message).toMatch(/bucketName="Bad_Name": must be a valid S3 bucket name/);
  });

  it("take API key digests for the API function, and refuse a token that would land in the template", () => {
    const digest = `alice:reviewer:sha256:${"0".repeat(64)}`;
    expect(parseStackSettings({ apiKeys: digest }).apiKeys).toBe(digest);
    expect(() => parseStackSettings({ apiKeys: `bob:admin:pgk_${"x".repeat(40)}` })).toThrow(
      /apiKeys=.*give digests \(name:role:sha256:<hex>/,
    );
    expect(() => parseStackSettings({ apiKeys: `bob:boss:sha256:${"0".repeat(64)}` })).toThrow(
      /the role must be one of/,
    );
  });
});
