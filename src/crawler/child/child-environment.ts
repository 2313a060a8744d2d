/**
 * The only variables a crawl's child process gets: where programs, the home folder and temporary
 * files are, the locale and time zone. API keys, SESSION_SECRET, AWS credentials and model keys
 * stay with the server; the child's settings come over IPC.
 */
const PASSED_ON = [
  "PATH",
  "HOME",
  "TMPDIR",
  "TMP",
  "TEMP",
  "LANG",
  "LANGUAGE",
  "LC_ALL",
  "LC_CTYPE",
  "TZ",
  "FONTCONFIG_PATH",
  "FONTCONFIG_FILE",
  "NODE_ENV",
] as const;

export function childEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const bare: NodeJS.ProcessEnv = {};
  for (const name of PASSED_ON) {
    const value = env[name];
    if (value !== undefined) bare[name] = value;
  }
  return bare;
}
