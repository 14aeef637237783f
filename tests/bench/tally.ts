/**
 * `npm run bench:tally`: how fast the counting library reads and counts big ranked votes.
 *
 * - IRV on 1,000,000 ballots over 8 options; Schulze on 100,000 ballots over 20 options.
 * - Ballots are generated from a fixed seed, so every run counts the same vote: realistic partial
 *   rankings (Plackett–Luce draws around three voter blocs with different favourites, most voters
 *   ranking only a few options, a few overvotes / equal ranks), written as the tally JSON.
 * - Reading is timed against `JSON.parse` of the same text, counting against a plain reference
 *   implementation (arrays of strings, a Map per round), both measured in the same run; the
 *   reference also checks that the winner agrees.
 * - The Schulze count is also timed against a tight C++ count (`schulze.cpp`, compiled here with
 *   `g++ -O2`) reading the very profile the library counts, from a binary file; it must agree on
 *   the winners. Without g++ that part is skipped with a message.
 * Targets on the 2-core CI machine: IRV count ≤ 90 ms, Schulze count ≤ 15 ms and within 3× of
 * the C++ count, reading no slower than JSON.parse. Each figure is the median of several runs
 * after a warm-up.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { irv } from "../../app/domain/voting/irv";
import { parseTallyJson } from "../../app/domain/voting/json";
import { encodeRanked, type RankedProfile } from "../../app/domain/voting/profile";
import { mulberry32 } from "../../app/domain/voting/prng";
import { schulze } from "../../app/domain/voting/schulze";
import type { RankedBallot } from "../../app/domain/voting/types";

type JsonBallot = (string | string[])[];

const RUNS = 5;

function out(line = ""): void {
  process.stdout.write(`${line}\n`);
}

/** Median and best of `RUNS` timed runs after one warm-up; returns the last value too. */
function time<T>(run: () => T): { median: number; best: number; value: T } {
  let value = run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    value = run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)] as number, best: times[0] as number, value };
}

/**
 * Seeded ballots: each voter belongs to one of three blocs whose option weights differ, ranks a
 * Plackett–Luce draw from them, and stops after a length drawn from `lengths` (a weight per length,
 * 1-based). With probability `tieRate` two consecutive options share a rank.
 */
function generate(
  options: readonly string[],
  count: number,
  lengths: readonly number[],
  tieRate: number,
  seed: number,
): JsonBallot[] {
  const next = mulberry32(seed);
  const random = () => next() / 0x1_0000_0000;
  const n = options.length;
  const blocs = [0, 1, 2].map((b) => options.map((_, i) => 1 / (1 + ((i + b * 3) % n)) ** 1.2));
  const blocShare = [0.45, 0.35, 0.2];
  const lengthTotal = lengths.reduce((a, b) => a + b, 0);
  const ballots: JsonBallot[] = new Array<JsonBallot>(count);
  const weights = new Float64Array(n);
  for (let v = 0; v < count; v++) {
    const r = random();
    const bloc = blocs[r < (blocShare[0] as number) ? 0 : r < 0.8 ? 1 : 2] as number[];
    let pick = random() * lengthTotal;
    let length = 1;
    for (; length < lengths.length && pick >= (lengths[length - 1] as number); length++)
      pick -= lengths[length - 1] as number;
    length = Math.min(length, n);
    let left = 0;
    for (let i = 0; i < n; i++) {
      weights[i] = (bloc[i] as number) * (0.5 + random()); // each voter's own taste around the bloc's
      left += weights[i] as number;
    }
    const ballot: JsonBallot = [];
    for (let k = 0; k < length; k++) {
      let x = random() * left;
      let chosen = 0;
      while (chosen < n - 1 && (x >= (weights[chosen] as number) || weights[chosen] === 0)) {
        x -= weights[chosen] as number;
        chosen++;
      }
      left -= weights[chosen] as number;
      weights[chosen] = 0;
      const id = options[chosen] as string;
      const last = ballot[ballot.length - 1];
      if (last !== undefined && random() < tieRate)
        ballot[ballot.length - 1] = typeof last === "string" ? [last, id] : [...last, id];
      else ballot.push(id);
    }
    ballots[v] = ballot;
  }
  return ballots;
}

/** Reference IRV: ballots as parsed JSON, a Map of counts rebuilt every round. */
function referenceIrv(options: readonly string[], ballots: readonly JsonBallot[]): string | null {
  const continuing = new Set(options);
  for (;;) {
    const counts = new Map<string, number>([...continuing].map((o) => [o, 0]));
    let active = 0;
    for (const ballot of ballots) {
      for (const rank of ballot) {
        if (typeof rank !== "string" && rank.length > 1) break; // an overvote exhausts
        const id = typeof rank === "string" ? rank : (rank[0] as string);
        if (continuing.has(id)) {
          counts.set(id, (counts.get(id) as number) + 1);
          active++;
          break;
        }
      }
    }
    const sorted = [...counts].sort((a, b) => b[1] - a[1]);
    const top = sorted[0];
    if (!top || active === 0) return null;
    if (top[1] * 2 > active || sorted.length === 1) return top[0];
    continuing.delete((sorted[sorted.length - 1] as [string, number])[0]);
  }
}

/** Reference Schulze: a rank map per ballot, every ordered pair compared, then widest paths. */
function referenceSchulze(options: readonly string[], ballots: readonly JsonBallot[]): string[] {
  const n = options.length;
  const d = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const index = new Map(options.map((id, i) => [id, i]));
  const rankOf = new Array<number>(n);
  for (const ballot of ballots) {
    rankOf.fill(Infinity);
    ballot.forEach((rank, r) => {
      for (const id of typeof rank === "string" ? [rank] : rank)
        rankOf[index.get(id) as number] = r;
    });
    for (let i = 0; i < n; i++) {
      const row = d[i] as number[];
      for (let j = 0; j < n; j++)
        if ((rankOf[i] as number) < (rankOf[j] as number)) row[j] = (row[j] as number) + 1;
    }
  }
  const p = d.map((row, i) => row.map((v, j) => (v > ((d[j] as number[])[i] as number) ? v : 0)));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      for (let k = 0; k < n; k++) {
        if (k === i || k === j) continue;
        const row = p[j] as number[];
        row[k] = Math.max(
          row[k] as number,
          Math.min(row[i] as number, (p[i] as number[])[k] as number),
        );
      }
    }
  }
  return options.filter((_, x) =>
    options.every(
      (__, y) => ((p[x] as number[])[y] as number) >= ((p[y] as number[])[x] as number),
    ),
  );
}

function ms(value: number): string {
  return `${value.toFixed(1).padStart(8)} ms`;
}

function report(
  label: string,
  ours: { median: number; best: number },
  baseline: { median: number },
  target?: number,
): void {
  const ratio = ours.median / baseline.median;
  const verdict =
    target === undefined
      ? ""
      : ours.median <= target
        ? `  target ≤ ${target} ms: met`
        : `  target ≤ ${target} ms: MISSED`;
  out(
    `  ${label.padEnd(34)}${ms(ours.median)} (best ${ours.best.toFixed(1)})  ${ratio.toFixed(3)}× baseline${verdict}`,
  );
}

/** The profile as `schulze.cpp` reads it: three u32 sizes, then the weights, starts and cells. */
function profileBytes(profile: RankedProfile): Buffer {
  const head = new Uint32Array([profile.options.length, profile.size, profile.cells.length]);
  return Buffer.concat(
    [head, profile.weights, profile.starts, profile.cells].map((a) =>
      Buffer.from(a.buffer, a.byteOffset, a.byteLength),
    ),
  );
}

/**
 * Compiles `schulze.cpp` with `g++ -O2`, runs it on the profile (a warm-up and `RUNS` timed
 * counts) and prints its time, the ratio of the library's to it, and whether the winners agree.
 */
function cppBaseline(profile: RankedProfile, ours: { median: number }, winners: unknown): void {
  const dir = mkdtempSync(join(tmpdir(), "yishi-bench-"));
  try {
    const binary = join(dir, "schulze");
    const source = fileURLToPath(new URL("schulze.cpp", import.meta.url));
    const compiled = spawnSync("g++", ["-O2", "-o", binary, source], { encoding: "utf8" });
    if (compiled.error || compiled.status !== 0) {
      const why = compiled.error ? "g++ not found" : `g++ failed: ${compiled.stderr.trim()}`;
      out(`  C++ baseline skipped (${why})`);
      return;
    }
    const input = join(dir, "profile.bin");
    writeFileSync(input, profileBytes(profile));
    const run = spawnSync(binary, [input, String(RUNS)], { encoding: "utf8" });
    const [median, best, indexes] = run.stdout.trim().split(" ");
    if (run.status !== 0 || median === undefined || best === undefined) {
      out(`  C++ baseline failed: ${run.stderr.trim()}`);
      process.exitCode = 1;
      return;
    }
    const cppWinners = (indexes ?? "").split(",").map((i) => profile.options[Number(i)]);
    const ratio = ours.median / Number(median);
    out(
      `  ${"C++ (g++ -O2), same profile".padEnd(34)}${ms(Number(median))} (best ${Number(best).toFixed(1)})`,
    );
    out(
      `  library / C++: ${ratio.toFixed(2)}×  target ≤ 3×: ${ratio <= 3 ? "met" : "MISSED"}; winners ${JSON.stringify(cppWinners) === JSON.stringify(winners) ? "agree" : "DISAGREE"}`,
    );
    if (JSON.stringify(cppWinners) !== JSON.stringify(winners)) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function bench(
  name: string,
  options: string[],
  ballots: JsonBallot[],
  count: (profile: RankedProfile) => unknown,
  reference: () => unknown,
  target: number,
  native?: typeof cppBaseline,
): void {
  const text = JSON.stringify({ options, ballots });
  const cells = ballots.reduce(
    (sum, b) => sum + b.reduce<number>((s, r) => s + (typeof r === "string" ? 1 : r.length), 0),
    0,
  );
  out(
    `${name}: ${ballots.length.toLocaleString("en")} ballots × ${options.length} options, ${(cells / ballots.length).toFixed(2)} ranked per ballot, ${(text.length / 1e6).toFixed(1)} MB of JSON`,
  );

  const jsonParse = time(() => JSON.parse(text) as unknown);
  const ours = time(() => parseTallyJson(text, { ranked: true }));
  const profile = ours.value.profile as RankedProfile;
  out("  parse");
  out(
    `  ${"JSON.parse (baseline)".padEnd(34)}${ms(jsonParse.median)} (best ${jsonParse.best.toFixed(1)})`,
  );
  report("parseTallyJson → profile", ours, jsonParse);

  const parsed = JSON.parse(text) as { ballots: RankedBallot[] };
  const encode = time(() => encodeRanked(options, parsed.ballots));
  report("encodeRanked (from parsed objects)", encode, jsonParse);

  const referenceRun = time(reference);
  const counted = time(() => count(profile));
  out("  count");
  out(
    `  ${"reference implementation".padEnd(34)}${ms(referenceRun.median)} (best ${referenceRun.best.toFixed(1)})`,
  );
  report("library", counted, referenceRun, target);
  const same = JSON.stringify(counted.value) === JSON.stringify(referenceRun.value);
  out(
    `  winner ${JSON.stringify(counted.value)}, reference ${JSON.stringify(referenceRun.value)}: ${same ? "agree" : "DISAGREE"}`,
  );
  if (!same) process.exitCode = 1;
  native?.(profile, counted, counted.value);
  out();
}

out(`node ${process.version}, ${RUNS} runs after a warm-up, medians\n`);

const irvOptions = Array.from({ length: 8 }, (_, i) => `candidate-${i + 1}`);
const irvBallots = generate(irvOptions, 1_000_000, [30, 22, 18, 12, 8, 5, 3, 2], 0.002, 2026);
bench(
  "IRV",
  irvOptions,
  irvBallots,
  (profile) => irv(profile).winner,
  () => referenceIrv(irvOptions, irvBallots),
  90,
);

const schulzeOptions = Array.from({ length: 20 }, (_, i) => `option-${i + 1}`);
const schulzeBallots = generate(
  schulzeOptions,
  100_000,
  [12, 14, 16, 14, 12, 9, 7, 5, 4, 3, 2, 1, 1],
  0.05,
  7,
);
bench(
  "Schulze",
  schulzeOptions,
  schulzeBallots,
  (profile) => schulze(profile).potentialWinners,
  () => referenceSchulze(schulzeOptions, schulzeBallots),
  15,
  cppBaseline,
);
