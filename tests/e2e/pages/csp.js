// The widget npm build as any page uses it: define the custom element, then place it.
import init, { defineCustomElement } from "/pkg-widget/cloudinary_delete_token.js";

window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
window.widgetEvents = [];
for (const kind of ["recorded", "deleted", "expired", "failed"]) {
  document.addEventListener(`cloudinary-undo:${kind}`, (e) => window.widgetEvents.push([kind, e.detail.publicId]));
}

await init();
defineCustomElement();
const q = new URLSearchParams(location.search);
const el = document.createElement("cloudinary-undo");
el.setAttribute("cloud-name", q.get("cloud") ?? "demo");
el.setAttribute("upload-preset", q.get("preset") ?? "undoable");
if (q.get("api")) el.setAttribute("api-host", q.get("api"));
el.setAttribute("storage", "memory");
document.getElementById("host").append(el);
