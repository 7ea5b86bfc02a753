// FilePond 4 with the npm module's FilePond adapter: FilePond's UI, Cloudinary's upload through
// the client, the time left on each item, undo by FilePond's revert button.
import init, { DeleteTokenClient } from "cloudinary-delete-token";
import { filepondFiles, filepondServer, filepondTimeLeft } from "cloudinary-delete-token/filepond";
import * as FilePond from "filepond";
import "filepond/dist/filepond.min.css";

await init();
// Your cloud and an unsigned preset with "Return delete token" on. `?cloud=&preset=&api=`
// lets the same page run against the local emulator; `&signer=` names your server's signer
// (`cargo xtask demo` serves one at /demo/sign) so an undo still works after the window.
const q = new URLSearchParams(location.search);
const signer = q.get("signer");
const client = new DeleteTokenClient({
  cloudName: q.get("cloud") ?? "demo",
  uploadPreset: q.get("preset") ?? "undoable",
  apiHost: q.get("api") ?? undefined,
  signDestroy: signer
    ? async (params) => {
      const reply = await fetch(signer, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(params) });
      if (!reply.ok) throw new Error(`the signer answered ${reply.status}`);
      return reply.json();
    }
    : undefined,
});

const pond = FilePond.create(document.getElementById("files"), {
  server: filepondServer(client),
  // After a reload: the uploads that can still be undone, each with its revert button.
  files: filepondFiles(client),
  // Without it, FilePond removes an item whose revert failed, as if it were deleted.
  forceRevert: true,
  // FilePond passes the text given to `error()` as `body`: Cloudinary's own message.
  labelFileProcessingError: (error) => error.body,
  credits: false,
});
filepondTimeLeft(pond, client);
// Ready: the page's input was disabled until now, and FilePond took that over.
pond.setOptions({ disabled: false });

// For the end-to-end tests.
Object.assign(window, { pond, client });
