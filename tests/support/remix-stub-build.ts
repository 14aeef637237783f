import type {
  ActionFunctionArgs,
  EntryContext,
  LoaderFunctionArgs,
  ServerBuild,
} from "@remix-run/node";

/**
 * A Remix server build of one route (`/`), for tests of the server around Remix without running
 * `remix build`: its loader says who is signed in, its action echoes the form, and the document is
 * the loader's data as JSON. Remix itself (request handling, its Origin/Host check) is the real one.
 */
export function stubBuild(options: { onError?: (error: unknown) => void } = {}): ServerBuild {
  const root = {
    // A component makes it a page (a document route), not a resource route.
    default: () => null,
    loader: ({ context }: LoaderFunctionArgs) => ({ user: context.user?.id ?? null }),
    action: async ({ request }: ActionFunctionArgs) => ({
      posted: Object.fromEntries(await request.formData()),
    }),
  };
  return {
    mode: "production",
    entry: {
      module: {
        default: (_request: Request, status: number, headers: Headers, context: EntryContext) => {
          headers.set("Content-Type", "application/json");
          const { loaderData, actionData } = context.staticHandlerContext;
          return new Response(JSON.stringify({ loaderData, actionData }), { status, headers });
        },
        handleError: (error: unknown) => options.onError?.(error),
      },
    },
    routes: { root: { id: "root", path: "", module: root } },
    assets: {
      url: "/build/manifest.js",
      version: "test",
      entry: { module: "/build/entry.js", imports: [] },
      routes: {
        root: {
          id: "root",
          path: "",
          module: "/build/root.js",
          hasAction: true,
          hasLoader: true,
          hasClientAction: false,
          hasClientLoader: false,
          hasErrorBoundary: false,
        },
      },
    },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: {
      v3_fetcherPersist: true,
      v3_relativeSplatPath: true,
      v3_throwAbortReason: true,
      v3_routeConfig: false,
      v3_singleFetch: true,
      v3_lazyRouteDiscovery: true,
      unstable_optimizeDeps: false,
    },
    isSpaMode: false,
  } as unknown as ServerBuild;
}
