// The widget package's entry: the module's (an `init()` safe anywhere), and a
// `defineCustomElement()` that may come before `init()` and does nothing on a server, so a page
// or a framework component can call it first thing, wherever it runs.
import init from "./module.js";
import { defineCustomElement as define } from "./glue.js";

export * from "./module.js";
export { default } from "./module.js";

/**
 * Defines `<cloudinary-undo>` once the wasm is loaded, loading it if `init()` was not called.
 * Without `customElements` (a server rendering the page) it does nothing. Safe to call again.
 * @returns {Promise<void>}
 */
export async function defineCustomElement() {
  if (typeof customElements === "undefined") return;
  await init();
  define();
}
