// Types of `cloudinary-delete-token/uppy`, for Uppy 5 and 6. Uppy's own types (`@uppy/core`) are
// used for the plugin's shape; Uppy itself is not needed at runtime.
import type { BasePlugin, Body, Meta, PluginOpts, Uppy } from "@uppy/core";
import type { DeleteTokenClient, LedgerEntry, UploadOptions } from "./cloudinary_delete_token.js";

/** Options of `uppy.use(CloudinaryUndo, options)`. */
export interface CloudinaryUndoOptions extends PluginOpts {
  /** The client that uploads, records and deletes. */
  client: DeleteTokenClient;
  /**
   * `true` (default): this plugin is Uppy's uploader (each file through `client.upload`).
   * `false`: another uploader (@uppy/xhr-upload to Cloudinary) uploads, and this plugin records
   * each `upload-success` body with `client.record`.
   */
  upload?: boolean;
  /** Cloudinary's upload parameters for every file (folder, tags, ...). */
  uploadOptions?: Omit<UploadOptions, "onProgress" | "signal">;
  /** The line beside an uploaded file in the Dashboard; `null` shows none. */
  label?: (entry: LedgerEntry) => string | null;
}

/** The `upload-success` body this plugin's own uploads report: the fields of Cloudinary's response the client hands out. */
export interface CloudinaryUndoBody extends Body {
  public_id: string;
  secure_url?: string;
  original_filename?: string;
}

/** The default line beside an uploaded file (English): "9:41 left to undo", "Undo window closed". */
export function timeLeftLabel(entry: LedgerEntry): string | null;

/**
 * Uppy's uploader for Cloudinary, with undo: `uppy.use(CloudinaryUndo, { client })`. A file
 * removed by the person (the Dashboard's remove button with `showRemoveButtonAfterComplete`,
 * `uppy.removeFile`) is deleted; `cancelAll()` and `destroy()` delete nothing.
 *
 * Typed as Uppy's `BasePlugin` so `uppy.use` takes it; at runtime it is a plain class with what
 * Uppy calls (`id`, `type`, `install`, `uninstall`, `update`, `setOptions`), not a subclass, and
 * has no `i18n` or plugin state.
 */
export class CloudinaryUndo<M extends Meta = Meta, B extends Body = CloudinaryUndoBody> extends BasePlugin<
  CloudinaryUndoOptions,
  M,
  B
> {
  constructor(uppy: Uppy<M, B>, opts: CloudinaryUndoOptions);
}
