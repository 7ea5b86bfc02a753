// Web Locks for the client's cross-tab claims (imported by src/api/storage.rs).

/**
 * Takes the lock `name` and calls `granted(release)` once it is held; calling `release()` frees
 * it. Where the Web Locks API is missing or refuses (an opaque origin), `granted(null)` at once:
 * the client then works without the claim, as it would in a single tab.
 */
export function lock(name, granted) {
  let called = false;
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
