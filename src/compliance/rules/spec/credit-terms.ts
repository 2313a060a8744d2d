/**
 * Credits (CREDITS_BLOCK). Each names a credit wherever it appears. "Presents" is not one:
 * "Warner Bros. Pictures presents" above a title is common and allowed; it only adds weight
 * to a billing block (see `CREDIT_CUES`). "Based on the novel" and its kin are a pattern in
 * `credits-block.ts`, so that "based on a true story" (a tagline) stays clean.
 */
export const CREDIT_PHRASES: readonly string[] = [
  "directed by",
  "produced by",
  "written by",
  "screenplay by",
  "story by",
  "music by",
  "original music by",
  "score by",
  "edited by",
  "casting by",
  "cinematography by",
  "director of photography",
  "executive producer",
  "executive producers",
  "co producer",
  "line producer",
  "costume designer",
  "costume design by",
  "production designer",
  "production design by",
  "film editor",
  "music supervisor",
  "visual effects supervisor",
  "a film by",
  "in association with",
];

/** Words a billing block is made of: they make a block of small lines more surely credits. */
export const CREDIT_CUES: readonly string[] = [
  "presents",
  "present",
  "production",
  "productions",
  "pictures",
  "films",
  "entertainment",
  "studios",
  "starring",
  "casting",
  "music",
  "producer",
  "producers",
  "produced",
  "director",
  "directed",
  "written",
  "screenplay",
  "edited",
  "editor",
  "costume",
  "designer",
  "photography",
  "cinematography",
  "executive",
  "associate",
  "co-producer",
];
