/**
 * Home-video, download and technical-format wording (FORMAT_CALLOUT). Terms holding a digit
 * ("4K", "3D", "HDR10") are patterns in `format-callout.ts`: as words, their digits would
 * read as letters ("3D" as "Ed"). "Streaming" is left to AVAILABILITY_DATE ("now streaming");
 * "streaming in 4K" raises here for its "4K".
 */
export const FORMAT_TERMS: readonly string[] = [
  "dvd",
  "blu ray",
  "ultra hd",
  "uhd",
  "hdr",
  "digital hd",
  "on digital",
  "own it on",
  "own it on digital",
  "own it now",
  "own it today",
  "digital download",
  "download",
  "download now",
  "vod",
  "video on demand",
  "on demand",
  "pay per view",
  "vhs",
  "steelbook",
  "collector's edition",
  "special edition",
  "limited edition",
  "extended edition",
  "extended cut",
  "box set",
  "bonus features",
  "special features",
  "imax",
  "dolby cinema",
  "dolby vision",
  "dolby atmos",
  "d-box",
  "premium formats",
  "premium large format",
  "premium large formats",
];
