/**
 * Availability wording (AVAILABILITY_DATE). Calendar dates and "streaming Friday"-like
 * phrases are patterns in `availability-date.ts`; a bare year is allowed.
 */
export const AVAILABILITY_TERMS: readonly string[] = [
  "coming soon",
  "streaming soon",
  "now streaming",
  "streaming now",
  "now playing",
  "now showing",
  "in theaters",
  "in theatres",
  "in cinemas",
  "in select theaters",
  "in select theatres",
  "in select cinemas",
  "only in theaters",
  "only in theatres",
  "only in cinemas",
  "at cinemas",
  "available now",
  "now available",
  "out now",
];

export const MONTH_PATTERN =
  "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

export const WEEKDAY_PATTERN = "(?:mon|tues|wednes|thurs|fri|satur|sun)day";

/** What may follow "this"/"next" to name a release window. */
export const SEASON_PATTERN = `(?:${WEEKDAY_PATTERN}|weekend|summer|fall|autumn|winter|spring|christmas|holiday season|holidays)`;

/** Verbs of release that make a following day or month an availability date. */
export const RELEASE_VERB_PATTERN =
  "(?:streaming|premieres?|premiering|arrives?|arriving|coming|available|out|in theaters|in theatres|in cinemas)";
