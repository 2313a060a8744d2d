import { existsSync } from "node:fs";
import { join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { IgnoreMode } from "aws-cdk-lib";
import { Platform } from "aws-cdk-lib/aws-ecr-assets";
import { Architecture, DockerImageCode } from "aws-cdk-lib/aws-lambda";

export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The Dockerfile of the image all three functions run, relative to the repository root. */
export const DOCKERFILE = "infra/docker/lambda.Dockerfile";

export type FunctionRole = "api" | "worker" | "crawler";

/** Each function's handler module, relative to the repository root; each exports `handler`. */
export const HANDLER_SOURCES: Readonly<Record<FunctionRole, string>> = {
  api: "src/lambda/job-creator-handler.ts",
  worker: "src/lambda/worker-handler.ts",
  crawler: "src/lambda/crawler-handler.ts",
};

/**
 * The Dockerfile stage each function runs: the crawler needs Debian's Chromium, which the
 * Amazon Linux base image of the other two cannot install.
 */
export const IMAGE_TARGETS: Readonly<Record<FunctionRole, "app" | "crawler">> = {
  api: "app",
  worker: "app",
  crawler: "crawler",
};

/**
 * What the image build needs and nothing else, in .dockerignore syntax: the asset hash (and so
 * a rebuild) changes only when one of these does, and the staged context stays a few MB.
 */
export const BUILD_CONTEXT_EXCLUDES = [
  "**",
  "!package.json",
  "!package-lock.json",
  "!tsconfig.json",
  "!tsconfig.build.json",
  "!src/**",
  "!policies/**",
  "!profiles/**",
  `!${DOCKERFILE}`,
];

/**
 * The image's CMD for a handler source: `npm run build` compiles `src/lambda/x.ts` to
 * `dist/lambda/x.js`, whose `handler` export Lambda calls.
 */
export function handlerCommand(source: string): string {
  const normalized = source.split("\\").join("/");
  const match = /(?:^|\/)src\/(.+)\.ts$/.exec(normalized);
  if (!match?.[1]) throw new Error(`a handler source must be a .ts file under a src/ folder, got ${source}`);
  return `${posix.join("dist", match[1])}.handler`;
}

export function lambdaArchitecture(architecture: "x86_64" | "arm64"): Architecture {
  return architecture === "arm64" ? Architecture.ARM_64 : Architecture.X86_64;
}

/**
 * The function's code: its image target with this handler as its command. The handler's source
 * must exist now, so a missing file fails `cdk synth` instead of the first invocation after a
 * ten-minute image build.
 */
export function lambdaImageCode(
  role: FunctionRole,
  source: string,
  architecture: "x86_64" | "arm64",
): DockerImageCode {
  if (!existsSync(join(REPO_ROOT, source))) {
    throw new Error(
      `handler ${source} does not exist (in ${REPO_ROOT}): the image would start a function with no handler module`,
    );
  }
  return DockerImageCode.fromImageAsset(REPO_ROOT, {
    file: DOCKERFILE,
    target: IMAGE_TARGETS[role],
    cmd: [handlerCommand(source)],
    platform: architecture === "arm64" ? Platform.LINUX_ARM64 : Platform.LINUX_AMD64,
    exclude: BUILD_CONTEXT_EXCLUDES,
    ignoreMode: IgnoreMode.DOCKER,
  });
}
