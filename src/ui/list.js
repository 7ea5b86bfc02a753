// The widget's windowed list (see list.rs): sizes the two spacer rows that stand for the entry
// rows not in the DOM, and says which rows the list's viewport needs. Heights are set through
// the CSSOM, which a strict Content-Security-Policy allows (a style attribute it would not).

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
