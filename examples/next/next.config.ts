// Next's configuration for the example. `cacheComponents` as create-next-app writes it in Next 16:
// routes are prerendered with dynamic holes, and a route you navigate away from stays mounted,
// hidden by React's <Activity>, so the widget on it keeps its uploads. `partialPrefetching` as
// Next 16.4 asks new projects to set it.
import path from "node:path";
import type { NextConfig } from "next";

const distDir = process.env.NEXT_DIST_DIR || ".next";

const nextConfig: NextConfig = {
  cacheComponents: true,
  partialPrefetching: true,
  // The repository's root: the packages are `file:` links to ../../pkg and ../../pkg-widget,
  // which Turbopack resolves only inside its root. An app installing them from npm omits this.
  turbopack: { root: path.join(__dirname, "../..") },
  // The tests build the app twice, with Turbopack (Next's default) and with webpack
  // (`NEXT_DIST_DIR=.next-webpack next build --webpack`), each into its own directory, each
  // type-checked with a tsconfig naming its own directory's generated types.
  distDir,
  typescript: { tsconfigPath: distDir === ".next" ? "tsconfig.json" : "tsconfig.webpack.json" },
};

export default nextConfig;
