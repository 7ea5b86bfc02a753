"use client";
// Defines <cloudinary-undo> in the browser, after hydration: the server HTML holds the element
// with its attributes only, and effects never run on the server. defineCustomElement() loads the
// wasm first; calling it again (Next runs this effect each time it shows the route again) does
// nothing.
import { useEffect } from "react";
import { defineCustomElement } from "cloudinary-delete-token-widget";

export function DefineWidget() {
  useEffect(() => {
    defineCustomElement().catch((error: unknown) => console.error(error));
  }, []);
  return null;
}
