// Compiled by types.test.mjs with `tsc --strict --noEmit` against FilePond's own types:
// `cloudinary-delete-token/filepond` as a page uses it, and misuse refused.
import * as FilePond from "filepond";
import type { FilePondInitialFile } from "filepond";
import type { DeleteTokenClient } from "../../../pkg/cloudinary_delete_token.js";
import { filepondFiles, filepondServer, filepondTimeLeft, timeLeftLabel } from "../../../pkg/filepond.js";

export function filepondUsage(input: HTMLInputElement, client: DeleteTokenClient): void {
  const files: FilePondInitialFile[] = filepondFiles(client);
  const pond = FilePond.create(input, {
    server: filepondServer(client, { upload: { folder: "inbox", tags: ["a"] } }),
    files,
    forceRevert: true,
    labelFileProcessingError: (error) => String(error.body),
  });
  const stop: () => void = filepondTimeLeft(pond, client, {
    label: (entry, revertError) => revertError ?? (entry ? timeLeftLabel(entry, undefined) : null),
  });
  stop();
  filepondTimeLeft(pond, client)();
  // @ts-expect-error the client is required
  filepondServer();
  // @ts-expect-error progress and abort come from FilePond, not the options
  filepondServer(client, { upload: { onProgress: () => {} } });
  // @ts-expect-error a label answers a string or null
  filepondTimeLeft(pond, client, { label: () => 1 });
  // @ts-expect-error the pond comes first
  filepondTimeLeft(client, pond);
}
