// The widget's countdown ticker: one call a second rewrites the time left of the rows that need
// it, without a yew re-render. Rows in view are written every tick (an IntersectionObserver keeps
// that set, and brings a row up to date as it scrolls in), the others in slices; and in them only
// what changed: the m:ss text (in place, so yew keeps its node) and a bar when it moves by a
// step. A row's deadline never changes (its key includes it).

/**
 * @typedef {HTMLElement & { __rows?: Set<Element> & { all?: boolean }, __now?: number,
 *   __labels?: string[], __sweep?: number }} ListRoot
 * @typedef {HTMLElement & { __s?: number }} TimeText
 * @typedef {HTMLProgressElement & { __step?: number }} WindowBar
 */

/**
 * Brings every countdown under `root` to page time `now`.
 * @param {ListRoot} root the list element
 * @param {number} now page time, epoch ms
 * @param {string[]} labels `m:ss` for every whole second of the window, index = seconds left
 */
export function tickCountdowns(root, now, labels) {
  let rows = root.__rows;
  if (!rows) {
    /** @type {Set<Element> & { all?: boolean }} */
    const set = new Set();
    rows = root.__rows = set;
    if (typeof IntersectionObserver === "function") {
      const io = new IntersectionObserver((records) => {
        for (const r of records) {
          if (r.isIntersecting) {
            set.add(r.target);
            update(r.target, root.__now ?? now, root.__labels ?? labels);
          } else set.delete(r.target);
        }
      });
      /** @param {Node} li */
      const watch = (li) => {
        if (li instanceof Element && li.nodeName === "LI") io.observe(li);
      };
      root.querySelectorAll("li").forEach(watch);
      new MutationObserver((records) => {
        for (const r of records) {
          r.addedNodes.forEach(watch);
          r.removedNodes.forEach((li) => {
            if (li instanceof Element && li.nodeName === "LI") {
              io.unobserve(li);
              set.delete(li);
            }
          });
        }
      }).observe(root, { childList: true });
    } else {
      set.all = true;
    }
  }
  root.__now = now;
  root.__labels = labels;
  if (rows.all) {
    root.querySelectorAll("li").forEach((li) => update(li, now, labels));
    return;
  }
  rows.forEach((li) => update(li, now, labels));
  // Rows out of view are refreshed too, a slice per tick (all of them in lists of up to 20), so
  // a screen reader reading one off screen finds its time at most a few seconds old.
  const all = root.children;
  let at = root.__sweep ?? 0;
  for (let k = Math.min(20, all.length); k > 0; k--) {
    if (at >= all.length) at = 0;
    update(all[at++], now, labels);
  }
  root.__sweep = at;
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
