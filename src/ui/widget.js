// The widget's browser helpers, in one module: each module is one more request before the widget
// can start, and under wasm-bindgen-test-runner's server a page importing eight modules at once
// stalled (one request took 76 s) where six never did. Three parts:
// - the windowed list (list.rs): sizes the two spacer rows that stand for the entry rows not in
//   the DOM, and says which rows the list's viewport needs. Heights are set through the CSSOM,
//   which a strict Content-Security-Policy allows (a style attribute it would not);
// - the countdown ticker (hooks.rs): one call a second rewrites the time left of the rendered
//   rows without a yew re-render, and in them only what changed: the m:ss text (in place, so yew
//   keeps its node) and a bar when it moves by a step. A row's deadline never changes (its key
//   includes it); a row rendered later starts with its true time;
// - the browser's `Intl` for the messages (i18n.rs): language tags, plural forms, sizes and
//   times. Each call is guarded: a tag the browser refuses throws a RangeError, which must not
//   unwind through wasm frames; the fallback is English.

/** Rows rendered beyond each edge of the viewport: keyboard focus moves into them first. */
const OVERSCAN = 8;

/** @typedef {HTMLElement & { __h?: number }} List */

/**
 * Sizes the spacers for the entry rows rendered from `first`, then returns the rows
 * `[first, end)` of `total` the list's scroll position needs. A list that does not scroll (a
 * short one, or one without the widget's stylesheet) needs them all.
 * @param {List} list the `<ul>`
 * @param {number} first the place of the first entry row rendered
 * @param {number} total how many entries there are
 * @returns {[number, number]}
 */
export function windowRows(list, first, total) {
  const rows = list.querySelectorAll(":scope > li[data-public-id]");
  if (rows.length) {
    let sum = 0;
    rows.forEach((row) => { sum += /** @type {HTMLElement} */ (row).offsetHeight; });
    list.__h = sum / rows.length;
  }
  const h = list.__h || 57;
  const [top, end] = /** @type {NodeListOf<HTMLElement>} */ (list.querySelectorAll(":scope > .cdt-pad"));
  if (!top || !end) return [0, total];
  top.style.height = `${first * h}px`;
  end.style.height = `${Math.max(0, total - first - rows.length) * h}px`;
  if (list.scrollHeight <= list.clientHeight) return [0, total];
  // How far the first entry's place is above the list's top edge.
  const from = list.getBoundingClientRect().top - top.getBoundingClientRect().top;
  const a = Math.min(total, Math.max(0, Math.floor(from / h) - OVERSCAN));
  const b = Math.min(total, Math.max(0, Math.ceil((from + list.clientHeight) / h) + OVERSCAN));
  return [a, Math.max(a, b)];
}

/**
 * @typedef {HTMLElement & { __s?: number }} TimeText
 * @typedef {HTMLProgressElement & { __step?: number }} WindowBar
 */

/**
 * Brings every countdown under `root` to page time `now`.
 * @param {HTMLElement} root the list element
 * @param {number} now page time, epoch ms
 * @param {string[]} labels `m:ss` for every whole second of the window, index = seconds left
 */
export function tickCountdowns(root, now, labels) {
  root.querySelectorAll(":scope > li[data-state=live]").forEach((li) => update(li, now, labels));
}

/**
 * @param {Element} li one row
 * @param {number} now
 * @param {string[]} labels
 */
function update(li, now, labels) {
  /** @type {TimeText | null} */
  const time = li.querySelector(".cdt-time");
  if (time && time.firstChild instanceof Text) {
    const s = Math.ceil(Math.max(0, Number(time.getAttribute("data-deadline")) - now) / 1000);
    if (time.__s !== s) {
      time.__s = s;
      time.firstChild.data = labels[Math.min(s, labels.length - 1)];
    }
  }
  /** @type {WindowBar | null} */
  const bar = li.querySelector(".cdt-window");
  if (bar) {
    const left = Math.max(0, Number(bar.getAttribute("data-deadline")) - now);
    const step = Math.floor((left * 200) / bar.max);
    if (bar.__step !== step) {
      bar.__step = step;
      bar.value = left;
    }
  }
}

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
