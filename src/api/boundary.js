// Reads the values a page hands over. Getters and Proxy traps run here, inside the caller's
// try/catch (the Rust imports are `catch`), so one that throws becomes an error value instead of
// an exception unwinding through wasm frames, which would skip their cleanup.
// Properties whose value is `undefined` count as absent, as in an options object built from
// optional variables.

/**
 * The own enumerable string-keyed properties of `value`, as `[key, value]` pairs.
 * @param {object} value
 * @returns {[string, unknown][]}
 */
export function ownEntries(value) {
  return Object.entries(value).filter((pair) => pair[1] !== undefined);
}

/**
 * The properties of `value` named in `keys` (own or inherited), as `[key, value]` pairs.
 * @param {object} value
 * @param {string[]} keys
 * @returns {[string, unknown][]}
 */
export function pick(value, keys) {
  /** @type {[string, unknown][]} */
  const out = [];
  for (const key of keys) {
    const v = /** @type {Record<string, unknown>} */ (value)[key];
    if (v !== undefined) out.push([key, v]);
  }
  return out;
}

/**
 * The elements of an array (or any iterable), copied.
 * @param {Iterable<unknown>} value
 * @returns {unknown[]}
 */
export function items(value) {
  return Array.from(value);
}
