import { Command, InvalidArgumentError, Option } from "commander";
import { keysCreateCommand } from "../auth/keys-command.js";
import { ROLES } from "../auth/roles.js";
import { type Config, ConfigError, loadConfig } from "../config.js";

const formatOption = () =>
  new Option("--format <format>", "output for people (table) or programs (json)")
    .choices(["table", "json"])
    .default("table");

type Format = "table" | "json";

interface CheckCliOptions {
  platform?: string;
  policy?: string;
  preset?: string;
  artworkType?: string;
  title?: string;
  detectors?: string;
  format: Format;
}

interface CrawlCliOptions {
  url?: string;
  platform?: string;
  apiUrl?: string;
  apiKey?: string;
  dryRun?: boolean;
  maxPages?: number;
  maxPosters?: number;
  maxSeconds?: number;
  format: Format;
}

function atLeastOne(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("must be a whole number ≥ 1");
  return n;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("must be a whole number ≥ 0");
  return n;
}

function config(overrides: Partial<Record<keyof Config, string>> = {}): Config {
  return loadConfig(process.env, overrides);
}

/** The `posterguard` command; resolves to the process exit code. Commands load on use, so help is instant. */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command()
    .name("posterguard")
    .description(
      "Check streaming-catalog posters against a compliance policy.\n" +
        "Settings come from the environment or posterguard.config.yaml (see the README).",
    )
    .showHelpAfterError()
    .exitOverride();

  program
    .command("serve")
    .description("run the HTTP API and a worker pool (the embedded default needs nothing else)")
    .option("-p, --port <port>", "port to listen on (PORT, default 3000)")
    .option("--host <host>", "address to bind (HOST, default 127.0.0.1)")
    .option(
      "-c, --concurrency <n>",
      "worker pool size; 0 runs the API alone (WORKER_CONCURRENCY)",
      positiveInt,
    )
    .action(async (options: { port?: string; host?: string; concurrency?: number }) => {
      exitCode = await (await import("./serve-command.js")).serveCommand(
        config({
          PORT: options.port,
          HOST: options.host,
          WORKER_CONCURRENCY: options.concurrency?.toString(),
        }),
      );
    });

  program
    .command("worker")
    .description("run only a worker pool against the same data (another process or machine)")
    .option("-c, --concurrency <n>", "number of jobs processed at once (WORKER_CONCURRENCY)", positiveInt)
    .action(async (options: { concurrency?: number }) => {
      exitCode = await (await import("./worker-command.js")).workerCommand(
        config({ WORKER_CONCURRENCY: options.concurrency?.toString() }),
      );
    });

  const dlq = program.command("dlq").description("inspect and redrive the dead-letter queue");
  dlq
    .command("list")
    .description("list jobs that failed every attempt")
    .addOption(formatOption())
    .option("-n, --limit <n>", "at most this many", positiveInt, 100)
    .action(async (options: { format: "table" | "json"; limit: number }) => {
      exitCode = await (await import("./dlq-command.js")).dlqListCommand(config(), options);
    });
  dlq
    .command("redrive")
    .description("put dead-lettered jobs back on the queue (all, or the given message ids)")
    .argument("[messageIds...]", "message ids from `dlq list`")
    .addOption(formatOption())
    .action(async (ids: string[], options: { format: "table" | "json" }) => {
      exitCode = await (await import("./dlq-command.js")).dlqRedriveCommand(config(), ids, options);
    });

  program
    .command("check")
    .description(
      "check poster files, folders or URLs offline with the worker's engine; exit 0 all comply, 1 any violates, 2 on an error",
    )
    .argument("<inputs...>", "image files, folders (searched for images) or http(s) URLs")
    .option("--platform <slug>", "judge as this platform of the policy (its overrides and own brand)")
    .option("--policy <file|preset>", "policy file or preset name (POLICY, default generic)")
    .option("--preset <name>", "a shipped preset: generic, prime-video, apple-tv")
    .option("--artwork-type <type>", "poster (default), box-art, cover, hero, episodic, title-art")
    .option("--title <title>", "the catalog title, for title checks")
    .option("--detectors <list>", "comma list of detectors (DETECTORS)")
    .addOption(formatOption())
    .action(async (inputs: string[], options: CheckCliOptions) => {
      exitCode = await (await import("./check-command.js")).checkCommand(
        config({ POLICY: options.preset ?? options.policy, DETECTORS: options.detectors }),
        inputs,
        options,
      );
    });

  program
    .command("crawl")
    .description(
      "crawl a platform's catalog (a profile in PROFILES_DIR) or one URL in Chromium and submit its posters; " +
        "exit 0 clean, 1 some pages or posters failed, 2 it could not run",
    )
    .argument("[platform]", "a platform with a profile, e.g. example-paginated-grid")
    .option("--url <url>", "crawl this one catalog URL with the generic profile instead")
    .option("--platform <slug>", "with --url: record the run and its posters under this platform")
    .option("--api-url <url>", "submit to this PosterGuard server instead of this machine's data")
    .option("--api-key <token>", "the server's API key (POSTERGUARD_API_KEY)")
    .option("--dry-run", "find posters and list them; submit nothing, store nothing")
    .option("--max-pages <n>", "stop after this many pages (CRAWL_MAX_PAGES)", atLeastOne)
    .option("--max-posters <n>", "stop after this many posters (CRAWL_MAX_POSTERS)", atLeastOne)
    .option("--max-seconds <n>", "stop after this long (CRAWL_MAX_SECONDS)", atLeastOne)
    .addOption(formatOption())
    .action(async (platform: string | undefined, options: CrawlCliOptions) => {
      exitCode = await (await import("./crawl-command.js")).crawlCommand(
        config(),
        platform ? [platform] : [],
        options,
      );
    });

  const keys = program.command("keys").description("API keys for the API and the dashboard");
  keys
    .command("create")
    .description("make a key: prints its token once, and the line to add to API_KEYS (only a digest)")
    .requiredOption("--name <name>", "who or what holds the key, e.g. alice or crawler")
    .addOption(new Option("--role <role>", "what the key may do").choices([...ROLES]).makeOptionMandatory())
    .addOption(formatOption())
    .action((options: { name: string; role: string; format: Format }) => {
      exitCode = keysCreateCommand(options);
    });

  const policy = program.command("policy").description("validate, show and apply policies");
  policy
    .command("validate")
    .description("check a policy file against the schema; every problem is listed")
    .argument("<file>", "a policy YAML file or preset name")
    .action(async (file: string) => {
      exitCode = (await import("./policy-command.js")).policyValidateCommand(file);
    });
  policy
    .command("show")
    .description("print a policy's artwork types and rules")
    .option("--policy <file|preset>", "policy file or preset name (POLICY)")
    .option("--preset <name>", "a shipped preset: generic, prime-video, apple-tv")
    .option("--platform <slug>", "with this platform's overrides")
    .option("--artwork-type <type>", "only this artwork type")
    .addOption(formatOption())
    .action(
      async (options: {
        policy?: string;
        preset?: string;
        platform?: string;
        artworkType?: string;
        format: Format;
      }) => {
        exitCode = (await import("./policy-command.js")).policyShowCommand(config(), options);
      },
    );
  policy
    .command("rejudge")
    .description(
      "re-judge every stored poster under the policy in force, from stored observations (no detector runs)",
    )
    .addOption(formatOption())
    .action(async (options: { format: Format }) => {
      exitCode = await (await import("./policy-command.js")).policyRejudgeCommand(config(), options);
    });

  const aws = program.command("aws").description("self-hosting on AWS services (BACKEND=aws)");
  aws
    .command("init")
    .description("create whatever is missing of the table, queues and bucket, with the CDK app's settings")
    .addOption(formatOption())
    .action(async (options: { format: Format }) => {
      exitCode = await (await import("./aws-init-command.js")).awsInitCommand(
        config({ BACKEND: "aws" }),
        options,
      );
    });

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "commander.helpDisplayed" || code === "commander.version" || code === "commander.help")
      return 0;
    if (code?.startsWith("commander.")) return 2;
    if (error instanceof ConfigError) {
      process.stderr.write(`posterguard: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
