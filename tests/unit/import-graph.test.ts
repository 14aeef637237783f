/**
 * The import graph of app/, server/ and db/: no module imports itself, however far round, and
 * app/domain reaches nothing that does I/O.
 *
 * Every import counts, `import type` and `export … from` included: a type-only import vanishes at
 * run time, but a cycle through types still ties two modules together (neither can be understood,
 * moved or split without the other), and that is what the rule is about. Dynamic `import("…")` with
 * a literal path counts as well; a computed path (server/index.ts loading the Remix build) cannot be
 * followed and is not an edge.
 *
 * The specifiers come from the TypeScript compiler's own pre-processor (`ts.preProcessFile`), and are
 * resolved as the project resolves them: `~/` is app/, relative paths try `.ts`, `.tsx` and an
 * `index` file (a `.server` module is named in full, `~/services/audit.server` → `audit.server.ts`).
 * A local specifier that resolves to no file fails the test, so that a blind spot in this resolver
 * cannot hide a cycle.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FOLDERS = ["app", "server", "db"];
const CODE = /\.tsx?$/;
/** Local imports of files that are not modules of the graph (stylesheets and the like). */
const ASSET = /\.(css|svg|png|json)(\?.*)?$/;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(full);
    return CODE.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The file a local specifier names, `undefined` for a package, `null` when nothing matches. */
function resolve(from: string, specifier: string): string | null | undefined {
  let base: string;
  if (specifier.startsWith("~/")) base = path.join(ROOT, "app", specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(from), specifier);
  else return undefined;
  const candidates = [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    path.join(base, "index.ts"),
    path.join(base, "index.tsx"),
  ];
  return candidates.find((file) => CODE.test(file) && isFile(file)) ?? null;
}

interface Graph {
  edges: Map<string, string[]>;
  unresolved: string[];
}

function importGraph(): Graph {
  const files = FOLDERS.flatMap((folder) => sourceFiles(path.join(ROOT, folder)));
  const edges = new Map<string, string[]>();
  const unresolved: string[] = [];
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    const targets = new Set<string>();
    for (const { fileName } of importedFiles) {
      if (ASSET.test(fileName)) continue;
      const target = resolve(file, fileName);
      if (target === null) unresolved.push(`${relative(file)}: "${fileName}"`);
      else if (target !== undefined) targets.add(target);
    }
    edges.set(file, [...targets]);
  }
  return { edges, unresolved };
}

const relative = (file: string) => path.relative(ROOT, file).split(path.sep).join("/");

/** Tarjan's strongly connected components: every component of more than one module is a cycle. */
function stronglyConnected(edges: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      const selfImport = (edges.get(node) ?? []).includes(node);
      if (component.length > 1 || selfImport) components.push(component);
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return components;
}

/** One shortest way round a component, from its first module (by name) back to it. */
function cycleThrough(component: string[], edges: Map<string, string[]>): string[] {
  const members = new Set(component);
  const start = [...component].sort()[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of edges.get(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const way = [node];
        while (way[0] !== start) way.unshift(cameFrom.get(way[0]!)!);
        return [...way, start];
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

/** Where app/domain may not reach: the database, the server, the services, anything `.server`. */
function forbiddenForDomain(target: string): boolean {
  const name = relative(target);
  return (
    name.startsWith("db/") ||
    name.startsWith("server/") ||
    name.startsWith("app/services/") ||
    /\.server\.tsx?$/.test(name)
  );
}

describe("the import graph of app/, server/ and db/", () => {
  const graph = importGraph();

  it("is read whole: every local import resolves to a file", () => {
    expect(graph.edges.size).toBeGreaterThan(100);
    expect(graph.unresolved).toEqual([]);
    // `~/`, a folder's index file and a `.server` module, each followed.
    const from = (file: string) => (graph.edges.get(path.join(ROOT, file)) ?? []).map(relative);
    expect(from("app/services/actors.server.ts")).toEqual(
      expect.arrayContaining([
        "db/client.ts",
        "db/schema/index.ts",
        "app/domain/policy/index.ts",
        "app/services/sessions.server.ts",
      ]),
    );
    expect(from("app/domain/policy/index.ts")).toContain("app/domain/policy/can.ts");
  });

  it("has no import cycle", () => {
    const cycles = stronglyConnected(graph.edges).map((component) => {
      const way = cycleThrough(component, graph.edges);
      // A component may hold more than the one way round shown: then all its modules are named.
      const all =
        component.length > way.length - 1
          ? `; all of: ${component.map(relative).sort().join(", ")}`
          : "";
      return way.map(relative).join(" → ") + all;
    });
    expect(cycles).toEqual([]);
  });

  it("keeps app/domain pure: it imports nothing from db, server, app/services or a .server module", () => {
    const offences = [...graph.edges]
      .filter(([file]) => relative(file).startsWith("app/domain/"))
      .flatMap(([file, targets]) =>
        targets
          .filter(forbiddenForDomain)
          .map((target) => `${relative(file)} → ${relative(target)}`),
      );
    expect(offences).toEqual([]);
  });
});

describe("the cycle finder itself", () => {
  const edges = (pairs: Record<string, string[]>) => new Map(Object.entries(pairs));

  it("finds a two-module cycle, a longer one and a module importing itself, and nothing in a tree", () => {
    const graph = edges({
      a: ["b"],
      b: ["a", "c"],
      c: ["d"],
      d: ["e"],
      e: ["c"],
      f: ["f"],
      g: ["a", "h"],
      h: [],
    });
    const components = stronglyConnected(graph).map((c) => [...c].sort());
    expect(components).toHaveLength(3);
    expect(components).toContainEqual(["a", "b"]);
    expect(components).toContainEqual(["c", "d", "e"]);
    expect(components).toContainEqual(["f"]);
    expect(cycleThrough(["e", "c", "d"], graph)).toEqual(["c", "d", "e", "c"]);
    expect(stronglyConnected(edges({ a: ["b", "c"], b: ["c"], c: [] }))).toEqual([]);
  });
});
