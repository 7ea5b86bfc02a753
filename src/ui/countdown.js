// The widget's countdown ticker: one call a second rewrites the time left of the rows, without a
// yew re-render. The list is windowed (list.rs), so the rows in the DOM are the few near the
// viewport: each tick writes all of them, and in them only what changed: the m:ss text (in
// place, so yew keeps its node) and a bar when it moves by a step. A row's deadline never
// changes (its key includes it); a row rendered later starts with its true time.

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
