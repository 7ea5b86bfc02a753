import { defineConfig } from "vite";

// `base: "./"`: the built page works from any folder. Top-level await needs es2022.
export default defineConfig({
  base: "./",
  build: { target: "es2022" },
});
