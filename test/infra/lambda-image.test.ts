import { describe, expect, it } from "vitest";
import { HANDLER_SOURCES, handlerCommand, IMAGE_TARGETS, lambdaImageCode } from "../../infra/lambda-image.js";

describe("lambda image", () => {
  it("runs each handler from the compiled dist tree", () => {
    expect(handlerCommand(HANDLER_SOURCES.api)).toBe("dist/lambda/job-creator-handler.handler");
    expect(handlerCommand(HANDLER_SOURCES.worker)).toBe("dist/lambda/worker-handler.handler");
    expect(handlerCommand(HANDLER_SOURCES.crawler)).toBe("dist/lambda/crawler-handler.handler");
    expect(handlerCommand("test/infra/fixtures/src/lambda/worker-handler.ts")).toBe(
      "dist/lambda/worker-handler.handler",
    );
  });

  it("refuses a handler outside a src folder, or one that does not exist", () => {
    expect(() => handlerCommand("lambda/worker.js")).toThrow(/under a src\/ folder/);
    expect(() => lambdaImageCode("worker", "src/lambda/no-such-handler.ts", "x86_64")).toThrow(
      /src\/lambda\/no-such-handler\.ts does not exist/,
    );
  });

  it("puts the crawler, which needs Chromium, on its own image target", () => {
    expect(IMAGE_TARGETS).toEqual({ api: "app", worker: "app", crawler: "crawler" });
  });
});
