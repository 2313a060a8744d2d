export class PolicyError extends Error {
  override readonly name = "PolicyError";
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}: invalid policy\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

export class UnknownArtworkTypeError extends Error {
  override readonly name = "UnknownArtworkTypeError";
  readonly code = "UNKNOWN_ARTWORK_TYPE";
}
