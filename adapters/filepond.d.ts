// Types of `cloudinary-delete-token/filepond`. FilePond's own types (`filepond` 4) are used for
// the shapes FilePond calls and reads; FilePond itself is not needed at runtime.
import type {
  FilePond,
  FilePondInitialFile,
  ProcessServerConfigFunction,
  RestoreServerConfigFunction,
  RevertServerConfigFunction,
} from "filepond";
import type { DeleteTokenClient, LedgerEntry, UploadOptions } from "./cloudinary_delete_token.js";

/** Options of `filepondServer`. */
export interface FilePondServerOptions {
  /** Cloudinary's upload parameters for every file (folder, tags, ...). */
  upload?: Omit<UploadOptions, "onProgress" | "signal">;
}

/** FilePond's `server` option, as `filepondServer` fills it. */
export interface FilePondServer {
  process: ProcessServerConfigFunction;
  revert: RevertServerConfigFunction;
  restore: RestoreServerConfigFunction;
}

/**
 * FilePond's `server`: `process` uploads through `client.upload` (progress, abort, chunks above
 * 20 MiB) and gives FilePond the public id; `revert` deletes through `client.delete`. Create the
 * pond with `forceRevert: true`, so a refused undo keeps the item.
 */
export function filepondServer(client: DeleteTokenClient, options?: FilePondServerOptions): FilePondServer;

/** The client's live uploads as FilePond `limbo` files, for FilePond's `files` option. */
export function filepondFiles(client: DeleteTokenClient): FilePondInitialFile[];

/** Chooses the line under an uploaded item; `null` leaves FilePond's own text. */
export type TimeLeftLabel = (entry: LedgerEntry | undefined, revertError: string | undefined) => string | null;

/** The default `TimeLeftLabel` (English): "9:41 left to undo", "Undo window closed", a revert's error. */
export const timeLeftLabel: TimeLeftLabel;

/**
 * Shows on each uploaded item the time left to undo, that the window closed, or why an undo
 * failed. Returns a function that stops it.
 */
export function filepondTimeLeft(
  pond: Pick<FilePond, "element" | "getFiles">,
  client: DeleteTokenClient,
  options?: { label?: TimeLeftLabel },
): () => void;
