// The client's own JavaScript (the `api` and `http` layers): reading the values a page hands
// over, the page clock (`now`), the Web Locks of the cross-tab claims (`lock`), and the upload
// request (`postMultipart`). One module: where nothing bundles them (trunk's output, wasm-bindgen's test
// pages) each module a binding imports is a request of its own, and the test runner's page
// server hangs past four at once (xtask/src/layout.rs); the npm packages fold them into their
// one script.
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

// The time origin is read once: it is constant for the document, and reading it on every call
// made `record()` about 15% slower.
const clock = typeof performance === "object" ? performance : undefined;
const origin = clock ? clock.timeOrigin : 0;

/**
 * The page clock in epoch milliseconds: the time origin plus the monotonic `performance.now()`,
 * so a change of the system clock while the page is open moves no deadline; `Date.now()` where
 * there is no `performance`.
 * @returns {number}
 */
export function now() {
  return clock ? origin + clock.now() : Date.now();
}

/**
 * Takes the lock `name` and calls `granted(release, contended)` once it is held; calling
 * `release()` frees it. `contended`: another held it when it was asked for (it was not free at
 * once). Where the Web Locks API is missing or refuses (an opaque origin), `granted(null, false)`
 * at once: the client then works without the claim, as it would in a single tab.
 * @param {string} name
 * @param {(release: ((value?: unknown) => void) | null, contended: boolean) => void} granted
 */
export function lock(name, granted) {
  let called = false;
  /** @param {((value?: unknown) => void) | null} release @param {boolean} contended */
  const grant = (release, contended) => {
    if (!called) {
      called = true;
      granted(release, contended);
    }
  };
  const locks = globalThis.navigator && globalThis.navigator.locks;
  if (!locks || typeof locks.request !== "function") {
    grant(null, false);
    return;
  }
  /** @param {boolean} contended */
  const hold = (contended) => () => new Promise((release) => grant(release, contended));
  const refused = () => grant(null, false);
  try {
    locks
      .request(name, { ifAvailable: true }, (held) => {
        if (held) return hold(false)();
        locks.request(name, hold(true)).catch(refused);
        return undefined;
      })
      .catch(refused);
  } catch {
    refused();
  }
}

/**
 * POSTs `fields` and the file as `multipart/form-data` with `XMLHttpRequest`, which (unlike
 * `fetch`) reports upload progress. Here rather than through web-sys: the request is about
 * twenty browser calls, each of which would be an import with glue of its own, where this is one.
 *
 * `fields` and `headers` are flat `[name, value, ...]` lists. With `chunk`, only bytes `start` to
 * `end` of `file` go, named as the file is (a slice has no name of its own). `onProgress(loaded,
 * total)` is called as bytes leave; `signal` aborts the request.
 * Resolves with `[status, responseText]` once a reply came; rejects with `"aborted"`, `"form"`
 * (the form could not be built), `"send"` (the request could not be sent) or `"network"` (no
 * reply).
 * @param {string} url
 * @param {string[]} fields
 * @param {string[]} headers
 * @param {Blob} file
 * @param {boolean} chunk
 * @param {number} start
 * @param {number} end
 * @param {(loaded: number, total: number) => void} onProgress
 * @param {AbortSignal | undefined} signal
 * @returns {Promise<[number, string]>}
 */
export function postMultipart(url, fields, headers, file, chunk, start, end, onProgress, signal) {
  return new Promise((resolve, reject) => {
    if (signal && signal.aborted) return reject("aborted");
    const form = new FormData();
    try {
      for (let i = 0; i < fields.length; i += 2) form.append(fields[i], fields[i + 1]);
      if (!chunk) form.append("file", file);
      else if (file instanceof File) form.append("file", file.slice(start, end), file.name);
      else form.append("file", file.slice(start, end));
    } catch {
      return reject("form");
    }
    const xhr = new XMLHttpRequest();
    const abort = () => xhr.abort();
    /** @param {boolean} replied */
    const settle = (replied) => () => {
      xhr.upload.onprogress = null;
      if (signal) signal.removeEventListener("abort", abort);
      if (replied) resolve([xhr.status, xhr.responseText]);
      else reject(signal && signal.aborted ? "aborted" : "network");
    };
    try {
      xhr.open("POST", url);
      for (let i = 0; i < headers.length; i += 2) xhr.setRequestHeader(headers[i], headers[i + 1]);
      xhr.upload.onprogress = (e) => onProgress(e.loaded, e.total);
      xhr.onload = settle(true);
      xhr.onerror = xhr.onabort = xhr.ontimeout = settle(false);
      if (signal) signal.addEventListener("abort", abort);
      xhr.send(form);
    } catch {
      if (signal) signal.removeEventListener("abort", abort);
      reject("send");
    }
  });
}
