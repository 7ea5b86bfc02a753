// The browser's `Intl`, for the widget's messages: language tags, plural forms, sizes and times.
// Each call is guarded: a tag the browser refuses throws a RangeError, which must not unwind
// through wasm frames; the fallback is English.

/**
 * The canonical form of a BCP 47 tag (`"de-at"` → `"de-AT"`), or `undefined` if it is not one.
 * @param {string} tag
 * @returns {string | undefined}
 */
export function canonicalLocale(tag) {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/**
 * Whether `count` takes the "one" form in `lang`.
 * @param {string} lang
 * @param {number} count
 */
export function isOne(lang, count) {
  try {
    return new Intl.PluralRules(lang).select(count) === "one";
  } catch {
    return count === 1;
  }
}

/**
 * @template T
 * @param {(lang: string) => T} make a formatter for `lang`
 * @param {string} lang
 * @returns {T}
 */
function guarded(make, lang) {
  try {
    return make(lang);
  } catch {
    return make("en");
  }
}

/**
 * `bytes` in decimal units (as Intl names them: kB = 1,000 bytes), one decimal at most.
 * @param {string} lang
 * @param {number} bytes
 */
export function formatSize(lang, bytes) {
  const [unit, n] = bytes >= 1e9 ? ["gigabyte", bytes / 1e9]
    : bytes >= 1e6 ? ["megabyte", bytes / 1e6]
      : bytes >= 1e3 ? ["kilobyte", bytes / 1e3] : ["byte", bytes];
  return guarded((l) => new Intl.NumberFormat(l, { style: "unit", unit, maximumFractionDigits: 1 }), lang).format(n);
}

/**
 * The time of day at `epochMs`, short (`"10:42 AM"`).
 * @param {string} lang
 * @param {number} epochMs
 */
export function formatTime(lang, epochMs) {
  return guarded((l) => new Intl.DateTimeFormat(l, { timeStyle: "short" }), lang).format(epochMs);
}
