import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { afterAll, describe, expect, it } from "vitest";
import { testEnv } from "../support/start-app.js";

const context = { functionName: "api", awsRequestId: "r", getRemainingTimeInMillis: () => 10_000 } as Context;

describe("the API Lambda deployed without API keys", () => {
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
  });

  it("answers 503 NOT_CONFIGURED to every request, naming the missing setting", async () => {
    Object.assign(process.env, {
      ...testEnv("/tmp/posterguard-no-keys"),
      BACKEND: "aws",
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
    });
    delete process.env.API_KEYS;
    const { handler } = await import("../../src/lambda/job-creator-handler.js");
    const event = {
      version: "2.0",
      rawPath: "/healthz",
      rawQueryString: "",
      headers: { host: "api.example" },
      requestContext: { http: { method: "GET", path: "/healthz", sourceIp: "203.0.113.9" } },
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEventV2;
    for (let i = 0; i < 2; i++) {
      const response = (await handler(event, context)) as { statusCode: number; body: string };
      expect(response.statusCode).toBe(503);
      expect(JSON.parse(response.body).error).toMatchObject({
        code: "NOT_CONFIGURED",
        message: expect.stringContaining("API_KEYS"),
      });
    }
  });
});
