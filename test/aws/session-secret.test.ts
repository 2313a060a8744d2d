import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAccessControl } from "../../src/auth/access-control.js";
import { ConfigError } from "../../src/config-error.js";
import { loadSessionSecret } from "../../src/lambda/session-secret.js";

const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:SessionSecret-AbCdEf";
const SECRET_VALUE = "k".repeat(64);

interface SecretsCall {
  headers: IncomingHttpHeaders;
  body: { SecretId?: string };
}

/** Secrets Manager's JSON protocol on loopback: GetSecretValue for one secret. */
function startSecretsManager(): Promise<{
  server: Server;
  endpoint: string;
  calls: SecretsCall[];
}> {
  const calls: SecretsCall[] = [];
  const server = createServer((request, response) => {
    let text = "";
    request.on("data", (chunk) => {
      text += chunk;
    });
    request.on("end", () => {
      const body = JSON.parse(text || "{}") as SecretsCall["body"];
      calls.push({ headers: request.headers, body });
      response.setHeader("content-type", "application/x-amz-json-1.1");
      if (
        request.headers["x-amz-target"] === "secretsmanager.GetSecretValue" &&
        body.SecretId === SECRET_ARN
      ) {
        response.end(
          JSON.stringify({
            ARN: SECRET_ARN,
            Name: "SessionSecret",
            SecretString: SECRET_VALUE,
            VersionId: "v1",
          }),
        );
        return;
      }
      response.statusCode = 400;
      response.setHeader("x-amzn-errortype", "ResourceNotFoundException");
      response.end(
        JSON.stringify({
          __type: "ResourceNotFoundException",
          message: "Secrets Manager can't find the specified secret.",
        }),
      );
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, endpoint: `http://127.0.0.1:${port}`, calls });
    });
  });
}

describe("SESSION_SECRET_ARN: the API Lambda reads its session secret from Secrets Manager at cold start", () => {
  let mock: Awaited<ReturnType<typeof startSecretsManager>>;
  let client: SecretsManagerClient;

  beforeAll(async () => {
    mock = await startSecretsManager();
    client = new SecretsManagerClient({
      endpoint: mock.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    client?.destroy();
    await new Promise((resolve) => mock?.server.close(resolve));
  });

  it("fetches the secret by ARN and makes it the SESSION_SECRET, so sessions outlive a container", async () => {
    const env: Record<string, string | undefined> = { SESSION_SECRET_ARN: SECRET_ARN };
    await loadSessionSecret(env, client);
    expect(env.SESSION_SECRET).toBe(SECRET_VALUE);
    expect(mock.calls.at(-1)?.body).toEqual({ SecretId: SECRET_ARN });
    expect(mock.calls.at(-1)?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 /);
    const access = loadAccessControl({ API_KEYS: `ops:admin:sha256:${"a".repeat(64)}`, ...env });
    expect(access.sessionSecret).toBe(SECRET_VALUE);
    expect(access.sessionSecretIsEphemeral).toBe(false);
  });

  it("leaves an explicit SESSION_SECRET alone, and does nothing without an ARN", async () => {
    const before = mock.calls.length;
    const explicit: Record<string, string | undefined> = {
      SESSION_SECRET: "s".repeat(40),
      SESSION_SECRET_ARN: SECRET_ARN,
    };
    await loadSessionSecret(explicit, client);
    expect(explicit.SESSION_SECRET).toBe("s".repeat(40));
    const none: Record<string, string | undefined> = {};
    await loadSessionSecret(none, client);
    expect(none.SESSION_SECRET).toBeUndefined();
    expect(mock.calls.length).toBe(before);
  });

  it("refuses to start with a secret it cannot read, naming the ARN and not guessing a value", async () => {
    const env: Record<string, string | undefined> = { SESSION_SECRET_ARN: `${SECRET_ARN}-gone` };
    const error = await loadSessionSecret(env, client).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.message).toContain("SESSION_SECRET_ARN");
    expect(error?.message).toContain("ResourceNotFoundException");
    expect(env.SESSION_SECRET).toBeUndefined();
  });
});
