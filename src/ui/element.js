// The `<cloudinary-undo>` custom element. It follows its attributes as frameworks expect: every
// attribute is observed, mirrored by a camelCase property (`el.locale = "de"`), and applied to
// the mounted widget at once; what only changes the widget's look or limits (locale, accept,
// max-file-size) keeps its client, its entries and its uploads in flight. An invalid value is
// reported in a `cloudinary-undo:error` event and the console, and the element keeps working.
// `strings` (the page's own messages) and `signDestroy` (the page's signer, for deletes after the
// window) are an object and a function, so they are properties only, not attributes.
//
// The widget renders into the element's open shadow root, styled by a constructable stylesheet
// that every element shares (no `<style>` or `<link>`, so a strict Content-Security-Policy
// allows it, and the page needs no stylesheet of its own). The element's light DOM stays as the
// page wrote it: a framework that server-renders `<cloudinary-undo>` and hydrates the page
// around it finds what it rendered, and the page's styles cannot reach in. Theming crosses the
// boundary as CSS custom properties do: `--cdt-*` set on the element or an ancestor.

/** The attributes, in the order the options are read. */
const ATTRIBUTES = ["cloud-name", "upload-preset", "api-host", "locale", "storage", "accept", "max-file-size"];

/** @param {string} attribute @returns {string} */
const camel = (attribute) => attribute.replace(/-(.)/g, (_, c) => c.toUpperCase());

/**
 * @typedef {{ unmount(): void, update(options: object): void, client(): unknown }} Mounted
 * @typedef {(host: HTMLElement, options: object) => Mounted} Mount
 */

/**
 * Defines the element `name` (once; later calls do nothing).
 * @param {string} name
 * @param {Mount} mount the widget build's `mountWidget`, which throws a typed error on bad options
 * @param {string} css the widget's stylesheet
 */
export function defineElement(name, mount, css) {
  if (customElements.get(name)) return;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  class CloudinaryUndo extends HTMLElement {
    static observedAttributes = ATTRIBUTES;
    /** @type {Mounted | undefined} */
    #mounted;
    /** @type {object | undefined} */
    #strings;
    /** @type {Function | undefined} */
    #signDestroy;
    /** @type {HTMLElement | undefined} what the widget renders into, in the shadow root */
    #box;

    connectedCallback() {
      // A property set before the element was defined is an own property shadowing ours:
      // pass its value through our setter.
      const self = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (this));
      for (const key of [...ATTRIBUTES.map(camel), "strings", "signDestroy"]) {
        if (!Object.hasOwn(this, key)) continue;
        const value = self[key];
        delete self[key];
        self[key] = value;
      }
      this.#apply();
    }

    disconnectedCallback() {
      // A move disconnects and reconnects the element in one go (a framework reordering nodes,
      // as Next.js does with the routes it keeps mounted): the widget, its client and its
      // entries stay through it. Only an element still out of the document a moment later is
      // unmounted.
      queueMicrotask(() => {
        if (this.isConnected) return;
        this.#mounted?.unmount();
        this.#mounted = undefined;
      });
    }

    attributeChangedCallback() {
      if (this.isConnected) this.#apply();
    }

    /** The element's client (`DeleteTokenClient`), to `record()` uploads made elsewhere. */
    get client() {
      return this.#mounted?.client();
    }

    /** The page's own messages (`WidgetStrings`), applied at once. */
    get strings() {
      return this.#strings;
    }

    set strings(value) {
      this.#strings = value ?? undefined;
      if (this.isConnected) this.#apply();
    }

    /** The page's signer (`SignDestroy`): rows past their window then offer "Delete". */
    get signDestroy() {
      return this.#signDestroy;
    }

    set signDestroy(value) {
      this.#signDestroy = value ?? undefined;
      if (this.isConnected) this.#apply();
    }

    #options() {
      /** @type {Record<string, unknown>} */
      const options = { strings: this.#strings, signDestroy: this.#signDestroy };
      for (const attribute of ATTRIBUTES) {
        const value = this.getAttribute(attribute);
        if (value === null) continue;
        options[camel(attribute)] = attribute === "max-file-size" ? Number(value) : value;
      }
      return options;
    }

    /** The shadow root's one element, made on first use (an upgrade may apply attributes
     * before it connects). A shadow root the server declared (`<template shadowrootmode>`) is
     * taken over. */
    #attach() {
      const root = this.shadowRoot ?? this.attachShadow({ mode: "open" });
      root.adoptedStyleSheets = [sheet];
      const box = document.createElement("div");
      root.replaceChildren(box);
      return box;
    }

    #apply() {
      const box = (this.#box ??= this.#attach());
      const options = this.#options();
      try {
        if (this.#mounted) this.#mounted.update(options);
        else {
          box.textContent = ""; // an earlier error message
          this.#mounted = mount(box, options);
        }
      } catch (error) {
        const e = /** @type {Error} */ (error);
        console.error(`<${name}>: ${e?.message}`);
        // Nothing mounted yet: say why in the element itself, not only in the console.
        if (!this.#mounted) box.textContent = `${name}: ${e?.message}`;
        this.dispatchEvent(new CustomEvent(`${name}:error`, {
          bubbles: true, composed: true, detail: { name: e?.name, message: e?.message },
        }));
      }
    }
  }
  for (const attribute of ATTRIBUTES) {
    Object.defineProperty(CloudinaryUndo.prototype, camel(attribute), {
      get() {
        return this.getAttribute(attribute) ?? undefined;
      },
      /** @param {unknown} value */
      set(value) {
        if (value === null || value === undefined) this.removeAttribute(attribute);
        else this.setAttribute(attribute, String(value));
      },
    });
  }
  customElements.define(name, CloudinaryUndo);
}
