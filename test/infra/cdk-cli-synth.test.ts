import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

interface TemplateResource {
  Type: string;
  Properties: { ImageConfig?: { Command: string[] } };
}

interface DockerImageSource {
  directory: string;
  dockerFile: string;
  dockerBuildTarget: string;
  platform: string;
}

const run = promisify(execFile);
const REPO_ROOT = join(import.meta.dirname, "..", "..");
const CDK_BIN = join(REPO_ROOT, "node_modules", ".bin", "cdk");
/** The CLI starts tsx, imports aws-cdk-lib and runs CDK's template checks and cdk-nag. */
const CLI_TIMEOUT_MS = 240_000;

/**
 * The environment of a machine with no AWS credentials: the CLI then never calls STS, and with
 * instance metadata disabled it never probes 169.254.169.254. Notices and telemetry are off in
 * cdk.json, so the synthesis sends nothing anywhere.
 */
function offlineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^AWS_|^CDK_/.test(key)) delete env[key];
  }
  return {
    ...env,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: join(tmpdir(), "posterguard-no-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(tmpdir(), "posterguard-no-aws-credentials"),
    CI: "true",
  };
}

describe("npx cdk synth from the repository root", () => {
  let outdir: string;
  let stdout: string;

  beforeAll(async () => {
    outdir = mkdtempSync(join(tmpdir(), "posterguard-cdk-cli-"));
    const result = await run(CDK_BIN, ["synth", "--quiet", "--output", outdir], {
      cwd: REPO_ROOT,
      env: offlineEnv(),
      timeout: CLI_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
    });
    stdout = result.stdout;
  }, CLI_TIMEOUT_MS + 10_000);

  afterAll(() => {
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  it("writes the stack's template with the three functions on the real handlers", () => {
    expect(stdout).not.toMatch(/AwsSolutions-/);
    const template = JSON.parse(readFileSync(join(outdir, "PosterGuard.template.json"), "utf8"));
    const resources = Object.values(template.Resources as Record<string, TemplateResource>);
    const commands = resources
      .filter((r) => r.Type === "AWS::Lambda::Function")
      .map((r) => r.Properties.ImageConfig?.Command[0] ?? "")
      .sort();
    expect(commands).toEqual([
      "dist/lambda/crawler-handler.handler",
      "dist/lambda/job-creator-handler.handler",
      "dist/lambda/worker-handler.handler",
    ]);
    for (const command of commands) {
      const source = command.replace(/^dist\//, "src/").replace(/\.handler$/, ".ts");
      expect(existsSync(join(REPO_ROOT, source)), source).toBe(true);
    }
  });

  it("stages a small build context holding everything the Dockerfile copies", () => {
    const assets = JSON.parse(readFileSync(join(outdir, "PosterGuard.assets.json"), "utf8"));
    const images = Object.values(assets.dockerImages as Record<string, { source: DockerImageSource }>).map(
      (image) => image.source,
    );
    expect(images.map((source) => source.dockerBuildTarget).sort()).toEqual(["app", "crawler"]);
    for (const source of images) {
      expect(source.dockerFile).toBe("infra/docker/lambda.Dockerfile");
      expect(source.platform).toBe("linux/amd64");
      const context = join(outdir, source.directory);
      const dockerfile = readFileSync(join(context, source.dockerFile), "utf8");
      const copied = dockerfile
        .split("\n")
        .filter((line) => line.startsWith("COPY ") && !line.includes("--from="))
        .flatMap((line) => line.split(/\s+/).slice(1, -1));
      expect(copied).toEqual(
        expect.arrayContaining(["package.json", "package-lock.json", "src", "policies"]),
      );
      for (const path of copied) expect(existsSync(join(context, path)), path).toBe(true);
      for (const heavy of ["node_modules", "dist", "test", ".git"]) {
        expect(existsSync(join(context, heavy)), heavy).toBe(false);
      }
    }
  });
});
