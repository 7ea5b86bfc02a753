// Compiled by types.test.mjs with `tsc --strict --noEmit` against Uppy's own types (@uppy/core 6):
// `cloudinary-delete-token/uppy` as a page uses it, and misuse refused.
import Uppy from "@uppy/core";
import type { DeleteTokenClient, LedgerEntry } from "../../../pkg/cloudinary_delete_token.js";
import { CloudinaryUndo, timeLeftLabel, type CloudinaryUndoBody } from "../../../pkg/uppy.js";

export function uppyUsage(client: DeleteTokenClient): void {
  const uppy = new Uppy<{ upload_preset: string }, CloudinaryUndoBody>({ meta: { upload_preset: "undoable" } });
  uppy.use(CloudinaryUndo, { client });
  uppy.use(CloudinaryUndo, { client, id: "records", upload: false });
  uppy.use(CloudinaryUndo, { client, uploadOptions: { folder: "inbox" }, label: (entry: LedgerEntry) => timeLeftLabel(entry) });
  uppy.on("upload-success", (_file, response) => {
    const id: string | undefined = response.body?.public_id;
    void id;
  });
  // @ts-expect-error the client is required
  uppy.use(CloudinaryUndo, {});
  // @ts-expect-error progress and abort come from Uppy, not the options
  uppy.use(CloudinaryUndo, { client, uploadOptions: { signal: new AbortController().signal } });
  // @ts-expect-error `upload` is a boolean
  uppy.use(CloudinaryUndo, { client, upload: "no" });
}
