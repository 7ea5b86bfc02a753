// React 19 JSX typings for `<cloudinary-undo>` (types only: this subpath has no JavaScript).
// Enable them once in a project, in any .ts/.tsx file it compiles:
//
//     import type {} from "cloudinary-delete-token-widget/react";
//
// (or `/// <reference types="cloudinary-delete-token-widget/react" />`). Then
// `<cloudinary-undo cloud-name="demo" upload-preset="undoable" ref={ref} strings={...} />`
// type-checks, with `ref` a `CloudinaryUndoElement`.
//
// What React 19 does with the props (react-dom 19.3's `setPropOnCustomElement`):
// - a prop whose name is a property of the element is set as that property, any other is set as
//   an attribute. The kebab-case attributes below always reach the element; `strings` and
//   `signDestroy` (an object and a function) only once the element is defined, so await
//   `defineCustomElement()` before the first render that passes them.
// - a function prop named `on` + a name React does not know is added with
//   `addEventListener(name)`, the name kept exactly, so `"oncloudinary-undo:recorded"` listens for
//   `cloudinary-undo:recorded`. In JSX that name holds a colon, a namespaced attribute that
//   Babel and SWC refuse by default, so pass these props by spread:
//   `{...{ "oncloudinary-undo:recorded": (e) => e.detail.publicId }}`.
// - when React hydrates server-rendered markup (Next.js) it sets no property and adds no listener
//   on a custom element, and a later render applies only the props that changed. In such pages
//   set `strings` and `signDestroy`, and add listeners (typed), from `ref` in an effect.
import type { DetailedHTMLProps, HTMLAttributes } from "react";
import type {
    CloudinaryUndoElement,
    CloudinaryUndoEventMap,
    SignDestroy,
    WidgetStrings,
} from "./cloudinary_delete_token.js";

/** The element's event listeners as React 19 props: `on` + the event's exact name. */
export type CloudinaryUndoEventProps = {
    [K in keyof CloudinaryUndoEventMap as `on${K}`]?: (event: CloudinaryUndoEventMap[K]) => void;
};

/** The props of `<cloudinary-undo>` in JSX. */
export interface CloudinaryUndoProps
    extends DetailedHTMLProps<HTMLAttributes<CloudinaryUndoElement>, CloudinaryUndoElement>,
        CloudinaryUndoEventProps {
    /** The cloud's name (required). */
    "cloud-name"?: string;
    /** An unsigned upload preset with "Return delete token" on (required). */
    "upload-preset"?: string;
    /** Another API origin, as a local emulator's. */
    "api-host"?: string;
    /** A BCP 47 language tag (default `"en"`). */
    locale?: string;
    /** Where tokens are kept besides memory (default `"session"`). */
    storage?: "session" | "local" | "memory";
    /** As `<input accept>`: `"image/*,.pdf"`. */
    accept?: string;
    /** The largest file accepted, in bytes. */
    "max-file-size"?: number | string;
    /** The page's own messages over the built-in ones (set as a property). */
    strings?: WidgetStrings;
    /** The page's signer, for deletes after the window (set as a property). */
    signDestroy?: SignDestroy;
}

declare module "react" {
    namespace JSX {
        interface IntrinsicElements {
            "cloudinary-undo": CloudinaryUndoProps;
        }
    }
}
