// Reads the values a page hands over. Getters and Proxy traps run here, inside the caller's
// try/catch (the Rust imports are `catch`), so one that throws becomes an error value instead of
// an exception unwinding through wasm frames, which would skip their cleanup.
// Properties whose value is `undefined` count as absent, as in an options object built from
// optional variables.

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
function isPlainObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The own enumerable string-keyed properties of an object, as `[key, value]` pairs; `null`
 * when `value` is not an object (or is an array).
 * @param {unknown} value
 * @returns {[string, unknown][] | null}
 */
export function ownEntries(value) {
  if (!isPlainObject(value)) return null;
  return Object.entries(value).filter((pair) => pair[1] !== undefined);
}

/**
 * The properties of an object named in `keys` (own or inherited), as `[key, value]` pairs;
 * `null` when `value` is not an object (or is an array).
 * @param {unknown} value
 * @param {string[]} keys
 * @returns {[string, unknown][] | null}
 */
export function pick(value, keys) {
  if (!isPlainObject(value)) return null;
  /** @type {[string, unknown][]} */
  const out = [];
  for (const key of keys) {
    const v = value[key];
    if (v !== undefined) out.push([key, v]);
  }
  return out;
}

/**
 * The elements of an array, copied; `null` when `value` is not an array.
 * @param {unknown} value
 * @returns {unknown[] | null}
 */
export function items(value) {
  return Array.isArray(value) ? Array.from(value) : null;
}

/**
 * The message of something thrown, whatever it is.
 * @param {unknown} thrown
 * @returns {string}
 */
export function messageOf(thrown) {
  try {
    return thrown instanceof Error ? thrown.message : String(thrown);
  } catch {
    return "an exception";
  }
}
