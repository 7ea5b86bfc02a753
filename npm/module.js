// The npm packages' entry (the widget package's entry re-exports it): wasm-bindgen's glue
// (`glue.js`, folded into this file when the package is built) with an `init()` that is safe to
// call anywhere. Frameworks render pages on a server too (Next.js runs a 'use client' module
// there while rendering), where the glue's own `init()` would fetch the wasm from a URL only a
// page can resolve, and throw or hang the prerender. There, called without an argument, it now
// resolves to `undefined` and loads nothing; in a page, every call shares one load.
import load from "./glue.js";

export * from "./glue.js";

/** @type {Promise<unknown> | undefined} */
let loading;

/**
 * Loads and instantiates the wasm module, once: await it before using anything else. Without a
 * DOM (a server rendering the page, Node), it does nothing unless given the module or its bytes.
 * @param {Parameters<typeof load>[0]} [input] where the wasm is, or its bytes (default: the
 *   `.wasm` file next to this module, as bundlers emit it)
 */
export default function init(input) {
  if (input === undefined && typeof document === "undefined") return Promise.resolve(undefined);
  // A failed load (a network error) may be retried by calling again.
  loading ??= load(input).catch((error) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
