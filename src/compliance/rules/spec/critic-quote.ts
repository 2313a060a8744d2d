import { MATCH_QUALITY, type TextMatch } from "../text/text-match.js";
import { hitFinding, type LineHit, lineHit, phraseMatches, selectHits } from "./phrase-findings.js";
import { roundConfidence, type SpecFinding, type SpecInput, type SpecRule } from "./spec-finding.js";
import { besides, neighbours, type PageLine, type SpecPage } from "./spec-page.js";
import { starRatings } from "./star-rating.js";

/** Quotation marks in folded text (‘ and ’ fold to '; a ' counts only at a word's edge). */
const QUOTE_MARK =
  /["“”„«»‹›《》「」『』]|(?<![\p{L}\p{N}])'(?=[\p{L}\p{N}])|(?<=[\p{L}\p{N}!.?,])'(?![\p{L}\p{N}])/gu;
/** A mark right after a word's last character, before a space or the line's end. */
const CLOSING_POSITION = /^[\p{L}\p{N}!.?,].(?![\p{L}\p{N}])/u;
/** An attribution dash: "— Rolling Stone", "- Peter Travers" (every dash folds to "-"). */
const ATTRIBUTION_DASH = /(?:^|\s)[-~]{1,2}\s?(?=[\p{L}\p{N}])/gu;
/** An attribution names a critic or an outlet: a few words. */
const MAX_ATTRIBUTION_WORDS = 6;

/** A quote attributed by a dash to a name not in the outlet list. */
const DASH_ATTRIBUTION_QUALITY = 0.85;
/** An outlet's name alone on the line next to a quote. */
const OUTLET_LINE_QUALITY = 0.9;
/** Quoted praise with no attribution read. */
const UNATTRIBUTED_PRAISE_QUALITY = 0.75;

interface QuoteLine {
  line: PageLine;
  /** The quoted region, from the opening mark to the closing one (or the dash, or the line's end). */
  quote?: { start: number; end: number };
  /** Where the attribution after a dash starts, and how many words it has. */
  attribution?: { dash: number; start: number; words: number };
  outlets: TextMatch[];
  praise: TextMatch[];
}

const inside = (match: TextMatch, region: { start: number; end: number }) =>
  match.start >= region.start && match.end <= region.end;

/** Whether the mark at `mark` is glued to the end of a word: it closes a quote (or is an apostrophe). */
function closesAWord(text: string, mark: number): boolean {
  return CLOSING_POSITION.test(text.slice(Math.max(0, mark - 1), mark + 2));
}

/** The quoted region of a line, if any. */
function quoteRegion(line: PageLine): QuoteLine["quote"] {
  const text = line.text.text;
  const marks = [...text.matchAll(QUOTE_MARK)].map((m) => m.index);
  const firstMark = marks[0];
  if (firstMark === undefined) return undefined;
  const wordsIn = (start: number, end: number) =>
    line.text.tokens.some((t) => t.start >= start && t.end <= end && t.hasLetter);
  if (marks.length === 1 && closesAWord(text, firstMark)) {
    // A quote whose opening mark OCR did not read (`MASTERPIECE"`); a lone apostrophe closes
    // nothing ("the boys' club").
    const double = text.charAt(firstMark) !== "'";
    return double && wordsIn(0, firstMark) ? { start: 0, end: firstMark + 1 } : undefined;
  }
  const lastMark = marks.length >= 2 ? (marks.at(-1) as number) + 1 : undefined;
  const dashAfter = [...text.matchAll(ATTRIBUTION_DASH)].find((d) => d.index > firstMark)?.index;
  const end = lastMark ?? dashAfter ?? text.length;
  return wordsIn(firstMark + 1, end) ? { start: firstMark, end } : undefined;
}

function readQuoteLine(line: PageLine, input: SpecInput): QuoteLine {
  const text = line.text.text;
  const quote = quoteRegion(line);
  const dashes = [...text.matchAll(ATTRIBUTION_DASH)];
  const dash = dashes.find((d) => !quote || d.index >= quote.end - 1);
  let attribution: QuoteLine["attribution"];
  if (dash) {
    const start = dash.index + dash[0].length;
    const words = line.text.tokens.filter((t) => t.start >= start).length;
    if (words > 0 && words <= MAX_ATTRIBUTION_WORDS) attribution = { dash: dash.index, start, words };
  }
  const outlets = phraseMatches(line, "outlet", input.exempt).filter(
    (m) => !quote || m.start >= quote.end - 1 || m.end <= quote.start,
  );
  const praise = quote ? phraseMatches(line, "praise", input.exempt).filter((m) => inside(m, quote)) : [];
  return { line, quote, attribution, outlets, praise };
}

function region(start: number, end: number, quality: number, term: string): TextMatch {
  return { start, end, quality, term };
}

/** Hits within one line: quote and attribution together, review wording, star ratings. */
function lineHits(q: QuoteLine, input: SpecInput): LineHit[] {
  const { line, quote, attribution, outlets, praise } = q;
  const matches: TextMatch[] = [
    ...phraseMatches(line, "review", input.exempt),
    ...starRatings(line.text.text).filter((m) => !input.exempt.covers(line, m)),
  ];
  const startsWithDash = attribution !== undefined && line.text.text.slice(0, attribution.dash).trim() === "";
  for (const outlet of outlets) {
    if (quote) {
      const start = Math.min(quote.start, outlet.start);
      matches.push(region(start, Math.max(quote.end, outlet.end), outlet.quality, outlet.term));
    } else if (startsWithDash) matches.push(region(0, outlet.end, outlet.quality, outlet.term));
  }
  if (quote && attribution && attribution.dash >= quote.start) {
    matches.push(region(quote.start, line.text.text.length, DASH_ATTRIBUTION_QUALITY, "attributed quote"));
  }
  for (const word of praise) {
    if (quote)
      matches.push(
        region(quote.start, quote.end, word.quality * UNATTRIBUTED_PRAISE_QUALITY, "quoted praise"),
      );
  }
  return matches.map((m) => lineHit(line, m)).filter((hit): hit is LineHit => hit !== undefined);
}

/** An attribution on its own line, below, above or beside the quote it signs. */
function attributionLineFinding(
  page: SpecPage,
  lines: readonly QuoteLine[],
  q: QuoteLine,
): SpecFinding | undefined {
  const { line, attribution, outlets } = q;
  if (q.quote) return undefined;
  const tokens = line.text.tokens;
  const startsWithDash = attribution !== undefined && line.text.text.slice(0, attribution.dash).trim() === "";
  const outletAlone =
    outlets.length > 0 &&
    tokens.every((t) => t.core === "the" || outlets.some((o) => t.start >= o.start && t.end <= o.end));
  if (!startsWithDash && !outletAlone) return undefined;
  const quoted = [...neighbours(page, line), ...besides(page, line)]
    .map((other) => lines[other.order] as QuoteLine)
    .find((other) => other.quote !== undefined);
  if (!quoted?.quote) return undefined;
  const outlet = outlets[0];
  const quality = outlet
    ? outlet.quality * (startsWithDash ? MATCH_QUALITY.exact : OUTLET_LINE_QUALITY)
    : DASH_ATTRIBUTION_QUALITY;
  const quoteHit = lineHit(quoted.line, region(quoted.quote.start, quoted.quote.end, quality, "quote"));
  const signHit = lineHit(line, region(0, line.text.text.length, quality, "attribution"));
  if (!quoteHit || !signHit) return undefined;
  const [first, second] =
    quoteHit.line.order < signHit.line.order ? [quoteHit, signHit] : [signHit, quoteHit];
  return {
    code: "CRITIC_QUOTE",
    confidence: roundConfidence(Math.min(quoteHit.confidence, signHit.confidence)),
    message: `The poster quotes a critic: "${first.text} / ${second.text}".`,
    evidence: {
      text: `${first.text} / ${second.text}`,
      boxes: [first.box, second.box],
      measured: { term: outlet?.term ?? "attributed quote", lines: 2 },
    },
  };
}

/**
 * CRITIC_QUOTE: critics' quotes and ratings. A quote counts with its attribution (an outlet
 * from `CRITIC_OUTLETS`, or a dash and a name, on its line, the next, or beside it on its row
 * where OCR split the row), or alone when it holds praise ("“A masterpiece”"); a quoted tagline
 * does not count. A quote whose opening mark OCR lost (`MASTERPIECE"`) is still a quote. Star ratings ("★★★★½",
 * "4/5 stars") and review wording ("certified fresh", "critics agree") count anywhere. An
 * outlet's name counts only beside a quote or after a dash on its own line: "Empire" and
 * "Time" are ordinary words.
 */
export function criticQuoteRule(): SpecRule {
  return {
    code: "CRITIC_QUOTE",
    find(input: SpecInput): SpecFinding[] {
      const { page } = input;
      const lines = page.lines.map((line) => readQuoteLine(line, input));
      const findings: SpecFinding[] = [];
      for (const q of lines) {
        const finding = attributionLineFinding(page, lines, q);
        if (finding) findings.push(finding);
      }
      const hits = selectHits(lines.flatMap((q) => lineHits(q, input)));
      for (const hit of hits) {
        findings.push(
          hitFinding(
            "CRITIC_QUOTE",
            hit,
            `The poster quotes a critic or a rating ("${hit.match.term}"): "${hit.text}".`,
          ),
        );
      }
      return findings;
    },
  };
}
