// Compiled by types.test.mjs with `tsc --strict --noEmit` (widget.tsconfig.json, no React): the
// widget package's types as a page uses them, importing the package by name. The
// `<cloudinary-undo>` element is typed from querySelector/createElement, its properties and
// events too; each `@ts-expect-error` fails the build if its misuse compiles.
import init, {
  defineCustomElement,
  mountWidget,
  type CloudinaryUndoElement,
  type CloudinaryUndoEventMap,
  type DeleteTokenClient,
  type SignDestroy,
  type WidgetStrings,
} from "cloudinary-delete-token-widget";

export async function widgetUsage(signer: SignDestroy): Promise<void> {
  // Safe before init(), and awaitable (the generated glue's one returns void).
  const defined: Promise<void> = defineCustomElement();
  await defined;
  await init();

  const found = document.querySelector("cloudinary-undo");
  if (found) {
    const same: CloudinaryUndoElement = found;
    void same;
  }
  const el = document.createElement("cloudinary-undo");
  el.cloudName = "demo";
  el.uploadPreset = "undoable";
  el.apiHost = "http://127.0.0.1:8787";
  el.locale = "de";
  el.storage = "memory";
  el.accept = "image/*,.pdf";
  el.maxFileSize = 5_000_000;
  el.maxFileSize = "5000000";
  el.maxFileSize = undefined; // removes the attribute
  el.locale = null;
  const locale: string | undefined = el.locale;
  const size: string | undefined = el.maxFileSize;
  const storage: string | undefined = el.storage;
  void [locale, size, storage];

  const strings: WidgetStrings = { undo: "Rückgängig", dropHere: "Hier ablegen" };
  el.strings = strings;
  el.strings = { deleteAll: "Alle löschen" };
  const back: WidgetStrings | undefined = el.strings;
  el.signDestroy = signer;
  el.signDestroy = async (params) => {
    const reply = await fetch("/sign", { method: "POST", body: JSON.stringify(params) });
    return reply.json();
  };
  el.signDestroy = undefined;
  const sign: SignDestroy | undefined = el.signDestroy;
  void [back, sign];
  const client: DeleteTokenClient | undefined = el.client;
  client?.record({ event: "success", info: { public_id: "x", delete_token: "t" } });
  document.body.append(el);

  // The element's events, with typed detail and `this`.
  el.addEventListener("cloudinary-undo:recorded", function (e) {
    const id: string = e.detail.publicId;
    const self: CloudinaryUndoElement = this;
    void [id, self];
  });
  const onDeleted = (e: CustomEvent<{ publicId: string }>) => void e.detail.publicId.length;
  el.addEventListener("cloudinary-undo:deleted", onDeleted, { once: true });
  el.removeEventListener("cloudinary-undo:deleted", onDeleted);
  el.addEventListener("cloudinary-undo:expired", (e) => void e.detail.publicId);
  el.addEventListener("cloudinary-undo:failed", (e) => void e.detail.publicId);
  el.addEventListener("cloudinary-undo:error", (e) => {
    const what: string = `${e.detail.name}: ${e.detail.message}`;
    void what;
  });
  // Ordinary DOM events keep their types, and any other name still takes a listener.
  el.addEventListener("click", (e) => void e.clientX);
  el.addEventListener("something-else", (e: Event) => void e.type);
  const kinds: (keyof CloudinaryUndoEventMap)[] = ["cloudinary-undo:recorded", "cloudinary-undo:error"];
  void kinds;

  // They bubble and are composed: an ancestor, document and window hear them, typed.
  document.addEventListener("cloudinary-undo:recorded", (e) => void e.detail.publicId);
  window.addEventListener("cloudinary-undo:error", (e) => void e.detail.message);
  document.body.addEventListener("cloudinary-undo:deleted", (e) => void e.detail.publicId);

  // The widget without the element still types as before.
  const handle = mountWidget(document.createElement("div"), { cloudName: "demo", uploadPreset: "undoable" });
  handle.unmount();

  // @ts-expect-error: no such property
  el.cloudname = "demo";
  // @ts-expect-error: storage is one of three words
  el.storage = "cookies";
  // @ts-expect-error: a signer is a function, not a string
  el.signDestroy = "https://example.com/sign";
  // @ts-expect-error: strings takes known message keys only
  el.strings = { undoo: "Undo" };
  // @ts-expect-error: strings is an object of messages, not text
  el.strings = "Undo";
  // @ts-expect-error: the client is read-only
  el.client = undefined;
  // @ts-expect-error: maxFileSize takes a number or a string, not a boolean
  el.maxFileSize = true;
  // @ts-expect-error: reading an attribute mirror can give undefined
  const sure: string = document.createElement("cloudinary-undo").cloudName;
  void sure;
  el.addEventListener("cloudinary-undo:recorded", (e) => {
    // @ts-expect-error: the detail holds publicId, not id
    void e.detail.id;
  });
  el.addEventListener("cloudinary-undo:error", (e) => {
    // @ts-expect-error: the error's detail has no publicId
    void e.detail.publicId;
  });
  document.addEventListener("cloudinary-undo:deleted", (e) => {
    // @ts-expect-error: a publicId is a string
    const n: number = e.detail.publicId;
    void n;
  });
}
