// Compiled by types.test.mjs with `tsc --strict --noEmit --jsx react-jsx` (react.tsconfig.json)
// against @types/react 19: a Next.js-like client page rendering `<cloudinary-undo>` with the
// package's React typings enabled as its README says, then misuse each `@ts-expect-error` refuses.
"use client";

import type {} from "cloudinary-delete-token-widget/react";
import {
  defineCustomElement,
  type CloudinaryUndoElement,
  type SignDestroy,
  type WidgetStrings,
} from "cloudinary-delete-token-widget";
import { useEffect, useRef, useState, type ReactElement } from "react";

const strings: WidgetStrings = { undo: "Rückgängig", deleteAll: "Alle löschen" };

const signDestroy: SignDestroy = async (params) => {
  const reply = await fetch("/api/sign", { method: "POST", body: JSON.stringify(params) });
  return reply.json();
};

export default function UploadsPage(): ReactElement {
  const ref = useRef<CloudinaryUndoElement>(null);
  const [defined, setDefined] = useState(false);
  const [log, setLog] = useState<string[]>([]);
  const [locale, setLocale] = useState("de");

  // The element is rendered once defined, on the client: React then sets `strings` and
  // `signDestroy` as properties and adds the `on…` listeners (hydration would do neither).
  useEffect(() => {
    void defineCustomElement().then(() => setDefined(true));
  }, []);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    // The element's typed properties and events, from the ref.
    el.maxFileSize = 10_000_000;
    const locale: string | undefined = el.locale;
    const onDeleted = (e: CustomEvent<{ publicId: string }>) => setLog((l) => [...l, `deleted ${e.detail.publicId}`]);
    el.addEventListener("cloudinary-undo:deleted", onDeleted);
    el.client?.subscribe(() => undefined);
    void locale;
    return () => el.removeEventListener("cloudinary-undo:deleted", onDeleted);
  }, [defined]);

  if (!defined) return <main />;
  return (
    <main>
      <button type="button" onClick={() => setLocale(locale === "de" ? "en" : "de")}>
        {locale}
      </button>
      <cloudinary-undo
        id="undo"
        className="uploads"
        style={{ display: "block" }}
        hidden={false}
        cloud-name="demo"
        upload-preset="undoable"
        api-host="http://127.0.0.1:8787"
        locale={locale}
        storage="memory"
        accept="image/*,.pdf"
        max-file-size={5_000_000}
        ref={ref}
        strings={strings}
        signDestroy={signDestroy}
        {...{
          "oncloudinary-undo:recorded": (e) => setLog((l) => [...l, `recorded ${e.detail.publicId}`]),
          "oncloudinary-undo:error": (e) => setLog((l) => [...l, e.detail.message]),
        }}
      />
      <cloudinary-undo cloud-name="demo" upload-preset="undoable" strings={{ undo: "Annuler" }} max-file-size="1000" />
      <cloudinary-undo
        cloud-name="demo"
        upload-preset="undoable"
        ref={(el) => {
          const same: CloudinaryUndoElement | null = el;
          void same;
        }}
      />
      <ul>{log.map((line, i) => <li key={i}>{line}</li>)}</ul>
    </main>
  );
}

export function Misuse(): ReactElement {
  const div = useRef<HTMLDivElement>(null);
  const ref = useRef<CloudinaryUndoElement>(null);
  // @ts-expect-error: the element's property is cloudName, not cloudname
  void ref.current?.cloudname;
  return (
    <>
      {/* @ts-expect-error: storage is one of three words */}
      <cloudinary-undo cloud-name="demo" upload-preset="undoable" storage="cookies" />
      {/* @ts-expect-error: an attribute's value is text */}
      <cloudinary-undo cloud-name={42} upload-preset="undoable" />
      {/* @ts-expect-error: max-file-size is a number or its text */}
      <cloudinary-undo cloud-name="demo" upload-preset="undoable" max-file-size={true} />
      {/* @ts-expect-error: strings takes known message keys only */}
      <cloudinary-undo cloud-name="demo" upload-preset="undoable" strings={{ undoo: "Undo" }} />
      {/* @ts-expect-error: signDestroy is a function, not a URL */}
      <cloudinary-undo cloud-name="demo" upload-preset="undoable" signDestroy="/api/sign" />
      {/* @ts-expect-error: the ref is the element's, not a div's */}
      <cloudinary-undo cloud-name="demo" upload-preset="undoable" ref={div} />
      {/* @ts-expect-error: the upload events' detail has publicId, not id */}
      <cloudinary-undo {...{ "oncloudinary-undo:deleted": (e: CustomEvent<{ id: string }>) => void e.detail.id }} />
      <cloudinary-undo
        cloud-name="demo"
        upload-preset="undoable"
        {...{
          // @ts-expect-error: the error event's detail has no publicId
          "oncloudinary-undo:error": (e) => void e.detail.publicId,
        }}
      />
      <div ref={div} />
    </>
  );
}
