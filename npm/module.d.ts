// The types of the npm packages' entry: wasm-bindgen's generated types (`glue.d.ts`) and the
// entry's own `init()`.
import type { InitInput, InitOutput } from "./glue.js";

export * from "./glue.js";

/**
 * Loads and instantiates the wasm module, once (every call shares one load): await it before
 * using anything else. Without a DOM (a server rendering the page, Node) and without an
 * argument it loads nothing and resolves to `undefined`, so a module that calls it is safe to
 * render on a server.
 *
 * @example
 * ```ts
 * import init, { DeleteTokenClient } from "cloudinary-delete-token";
 * await init();
 * const client = new DeleteTokenClient({ cloudName: "demo", uploadPreset: "undoable" });
 * ```
 * @param module_or_path where the wasm is, or its bytes (default: the `.wasm` file next to the
 *   module, as bundlers emit it)
 */
export default function init(
  module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>,
): Promise<InitOutput | undefined>;
