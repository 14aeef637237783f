/**
 * Word-level differences between two versions of a text, for "what changed" views of proposals.
 * Chinese has no spaces, so splitting on spaces would turn a one-word change into a whole-sentence
 * change; we tokenise with `Intl.Segmenter` (ICU's dictionary word breaker), which finds words in
 * Chinese and in space-separated languages alike, and diff the token arrays with jsdiff.
 *
 * Every segment is kept (spaces, punctuation, newlines), so the parts reconstruct the inputs exactly:
 * joining the "same" and "removed" parts in order gives `before`, "same" and "added" give `after`.
 */
import { diffArrays } from "diff";

export type DiffPartType = "same" | "added" | "removed";

export interface DiffPart {
  type: DiffPartType;
  text: string;
}

export interface DiffStats {
  /** Characters (Unicode code points, whitespace not counted) in the added parts. */
  added: number;
  /** Characters (Unicode code points, whitespace not counted) in the removed parts. */
  removed: number;
}

const segmenter = new Intl.Segmenter("zh", { granularity: "word" });

/**
 * Beyond this many token edits jsdiff gives up and the changed middle is shown as one removal and
 * one addition: such a diff is unreadable anyway, and the cost of Myers' algorithm grows with it.
 */
const MAX_EDIT_LENGTH = 1000;

/**
 * The differences from `before` to `after`, at word level. Adjacent parts of one type are merged;
 * within a stretch of changes, the removed text comes first and then the added text; whitespace
 * between two replacements joins them (`the cat` → `a dog` is one replacement, not two).
 */
export function diffText(before: string, after: string): DiffPart[] {
  if (before === after) return before === "" ? [] : [{ type: "same", text: before }];
  const a = tokenize(before);
  const b = tokenize(after);

  // Common prefix and suffix cost nothing to find and shrink what Myers has to search.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }

  const raw: DiffPart[] = [{ type: "same", text: a.slice(0, start).join("") }];
  const middleA = a.slice(start, endA);
  const middleB = b.slice(start, endB);
  const changes = diffArrays(middleA, middleB, { maxEditLength: MAX_EDIT_LENGTH });
  if (changes) {
    for (const change of changes) {
      const type: DiffPartType = change.added ? "added" : change.removed ? "removed" : "same";
      raw.push({ type, text: change.value.join("") });
    }
  } else {
    raw.push(
      { type: "removed", text: middleA.join("") },
      { type: "added", text: middleB.join("") },
    );
  }
  raw.push({ type: "same", text: a.slice(endA).join("") });
  return joinReplacements(group(raw));
}

/** Sizes of a diff for summaries ("+12 −3"): characters, which reads the same in Chinese and English. */
export function diffStats(parts: readonly DiffPart[]): DiffStats {
  let added = 0;
  let removed = 0;
  for (const part of parts) {
    if (part.type === "same") continue;
    const count = countCharacters(part.text);
    if (part.type === "added") added += count;
    else removed += count;
  }
  return { added, removed };
}

function tokenize(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

function countCharacters(text: string): number {
  let n = 0;
  for (const c of text) if (!/\s/u.test(c)) n++;
  return n;
}

/** A stretch of changes between two "same" parts. */
interface Change {
  removed: string;
  added: string;
}

type Run = { type: "same"; text: string } | ({ type: "change" } & Change);

/** Drops empty parts, merges "same" neighbours, and collects each stretch of changes into one. */
function group(parts: readonly DiffPart[]): Run[] {
  const runs: Run[] = [];
  for (const part of parts) {
    if (part.text === "") continue;
    const last = runs[runs.length - 1];
    if (part.type === "same") {
      if (last?.type === "same") last.text += part.text;
      else runs.push({ type: "same", text: part.text });
    } else {
      const change: Run =
        last?.type === "change" ? last : { type: "change", removed: "", added: "" };
      if (change !== last) runs.push(change);
      if (change.type === "change") change[part.type] += part.text;
    }
  }
  return runs;
}

/**
 * Two replacements separated only by whitespace read better as one. Both must replace something
 * (remove and add): absorbing the space into a pure insertion would show it as deleted and re-added.
 */
function joinReplacements(runs: Run[]): DiffPart[] {
  const merged: Run[] = [];
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i];
    if (!run) continue;
    const previous = merged[merged.length - 1];
    const next = runs[i + 1];
    if (
      run.type === "same" &&
      /^\s+$/u.test(run.text) &&
      previous?.type === "change" &&
      next?.type === "change" &&
      isReplacement(previous) &&
      isReplacement(next)
    ) {
      previous.removed += run.text + next.removed;
      previous.added += run.text + next.added;
      i++;
      continue;
    }
    merged.push(run);
  }
  const parts: DiffPart[] = [];
  for (const run of merged) {
    if (run.type === "same") {
      parts.push({ type: "same", text: run.text });
      continue;
    }
    if (run.removed !== "") parts.push({ type: "removed", text: run.removed });
    if (run.added !== "") parts.push({ type: "added", text: run.added });
  }
  return parts;
}

function isReplacement(change: Change): boolean {
  return change.removed !== "" && change.added !== "";
}
