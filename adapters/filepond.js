// FilePond 4 wired to a DeleteTokenClient: FilePond's `server` (process, revert, restore), the
// client's live uploads as FilePond "limbo" files, and the time left written on each item.
// Imports nothing from FilePond: a page passes its own pond in. What FilePond does with each call
// is stated where the code relies on it.

/** @typedef {import("./cloudinary_delete_token.js").DeleteTokenClient} DeleteTokenClient */
/** @typedef {import("./cloudinary_delete_token.js").LedgerEntry} LedgerEntry */
/** @typedef {import("./cloudinary_delete_token.js").UploadOptions} UploadOptions */

// FilePond's item statuses (its `FileStatus` enum; numbers, so no runtime import of FilePond).
const PROCESSING_COMPLETE = 5;
const PROCESSING_REVERT_ERROR = 10;

// Why the last revert of a public id failed, per client: FilePond fires its revert error without
// the text given to `error()`, so the label below shows it from here.
/** @type {WeakMap<object, Map<string, string>>} */
const revertErrors = new WeakMap();

/** @param {object} client */
function reasons(client) {
  let map = revertErrors.get(client);
  if (!map) revertErrors.set(client, (map = new Map()));
  return map;
}

/** @param {unknown} e */
const message = (e) => (e instanceof Error ? e.message : String(e));

/**
 * FilePond's `server` option: uploads through `client.upload`, undoes through `client.delete`.
 * @param {DeleteTokenClient} client
 * @param {{ upload?: Omit<UploadOptions, "onProgress" | "signal"> }} [options]
 */
export function filepondServer(client, options = {}) {
  return {
    /**
     * @param {string} _fieldName FilePond's `name` option; the client sets Cloudinary's own field.
     * @param {Blob} file
     * @param {unknown} _metadata
     * @param {(serverId: string) => void} load
     * @param {(text: string) => void} error
     * @param {(computable: boolean, loaded: number, total: number) => void} progress
     * @param {() => void} abort
     */
    process(_fieldName, file, _metadata, load, error, progress, abort) {
      const controller = new AbortController();
      client
        .upload(file, {
          ...options.upload,
          onProgress: (loaded, total) => progress(true, loaded, total),
          signal: controller.signal,
        })
        // A string: FilePond reads an object given to `load` as an HTTP response and would take
        // its `body` as the server id.
        .then((entry) => load(entry.publicId))
        .catch((e) => {
          // FilePond already shows the abort its own `abort()` reported.
          if (!controller.signal.aborted) error(message(e));
        });
      // FilePond keeps what `process` returns and calls its `abort` when the person cancels;
      // the item only turns "aborted" once FilePond's own `abort()` is called.
      return {
        abort() {
          controller.abort();
          abort();
        },
      };
    },
    /**
     * @param {string} publicId the server id `process` gave FilePond (or a limbo file's source)
     * @param {() => void} load
     * @param {(text: string) => void} error
     */
    revert(publicId, load, error) {
      client.delete(publicId).then(
        () => {
          reasons(client).delete(publicId);
          load();
        },
        (e) => {
          // Already deleted (by another tab, or an earlier undo): gone, as asked.
          if (e instanceof Error && e.name === "AlreadyDeletedError") return load();
          reasons(client).set(publicId, message(e));
          error(message(e));
        },
      );
    },
    /**
     * For limbo files listed without `options.file`: FilePond asks `restore` for the file;
     * an empty one named after the upload is all the item shows.
     * @param {string} publicId
     * @param {(file: File) => void} load
     * @param {(text: string) => void} error
     */
    restore(publicId, load, error) {
      const entry = client.entries().find((e) => e.publicId === publicId);
      if (entry) load(new File([], entry.originalFilename ?? publicId));
      else error(`${publicId} is not tracked`);
    },
  };
}

/**
 * The client's live uploads as FilePond's `files` option: limbo files, so after a reload each
 * upload that can still be undone is listed and its revert calls `server.revert(publicId)`.
 * `options.file` makes FilePond show the item as uploaded without asking `restore`.
 * @param {DeleteTokenClient} client
 */
export function filepondFiles(client) {
  return client
    .entries()
    .filter((e) => e.state === "live")
    .map((e) => ({
      source: e.publicId,
      options: {
        type: /** @type {"limbo"} */ ("limbo"),
        file: { name: e.originalFilename ?? e.publicId, size: 0, type: "" },
      },
    }));
}

/**
 * The default text under an uploaded item.
 * @param {LedgerEntry | undefined} entry
 * @param {string | undefined} revertError
 * @returns {string | null}
 */
export function timeLeftLabel(entry, revertError) {
  if (revertError !== undefined) return `${revertError} (tap to retry)`;
  if (!entry) return null;
  if (entry.state === "expired") return "Undo window closed";
  if (entry.state === "live" && entry.deleteVia === "signed") return "Undo window closed: removing deletes it";
  if (entry.state !== "live") return null;
  const seconds = Math.ceil(entry.remainingMs / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")} left to undo`;
}

/**
 * Writes the time left to undo (or that the window closed, or why a revert failed) on each
 * uploaded item, in FilePond's own sub-status line: on each of the client's events and once a
 * second (writing only text that changed).
 * FilePond has no per-item label option, and writes that line itself only when an item changes
 * status, so this line is overwritten only between those changes. Returns a function that stops.
 * @param {{ element: Element | null, getFiles(): Array<{ id: string, serverId: string | null, status: number }> }} pond
 * @param {DeleteTokenClient} client
 * @param {{ label?: (entry: LedgerEntry | undefined, revertError: string | undefined) => string | null }} [options]
 */
export function filepondTimeLeft(pond, client, options = {}) {
  const label = options.label ?? timeLeftLabel;
  const render = () => {
    const entries = new Map(client.entries().map((e) => [e.publicId, e]));
    for (const item of pond.getFiles()) {
      const failed = item.status === PROCESSING_REVERT_ERROR;
      if (!item.serverId || (!failed && item.status !== PROCESSING_COMPLETE)) continue;
      const text = label(entries.get(item.serverId), failed ? reasons(client).get(item.serverId) : undefined);
      // FilePond's item view: `#filepond--item-<id>` holding `.filepond--file-status-sub`.
      const sub = pond.element?.querySelector(`#filepond--item-${CSS.escape(item.id)} .filepond--file-status-sub`);
      if (text !== null && sub && sub.textContent !== text) sub.textContent = text;
    }
  };
  const unsubscribe = client.subscribe(render);
  // The countdown is display only: the client decides the window and sends the events.
  const timer = setInterval(render, 1000);
  render();
  return () => {
    clearInterval(timer);
    unsubscribe();
  };
}
