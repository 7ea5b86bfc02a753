// The client's own JavaScript, in one module so that a page fetches one file for it (each
// module a wasm-bindgen binding imports is a request of its own): reading the values a page hands
// over, and the Web Locks of the cross-tab claims (`lock`, at the end).
//
// Reads: getters and Proxy traps run here, inside the caller's try/catch (the Rust imports are
// `catch`), so one that throws becomes an error value instead of an exception unwinding through
// wasm frames, which would skip their cleanup. Properties whose value is `undefined` count as
// absent, as in an options object built from optional variables.

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
 * The values of the properties named in `keys`, in that order (`undefined` where absent): a
 * struct's fields, read without any key crossing into wasm. Not `strict`: own or inherited
 * properties, others ignored. `strict`: own enumerable ones only, and `undefined` (rather than an
 * array) when there is another, so that the caller reads the object key by key and names it.
 * `null` when `value` is not an object (or is an array).
 * @param {unknown} value
 * @param {string[]} keys
 * @param {boolean} strict
 * @returns {unknown[] | null | undefined}
 */
export function pick(value, keys, strict) {
  if (!isPlainObject(value)) return null;
  if (!strict) return keys.map((key) => value[key]);
  const out = new Array(keys.length);
  for (const [key, v] of Object.entries(value)) {
    const at = keys.indexOf(key);
    if (at >= 0) out[at] = v;
    else if (v !== undefined) return undefined;
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

/**
 * Takes the lock `name` and calls `granted(release)` once it is held; calling `release()` frees
 * it. Where the Web Locks API is missing or refuses (an opaque origin), `granted(null)` at once:
 * the client then works without the claim, as it would in a single tab.
 * @param {string} name
 * @param {(release: ((value?: unknown) => void) | null) => void} granted
 */
export function lock(name, granted) {
  let called = false;
  /** @param {((value?: unknown) => void) | null} release */
  const grant = (release) => {
    if (!called) {
      called = true;
      granted(release);
    }
  };
  const locks = globalThis.navigator && globalThis.navigator.locks;
  if (!locks || typeof locks.request !== "function") {
    grant(null);
    return;
  }
  try {
    locks.request(name, () => new Promise((release) => grant(release))).catch(() => grant(null));
  } catch {
    grant(null);
  }
}
