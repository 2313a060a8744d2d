import type { Box } from "../../../domain/violation.js";
import type { BillingBlockShape } from "../../observations/ocr-observation.js";
import { DEFAULT_COMPETITOR_BRANDS } from "../text/competitor-brands.js";
import { isEverydayWord } from "../text/everyday-words.js";
import { foldText } from "../text/normalize-text.js";
import { regexMatches } from "../text/regex-matches.js";
import type { TextMatch } from "../text/text-match.js";
import { centerY, intersection } from "./box-geometry.js";
import { hitFinding, type LineHit, lineHit, phraseMatches, selectHits } from "./phrase-findings.js";
import {
  clipText,
  roundConfidence,
  type SpecFinding,
  type SpecInput,
  type SpecRule,
} from "./spec-finding.js";
import { continuesBelow, type PageLine, type SpecPage } from "./spec-page.js";

/** "based on the novel by", "based on the best-selling book"; not "based on a true story". */
const BASED_ON_A_WORK =
  /\bbased on (?:the |a |an )?(?:best-?selling |acclaimed |hit |classic |original |award-winning )?(?:novel|book|comics?|graphic novel|play|short story|memoir|characters)\b/g;
/**
 * A possessory credit line: "A RIDLEY SCOTT FILM", "an Ashutosh Gowariker film", and the
 * Finnish "Klaus Härön elokuva" (a name in the genitive before "elokuva", a film).
 */
const NAMED_FILM =
  /^(?:an? ((?:[\p{L}.'’-]+ ){2,4})film|(?:[\p{L}.'’-]+ ){1,3}[\p{L}.'’-]+n ?(?:dokumentti)?elokuva|[\p{L}.'’-]+ [\p{L}.'’-]+nelokuva)$/u;
/**
 * Credits as Chinese and Japanese posters print them: director (导演, 導演, 監督), producer
 * (出品人, 制片人, 監製, 监制), screenwriter (编剧, 編劇, 脚本). Whole words there have no spaces.
 */
const CJK_CREDIT = /导演|導演|監督|出品人|制片人|监制|監製|编剧|編劇|脚本/gu;
/** Guild marks after names in a billing block: A.C.E., C.S.A., A.S.C., B.S.C., p.g.a. */
const GUILD_MARK = /\b(?:a\.c\.e|c\.s\.a|a\.s\.c|b\.s\.c|p\.g\.a)\b/g;

/** Billing blocks sit in the lower part of a poster: line centres below this share of its height. */
const BOTTOM_PART_START = 0.55;
/** Small type: at most this share of the poster's median line height… */
const SMALL_RELATIVE_HEIGHT = 0.6;
/** …or, where small lines are the median, at most this share of the poster's height. */
const SMALL_ABSOLUTE_HEIGHT = 0.015;
/** A billing line is long: at least this many words. */
const MIN_WORDS = 6;
/** Mostly names: at least this share of the words capitalised. */
const MIN_CAPITALISED_SHARE = 0.6;
/** Condensed type: a character at most this wide for its height (ordinary capitals are ~0.6–0.7). */
const CONDENSED_MAX_ASPECT = 0.45;
/** Average letters of a word with its space, to count words in text read without spaces. */
const LETTERS_PER_WORD = 6;
/** A lone line makes a block only when long and condensed. */
const LONE_LINE_MIN_WORDS = 12;

const UPPER_START = /^[^\p{L}]*\p{Lu}/u;
const HAS_LETTER = /\p{L}/u;
const ALPHANUMERIC = /[\p{L}\p{N}]/gu;

function capitalisedShare(line: PageLine): number {
  const words = line.text.words.filter((w) => HAS_LETTER.test(w.text));
  if (words.length === 0) return 0;
  return words.filter((w) => UPPER_START.test(w.text)).length / words.length;
}

function isCondensed(line: PageLine): boolean {
  let ratio = 0;
  let counted = 0;
  for (const word of line.text.words) {
    const chars = word.text.match(ALPHANUMERIC)?.length ?? 0;
    if (chars === 0 || word.box.height <= 0) continue;
    ratio += word.box.width / chars / word.box.height;
    counted++;
  }
  return counted > 0 && ratio / counted <= CONDENSED_MAX_ASPECT;
}

function isSmallType(page: SpecPage, line: PageLine): boolean {
  const height = line.box.height;
  return (
    height <= SMALL_RELATIVE_HEIGHT * page.medianLineHeight ||
    height <= SMALL_ABSOLUTE_HEIGHT * page.imageHeight
  );
}

/**
 * Words on a line, counting a long run of letters read without spaces (condensed billing type
 * often is) as the words it would hold.
 */
function wordCount(line: PageLine): number {
  const letters = (line.text.text.match(ALPHANUMERIC) ?? []).length;
  return Math.max(line.text.words.length, Math.floor(letters / LETTERS_PER_WORD));
}

function looksLikeBilling(page: SpecPage, line: PageLine): boolean {
  return (
    centerY(line.box) >= BOTTOM_PART_START * page.imageHeight &&
    wordCount(line) >= MIN_WORDS &&
    isSmallType(page, line) &&
    capitalisedShare(line) >= MIN_CAPITALISED_SHARE
  );
}

/** Runs of billing-like lines stacked one below the other. */
function billingBlocks(page: SpecPage): PageLine[][] {
  const blocks: PageLine[][] = [];
  let current: PageLine[] = [];
  for (const line of page.lines) {
    const previous = current.at(-1);
    if (looksLikeBilling(page, line) && (!previous || continuesBelow(previous, line))) {
      current.push(line);
      continue;
    }
    if (current.length > 0) blocks.push(current);
    current = looksLikeBilling(page, line) ? [line] : [];
  }
  if (current.length > 0) blocks.push(current);
  return blocks.filter(
    (block) =>
      block.length >= 2 ||
      (block[0] !== undefined && block[0].text.words.length >= LONE_LINE_MIN_WORDS && isCondensed(block[0])),
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

interface BlockEvidence {
  hasCredit: boolean;
  hasCue: boolean;
}

/**
 * How surely a block of small lines is a billing block: more lines, condensed type and
 * credit wording each add to it. Two plain lines of small capitals alone stay under 0.5.
 */
function blockQuality(block: readonly PageLine[], evidence: BlockEvidence): number {
  const condensed = block.filter(isCondensed).length * 2 >= block.length;
  let quality = 0.3 + 0.1 * Math.min(block.length, 4);
  if (condensed) quality += 0.2;
  if (evidence.hasCredit) quality += 0.35;
  else if (evidence.hasCue) quality += 0.2;
  return Math.min(1, quality);
}

function blockFinding(page: SpecPage, block: readonly PageLine[], evidence: BlockEvidence): SpecFinding {
  const words = block.flatMap((line) => line.text.words);
  const meanConfidence = words.reduce((sum, w) => sum + w.confidence, 0) / words.length;
  const text = clipText(block.map((line) => line.ocr.text.trim()).join(" / "));
  const boxes: Box[] = block.map((line) => line.box);
  return {
    code: "CREDITS_BLOCK",
    confidence: roundConfidence(meanConfidence * blockQuality(block, evidence)),
    message: `The poster carries a billing block (${block.length} line${block.length === 1 ? "" : "s"} of small type): "${text}".`,
    evidence: {
      text,
      boxes,
      measured: {
        lines: block.length,
        lineHeight: median(block.map((line) => line.box.height)),
        medianLineHeight: page.medianLineHeight,
        condensed: block.filter(isCondensed).length * 2 >= block.length,
      },
    },
  };
}

/**
 * Billing type too condensed to read comes out as long runs of capitals that are no words
 * ("PILOPRODUCTONSESTTAAMSKA", "HGHRA UKISEANGICLPASSN"): two or more such small lines in the
 * lower part of the poster are a billing block, named by its shape rather than its words.
 */
const MIN_GARBLED_LINES = 2;
const GARBLED_MAX_HEIGHT = 0.03;
const GARBLED_MIN_RUN = 12;
const GARBLED_MIN_LETTERS = 20;
const GARBLED_CONFIDENCE = 0.6;

function garbledBillingLines(page: SpecPage): PageLine[] {
  return page.lines.filter((line) => {
    if (centerY(line.box) < BOTTOM_PART_START * page.imageHeight) return false;
    if (line.box.height > GARBLED_MAX_HEIGHT * page.imageHeight) return false;
    const letters = line.ocr.text.replace(/[^\p{Lu}]/gu, "");
    if (
      letters.length < GARBLED_MIN_LETTERS ||
      letters.length < 0.8 * line.ocr.text.replace(/[^\p{L}]/gu, "").length
    ) {
      return false;
    }
    return line.text.tokens.some(
      (token) =>
        token.raw.length >= GARBLED_MIN_RUN && /^\p{L}+$/u.test(token.raw) && !isEverydayWord(token.raw),
    );
  });
}

function garbledFinding(lines: readonly PageLine[]): SpecFinding {
  const text = clipText(lines.map((line) => line.ocr.text.trim()).join(" / "));
  return {
    code: "CREDITS_BLOCK",
    confidence: GARBLED_CONFIDENCE,
    message: `The poster carries a billing block: ${lines.length} lines of small capitals at the foot, too condensed to read ("${text}").`,
    evidence: {
      text,
      boxes: lines.map((line) => line.box),
      measured: { lines: lines.length, foundBy: "unreadable rows" },
    },
  };
}

/** Found by shape alone, the block's words unread: surer the more rows it has. */
const SHAPE_CONFIDENCE_BY_ROWS = [0, 0, 0.6, 0.7, 0.8] as const;

function shapeFinding(shape: BillingBlockShape): SpecFinding {
  const confidence =
    SHAPE_CONFIDENCE_BY_ROWS[Math.min(shape.rows, SHAPE_CONFIDENCE_BY_ROWS.length - 1)] ?? 0.8;
  return {
    code: "CREDITS_BLOCK",
    confidence,
    message: `The poster carries a billing block: ${shape.rows} stacked rows of small condensed capitals (type ${(shape.letterHeightShare * 100).toFixed(1)} % of the height) at the foot.`,
    evidence: {
      boxes: [shape.box],
      measured: { rows: shape.rows, letterHeightShare: shape.letterHeightShare, foundBy: "shape" },
    },
  };
}

const COMPANY_WORDS = new Set([
  "studios",
  "studio",
  "pictures",
  "films",
  "entertainment",
  "productions",
  "animation",
]);

/** Single words of streaming services' names ("netflix", "hulu", "apple"). */
const SERVICE_WORDS = new Set(
  DEFAULT_COMPETITOR_BRANDS.flatMap((name) =>
    foldText(name)
      .replace(/[^a-z0-9 ]/g, " ")
      .split(/\s+/),
  ).filter((word) => word.length >= 3 && word !== "video" && word !== "channel"),
);

/** The whole line as one possessory credit, when it reads as one. */
function namedFilm(line: PageLine): TextMatch[] {
  const text = line.text.text.trim();
  const match = NAMED_FILM.exec(text);
  if (!match) return [];
  // "A GREAT FAMILY FILM" is praise, not a name: a name has a word that is no everyday word.
  const name = match[1]?.trim().split(" ") ?? [];
  if (name.length > 0 && name.every(isEverydayWord)) return [];
  // "A NETFLIX FILM", "AN APPLE ORIGINAL FILM": a service's label, judged as a brand, not a credit.
  if (name.some((word) => word === "original" || word === "originals" || SERVICE_WORDS.has(word))) return [];
  // "A MARVEL STUDIOS FILM" names a company, as "Warner Bros. Pictures presents" does: allowed.
  if (name.some((word) => COMPANY_WORDS.has(word))) return [];
  const start = line.text.text.indexOf(text);
  return [{ term: "a named film credit", start, end: start + text.length, quality: 1 }];
}

/**
 * CREDITS_BLOCK: credit wording ("directed by", "executive producer", "a film by", "based on
 * the novel by") wherever it is, and the billing block's shape: two or more stacked lines of
 * small type in the lower part of the poster, many words each, mostly capitalised names.
 * "X presents" alone is allowed (see `credit-terms.ts`).
 */
export function creditsBlockRule(): SpecRule {
  return {
    code: "CREDITS_BLOCK",
    find({ page, exempt }: SpecInput): SpecFinding[] {
      const creditMatches = new Map<PageLine, TextMatch[]>();
      for (const line of page.lines) {
        const found = [
          ...phraseMatches(line, "credit", exempt),
          ...regexMatches(line.text.text, BASED_ON_A_WORK, "based on a work").filter(
            (match) => !exempt.covers(line, match),
          ),
          ...namedFilm(line),
          ...regexMatches(line.text.text, CJK_CREDIT, "credit (Chinese/Japanese)").filter(
            (match) => !exempt.covers(line, match),
          ),
        ];
        if (found.length > 0) creditMatches.set(line, found);
      }
      const findings: SpecFinding[] = [];
      const inBlocks = new Set<PageLine>();
      for (const block of billingBlocks(page)) {
        for (const line of block) inBlocks.add(line);
        const hasCredit = block.some((line) => creditMatches.has(line));
        const hasCue = block.some(
          (line) =>
            phraseMatches(line, "creditCue", exempt).length > 0 ||
            regexMatches(line.text.text, GUILD_MARK, "guild").length > 0,
        );
        findings.push(blockFinding(page, block, { hasCredit, hasCue }));
      }
      const garbled = garbledBillingLines(page).filter((line) => !inBlocks.has(line));
      if (garbled.length >= MIN_GARBLED_LINES) {
        for (const line of garbled) inBlocks.add(line);
        findings.push(garbledFinding(garbled));
      }
      for (const shape of page.billingBlocks) {
        const read = findings.some((finding) =>
          finding.evidence.boxes?.some((box) => intersection(box, shape.box) > 0),
        );
        if (!read) findings.push(shapeFinding(shape));
      }
      const hits: LineHit[] = [];
      for (const [line, matches] of creditMatches) {
        if (inBlocks.has(line)) continue;
        for (const match of matches) {
          const hit = lineHit(line, match);
          if (hit) hits.push(hit);
        }
      }
      for (const hit of selectHits(hits)) {
        findings.push(
          hitFinding(
            "CREDITS_BLOCK",
            hit,
            `The poster carries a credit ("${hit.match.term}"): "${hit.text}".`,
          ),
        );
      }
      return findings;
    },
  };
}
