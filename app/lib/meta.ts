import type { MetaDescriptor } from "@remix-run/node";

interface RootMetaData {
  appName: string;
  description: string;
}

/**
 * The `<title>` and description of a page: "Page · 议事". Titles are translated by each loader on the
 * server, so the browser never needs a catalog for them.
 */
export function pageMeta(
  title: string | undefined,
  matches: ReadonlyArray<{ id: string; data: unknown }>,
): MetaDescriptor[] {
  const root = matches.find((match) => match.id === "root")?.data as RootMetaData | undefined;
  const appName = root?.appName ?? "议事";
  return [
    { title: title ? `${title} · ${appName}` : appName },
    ...(root ? [{ name: "description", content: root.description }] : []),
  ];
}
