// Next's configuration for the example. `cacheComponents` as create-next-app writes it in Next 16:
// routes are prerendered with dynamic holes, and a route you navigate away from stays mounted,
// hidden by React's <Activity>, so the widget on it keeps its uploads. `partialPrefetching` as
// Next 16.4 asks new projects to set it.
import path from "node:path";
import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  cacheComponents: true,
  partialPrefetching: true,
  // The repository's root: the packages are `file:` links to ../../pkg and ../../pkg-widget,
  // which Turbopack resolves only inside its root. An app installing them from npm omits this.
  turbopack: { root: path.join(__dirname, "../..") },
};

export default nextConfig;
