/**
 * The near-duplicate index at scale: lookups per second of the PDQ multi-index against a linear
 * scan of every hash, measured in the same run, at 100,000 and 1,000,000 random hashes with
 * near-duplicates planted among them; and the time the SQLite-backed index takes to load a
 * million rows on its first search.
 *
 *   npm run bench:pdq [-- --sizes 100000,1000000 --queries 2000 --scan-queries 50]
 *
 * Every query is a random hash with 3 posters planted within 31 bits of it (at distances spread
 * over 0…31, the flipped bits anywhere); recall counts the planted posters found. Prints JSON.
 */
import { parseArgs } from "node:util";
import { openDatabase } from "../src/adapters/embedded/open-database.js";
import { SqliteNearDuplicateIndex } from "../src/adapters/embedded/sqlite-near-duplicate-index.js";
import { PDQ_MATCH_DISTANCE, pdqHexOf, pdqWords } from "../src/domain/pdq-hash.js";
import { PdqMultiIndex } from "../src/domain/pdq-multi-index.js";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "100000,1000000" },
    queries: { type: "string", default: "2000" },
    "scan-queries": { type: "string", default: "50" },
    planted: { type: "string", default: "3" },
  },
});
const sizes = values.sizes.split(",").map(Number);
const queryCount = Number(values.queries);
const scanQueryCount = Number(values["scan-queries"]);
const plantedPerQuery = Number(values.planted);

/** xorshift32: the same hashes every run. */
function generator(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
}

function flipRandomBits(hash: string, bits: number, next: () => number): string {
  const words = pdqWords(hash);
  const flipped = new Set<number>();
  while (flipped.size < bits) flipped.add(next() % 256);
  for (const bit of flipped) words[bit >> 5] = ((words[bit >> 5] ?? 0) ^ (1 << (bit & 31))) >>> 0;
  return pdqHexOf(words);
}

interface Corpus {
  hashes: { posterHash: string; pdq: string }[];
  queries: { pdq: string; planted: string[] }[];
}

function makeCorpus(size: number, next: () => number): Corpus {
  const queries: Corpus["queries"] = [];
  const hashes: Corpus["hashes"] = [];
  for (let q = 0; q < queryCount; q++) {
    const pdq = pdqHexOf(Uint32Array.from({ length: 8 }, next));
    const planted: string[] = [];
    for (let p = 0; p < plantedPerQuery; p++) {
      const posterHash = `planted-${q}-${p}`;
      hashes.push({ posterHash, pdq: flipRandomBits(pdq, next() % (PDQ_MATCH_DISTANCE + 1), next) });
      planted.push(posterHash);
    }
    queries.push({ pdq, planted });
  }
  while (hashes.length < size) {
    hashes.push({
      posterHash: `random-${hashes.length}`,
      pdq: pdqHexOf(Uint32Array.from({ length: 8 }, next)),
    });
  }
  return { hashes, queries };
}

function timed<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}

function measure(size: number) {
  const corpus = makeCorpus(size, generator(size));
  const index = new PdqMultiIndex();
  const build = timed(() => {
    for (const { posterHash, pdq } of corpus.hashes) index.add(posterHash, pdq);
  });
  let plantedFound = 0;
  let candidatesMatched = 0;
  const indexed = timed(() => {
    for (const query of corpus.queries) {
      const found = new Set(index.findWithin(query.pdq, PDQ_MATCH_DISTANCE).map((m) => m.posterHash));
      candidatesMatched += found.size;
      plantedFound += query.planted.filter((p) => found.has(p)).length;
    }
  });
  // The scan answers a subset of the same queries (it is slow); both answers must agree.
  const scanQueries = corpus.queries.slice(0, scanQueryCount);
  let disagreements = 0;
  const scanned = timed(() => {
    for (const query of scanQueries) {
      const byScan = index.scan(query.pdq, PDQ_MATCH_DISTANCE);
      if (JSON.stringify(byScan) !== JSON.stringify(index.findWithin(query.pdq, PDQ_MATCH_DISTANCE))) {
        disagreements += 1;
      }
    }
  });
  // The scan's timing above includes the index's answer for the comparison; time the scan alone.
  const scanOnly = timed(() => {
    for (const query of scanQueries) index.scan(query.pdq, PDQ_MATCH_DISTANCE);
  });
  const indexLookupsPerSecond = queryCount / (indexed.ms / 1000);
  const scanLookupsPerSecond = scanQueries.length / (scanOnly.ms / 1000);
  return {
    hashes: size,
    buildMs: Math.round(build.ms),
    heapMB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
    queries: queryCount,
    indexLookupsPerSecond: Math.round(indexLookupsPerSecond),
    indexMsPerLookup: round3(indexed.ms / queryCount),
    scanQueries: scanQueries.length,
    scanLookupsPerSecond: Math.round(scanLookupsPerSecond * 10) / 10,
    scanMsPerLookup: round3(scanOnly.ms / scanQueries.length),
    speedupOverScan: Math.round(indexLookupsPerSecond / scanLookupsPerSecond),
    plantedRecall: plantedFound / (queryCount * plantedPerQuery),
    meanMatchesPerLookup: round3(candidatesMatched / queryCount),
    scanDisagreements: disagreements,
    compareMs: Math.round(scanned.ms),
  };
}

/** Then the embedded adapter: rows in SQLite, loaded into memory by the first search. */
async function main() {
  const results = sizes.map(measure);
  const size = sizes.at(-1) ?? 0;
  const db = openDatabase(":memory:");
  const index = new SqliteNearDuplicateIndex(db);
  const next = generator(99);
  const insert = db.prepare("INSERT INTO pdq_hashes (poster_hash, pdq) VALUES (?, ?)");
  db.transaction(() => {
    for (let n = 0; n < size; n++) insert.run(`poster-${n}`, pdqHexOf(Uint32Array.from({ length: 8 }, next)));
  })();
  const firstSearch = timed(() => index.findWithin(pdqHexOf(Uint32Array.from({ length: 8 }, next))));
  await firstSearch.value;
  const secondSearch = timed(() => index.findWithin(pdqHexOf(Uint32Array.from({ length: 8 }, next))));
  await secondSearch.value;
  db.close();
  const report = {
    distance: PDQ_MATCH_DISTANCE,
    scheme: "16 chunks of 16 bits, each probed at radius 1 (pigeonhole: some chunk within 1 bit when d ≤ 31)",
    results,
    sqlite: {
      rows: size,
      firstSearchMs: Math.round(firstSearch.ms),
      nextSearchMs: round3(secondSearch.ms),
    },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

await main();
