import { defineConfig } from "vite";

// JSX with React's automatic runtime (no plugin needed for this); top-level await needs es2022.
export default defineConfig({
  base: "./",
  esbuild: { jsx: "automatic" },
  build: { target: "es2022" },
});
