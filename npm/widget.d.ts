// Types of the widget package's main module (shipped as its `cloudinary_delete_token.d.ts`):
// everything the module exports, plus the `<cloudinary-undo>` custom element as the DOM sees it
// (`document.querySelector("cloudinary-undo")` is a `CloudinaryUndoElement`) and its events.
// React's JSX typings for the element are in `react.d.ts` (`cloudinary-delete-token-widget/react`).
export * from "./module.js";
export { default } from "./module.js";

import type { DeleteTokenClient, SignDestroy, WidgetStrings } from "./module.js";

/**
 * Defines the `<cloudinary-undo>` custom element once the wasm is ready: initialises the module
 * if `init()` was not called (so it is safe before `init()`), and does nothing if the element
 * is already defined. Where there is no `customElements` (server rendering, Node) it defines
 * nothing and resolves, so it can be called from code that also runs on a server.
 *
 * ```js
 * await defineCustomElement();
 * document.body.append(Object.assign(document.createElement("cloudinary-undo"), { cloudName: "demo", uploadPreset: "undoable" }));
 * ```
 */
export function defineCustomElement(): Promise<void>;

/** The `detail` of the element's upload events: the asset's public id. */
export interface CloudinaryUndoDetail {
    publicId: string;
}

/** The `detail` of `cloudinary-undo:error`: the error's `name` (`ConfigError`...) and message. */
export interface CloudinaryUndoErrorDetail {
    name: string;
    message: string;
}

/**
 * The events `<cloudinary-undo>` dispatches on itself. All bubble and are composed, so an
 * ancestor, `document` or `window` can listen too.
 */
export interface CloudinaryUndoEventMap {
    /** An upload was recorded: it can be undone until its window closes. */
    "cloudinary-undo:recorded": CustomEvent<CloudinaryUndoDetail>;
    /** An upload was deleted (undone). */
    "cloudinary-undo:deleted": CustomEvent<CloudinaryUndoDetail>;
    /** An upload's window closed before it was undone: it stays. */
    "cloudinary-undo:expired": CustomEvent<CloudinaryUndoDetail>;
    /** An upload's delete failed. */
    "cloudinary-undo:failed": CustomEvent<CloudinaryUndoDetail>;
    /**
     * An attribute or property held an invalid value (or a required one is missing): the element
     * reports it here and in the console, and keeps working with what it had.
     */
    "cloudinary-undo:error": CustomEvent<CloudinaryUndoErrorDetail>;
}

/**
 * `<cloudinary-undo cloud-name upload-preset api-host locale storage accept max-file-size>`.
 * Each attribute is mirrored by a camelCase property: reading gives the attribute's text (or
 * `undefined` without it); writing sets the attribute to the value as a string, and `null` or
 * `undefined` removes it. Changes apply at once; `locale`, `accept` and `maxFileSize` keep the
 * client, its entries and the uploads in flight.
 */
export interface CloudinaryUndoElement extends HTMLElement {
    /** The cloud's name (`cloud-name`, required). */
    get cloudName(): string | undefined;
    set cloudName(value: string | null | undefined);
    /** An unsigned upload preset with "Return delete token" on (`upload-preset`, required). */
    get uploadPreset(): string | undefined;
    set uploadPreset(value: string | null | undefined);
    /** Another API origin, as a local emulator's (`api-host`). */
    get apiHost(): string | undefined;
    set apiHost(value: string | null | undefined);
    /** A BCP 47 language tag (`locale`, default `"en"`). */
    get locale(): string | undefined;
    set locale(value: string | null | undefined);
    /**
     * Where tokens are kept besides memory (`storage`, default `"session"`). Reads back the
     * attribute as written, which an invalid value set in HTML can make any string.
     */
    get storage(): string | undefined;
    set storage(value: "session" | "local" | "memory" | null | undefined);
    /** As `<input accept>`: `"image/*,.pdf"` (`accept`). */
    get accept(): string | undefined;
    set accept(value: string | null | undefined);
    /** The largest file accepted, in bytes (`max-file-size`); reads back as the attribute's text. */
    get maxFileSize(): string | undefined;
    set maxFileSize(value: number | string | null | undefined);
    /** The page's own messages over the built-in ones (a property only, applied at once). */
    get strings(): WidgetStrings | undefined;
    set strings(value: WidgetStrings | null | undefined);
    /** The page's signer, for deletes after the window (a property only): rows then offer "Delete". */
    get signDestroy(): SignDestroy | undefined;
    set signDestroy(value: SignDestroy | null | undefined);
    /** The widget's client, to `record()` uploads made elsewhere; `undefined` while not mounted. */
    readonly client: DeleteTokenClient | undefined;

    addEventListener<K extends keyof CloudinaryUndoEventMap>(
        type: K,
        listener: (this: CloudinaryUndoElement, ev: CloudinaryUndoEventMap[K]) => any,
        options?: boolean | AddEventListenerOptions,
    ): void;
    addEventListener<K extends keyof HTMLElementEventMap>(
        type: K,
        listener: (this: CloudinaryUndoElement, ev: HTMLElementEventMap[K]) => any,
        options?: boolean | AddEventListenerOptions,
    ): void;
    addEventListener(
        type: string,
        listener: EventListenerOrEventListenerObject,
        options?: boolean | AddEventListenerOptions,
    ): void;
    removeEventListener<K extends keyof CloudinaryUndoEventMap>(
        type: K,
        listener: (this: CloudinaryUndoElement, ev: CloudinaryUndoEventMap[K]) => any,
        options?: boolean | EventListenerOptions,
    ): void;
    removeEventListener<K extends keyof HTMLElementEventMap>(
        type: K,
        listener: (this: CloudinaryUndoElement, ev: HTMLElementEventMap[K]) => any,
        options?: boolean | EventListenerOptions,
    ): void;
    removeEventListener(
        type: string,
        listener: EventListenerOrEventListenerObject,
        options?: boolean | EventListenerOptions,
    ): void;
}

declare global {
    interface HTMLElementTagNameMap {
        "cloudinary-undo": CloudinaryUndoElement;
    }
    // The events bubble and are composed, so every element, `document` and `window` (whose
    // event maps extend this one) can listen for them with a typed `detail`.
    interface GlobalEventHandlersEventMap extends CloudinaryUndoEventMap {}
}
