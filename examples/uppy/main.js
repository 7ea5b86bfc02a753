// Uppy 6 with the npm module's Uppy plugin: the Dashboard's UI, Cloudinary's upload through the
// client, the time left on each file, and removing an uploaded file undoes it.
import init, { DeleteTokenClient } from "cloudinary-delete-token";
import { CloudinaryUndo } from "cloudinary-delete-token/uppy";
import Uppy from "@uppy/core";
import Dashboard from "@uppy/dashboard";
import XHRUpload from "@uppy/xhr-upload";
import "@uppy/core/css/style.min.css";
import "@uppy/dashboard/css/style.min.css";

await init();
// Your cloud and an unsigned preset with "Return delete token" on. `?cloud=&preset=&api=`
// lets the same page run against the local emulator; `&signer=` names your server's signer
// (`cargo xtask demo` serves one at /demo/sign); `&xhr` uploads with @uppy/xhr-upload instead.
const q = new URLSearchParams(location.search);
const cloud = q.get("cloud") ?? "demo";
const preset = q.get("preset") ?? "undoable";
const api = q.get("api") ?? "https://api.cloudinary.com";
const signer = q.get("signer");
const client = new DeleteTokenClient({
  cloudName: cloud,
  uploadPreset: preset,
  apiHost: q.get("api") ?? undefined,
  signDestroy: signer
    ? async (params) => {
      const reply = await fetch(signer, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(params) });
      if (!reply.ok) throw new Error(`the signer answered ${reply.status}`);
      return reply.json();
    }
    : undefined,
});

const uppy = new Uppy({ meta: { upload_preset: preset } }).use(Dashboard, {
  inline: true,
  target: "#uppy",
  // Uploaded files keep their remove button: removing one deletes it from Cloudinary.
  showRemoveButtonAfterComplete: true,
  height: 420,
});

if (q.has("xhr")) {
  // Another uploader, recorded by the plugin. Only `upload_preset` goes with the file: Uppy's
  // default sends every meta field, and Cloudinary refuses the `type` one (the file's MIME type).
  uppy.use(XHRUpload, {
    endpoint: `${api}/v1_1/${cloud}/auto/upload`,
    fieldName: "file",
    allowedMetaFields: ["upload_preset"],
    // Cloudinary's refusals (4xx) are final; xhr-upload retries every failure unless told.
    shouldRetry: (xhr) => xhr.status === 0 || xhr.status >= 500,
    // Cloudinary's own message, which xhr-upload would replace with the status text.
    onAfterResponse: (xhr) => {
      if (xhr.status >= 400) throw new Error(JSON.parse(xhr.responseText).error?.message ?? xhr.statusText);
    },
  });
  uppy.use(CloudinaryUndo, { client, upload: false });
} else {
  uppy.use(CloudinaryUndo, { client });
}

// For the end-to-end tests.
Object.assign(window, { uppy, client });
