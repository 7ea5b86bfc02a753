// Uppy 5 and 6 wired to a DeleteTokenClient: a plugin that uploads each file through the client
// (or only records another uploader's responses), deletes a file the person removes, never one
// removed by `cancelAll()` or `destroy()`, and shows the time left in the Dashboard.
// Imports nothing from Uppy: `uppy.use(CloudinaryUndo, opts)` needs only a class with `id`,
// `type`, `install`, `uninstall`, `update` and `setOptions`, which is what Uppy calls.

/** @typedef {import("./cloudinary_delete_token.js").DeleteTokenClient} DeleteTokenClient */
/** @typedef {import("./cloudinary_delete_token.js").LedgerEntry} LedgerEntry */
/** @typedef {import("./cloudinary_delete_token.js").UploadOptions} UploadOptions */
/**
 * The parts of an Uppy file this plugin reads.
 * @typedef {{ id: string, name?: string, data?: Blob, meta: { name?: string },
 *   progress?: { uploadComplete?: boolean }, response?: { body?: unknown } }} File
 */
/**
 * The parts of Uppy this plugin calls.
 * @typedef {{
 *   on(event: string, handler: (...args: any[]) => void): unknown,
 *   off(event: string, handler: (...args: any[]) => void): unknown,
 *   emit(event: string, ...args: any[]): void,
 *   getFile(id: string): File | undefined,
 *   getFiles(): File[],
 *   getState(): { files: Record<string, File> },
 *   addUploader(fn: (fileIDs: string[], uploadID: string) => Promise<void>): void,
 *   removeUploader(fn: (fileIDs: string[], uploadID: string) => Promise<void>): unknown,
 *   info(message: string, type?: "info" | "warning" | "success" | "error", duration?: number): void,
 * }} Uppy
 */
/**
 * @typedef {{ client: DeleteTokenClient, id?: string, upload?: boolean,
 *   uploadOptions?: Omit<UploadOptions, "onProgress" | "signal">,
 *   label?: (entry: LedgerEntry) => string | null }} Options
 */

/** @param {unknown} e */
const message = (e) => (e instanceof Error ? e.message : String(e));

/** The public id of a file's Cloudinary response (`upload-success` stores it on the file). */
/** @param {File | undefined} file */
function publicIdOf(file) {
  const body = /** @type {{ public_id?: unknown } | undefined} */ (file?.response?.body);
  return typeof body?.public_id === "string" ? body.public_id : undefined;
}

/**
 * The default line beside an uploaded file in the Dashboard (English).
 * @param {LedgerEntry} entry
 * @returns {string | null}
 */
export function timeLeftLabel(entry) {
  if (entry.state === "expired") return "Undo window closed";
  if (entry.state === "deleted") return "Deleted";
  if (entry.state === "live" && entry.deleteVia === "signed") return "Undo window closed: removing deletes it";
  if (entry.state !== "live") return null;
  const seconds = Math.ceil(entry.remainingMs / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")} left to undo`;
}

export class CloudinaryUndo {
  /**
   * @param {Uppy} uppy
   * @param {Options} opts
   */
  constructor(uppy, opts) {
    if (!opts || typeof opts.client?.delete !== "function") {
      throw new TypeError("CloudinaryUndo needs { client: DeleteTokenClient }");
    }
    this.uppy = uppy;
    /** @type {Options} */
    this.opts = { upload: true, ...opts };
    this.id = this.opts.id ?? "CloudinaryUndo";
    this.type = "uploader";
    /** Uploads in flight, by file id. @type {Map<string, AbortController>} */
    this.inFlight = new Map();
    /** Files `cancelAll()` (and so `destroy()`) is removing: never deleted. @type {Set<string>} */
    this.cancelling = new Set();
    /** Public ids already warned of their last minute. @type {Set<string>} */
    this.warned = new Set();
    /** @type {ReturnType<typeof setInterval> | undefined} */
    this.timer = undefined;
    /** @type {(() => void) | undefined} */
    this.unsubscribe = undefined;
    this.uploadFiles = this.uploadFiles.bind(this);
    this.onSuccess = this.onSuccess.bind(this);
    this.onCancelAll = this.onCancelAll.bind(this);
    this.onRemoved = this.onRemoved.bind(this);
    this.render = this.render.bind(this);
  }

  /** @param {Partial<Options>} opts */
  setOptions(opts) {
    this.opts = { ...this.opts, ...opts };
  }

  install() {
    if (this.opts.upload) this.uppy.addUploader(this.uploadFiles);
    else this.uppy.on("upload-success", this.onSuccess);
    this.uppy.on("cancel-all", this.onCancelAll);
    this.uppy.on("file-removed", this.onRemoved);
    this.unsubscribe = this.opts.client.subscribe(this.render);
    // The countdown is display only: the client decides the window and sends the events.
    this.timer = setInterval(this.render, 1000);
  }

  uninstall() {
    if (this.opts.upload) this.uppy.removeUploader(this.uploadFiles);
    else this.uppy.off("upload-success", this.onSuccess);
    this.uppy.off("cancel-all", this.onCancelAll);
    this.uppy.off("file-removed", this.onRemoved);
    this.unsubscribe?.();
    clearInterval(this.timer);
  }

  /** Uppy calls this on every state change; the Dashboard re-renders after it. */
  update() {}

  afterUpdate() {}

  /**
   * Uppy's uploader: each file through `client.upload`, reported with Uppy's events.
   * @param {string[]} fileIDs
   */
  async uploadFiles(fileIDs) {
    const files = fileIDs.map((id) => this.uppy.getFile(id)).filter((f) => f !== undefined);
    this.uppy.emit("upload-start", files);
    await Promise.all(files.map((file) => this.uploadOne(file)));
  }

  /** @param {File} file */
  async uploadOne(file) {
    const controller = new AbortController();
    this.inFlight.set(file.id, controller);
    const uploadStarted = Date.now();
    try {
      if (!file.data) throw new Error("CloudinaryUndo uploads local files only");
      const entry = await this.opts.client.upload(file.data, {
        ...this.opts.uploadOptions,
        signal: controller.signal,
        onProgress: (bytesUploaded, bytesTotal) => {
          const current = this.uppy.getFile(file.id);
          if (current) this.uppy.emit("upload-progress", current, { uploader: this, uploadStarted, bytesUploaded, bytesTotal });
        },
      });
      // The response's fields the client hands out (it keeps the delete token to itself).
      const body = { public_id: entry.publicId, secure_url: entry.secureUrl, original_filename: entry.originalFilename };
      const current = this.uppy.getFile(file.id);
      if (current) this.uppy.emit("upload-success", current, { status: 200, body, uploadURL: entry.secureUrl });
    } catch (e) {
      // Removed or cancelled: Uppy has already let the file go.
      if (!controller.signal.aborted) this.uppy.emit("upload-error", this.uppy.getFile(file.id), e instanceof Error ? e : new Error(message(e)));
    } finally {
      this.inFlight.delete(file.id);
    }
  }

  /**
   * `{ upload: false }`: another uploader's `upload-success`; its body is Cloudinary's response.
   * @param {File | undefined} file
   * @param {{ body?: unknown }} response
   */
  onSuccess(file, response) {
    try {
      this.opts.client.record(/** @type {object} */ (response.body));
    } catch (e) {
      this.uppy.info(`${file?.meta.name ?? ""}: ${message(e)}`, "error", 5000);
    }
  }

  // Uppy's `cancelAll()` (also run by `destroy()`, a framework's unmount) emits `cancel-all`
  // and then, synchronously, `file-removed` for every file; those are not the person removing
  // uploads, so they are skipped. `file-removed` has had no `reason` argument since Uppy 4.
  onCancelAll() {
    for (const id of Object.keys(this.uppy.getState().files)) this.cancelling.add(id);
    for (const controller of this.inFlight.values()) controller.abort();
    queueMicrotask(() => this.cancelling.clear());
  }

  /** @param {File} file */
  onRemoved(file) {
    this.inFlight.get(file.id)?.abort();
    if (this.cancelling.delete(file.id)) return;
    const publicId = publicIdOf(file);
    if (!publicId || !file.progress?.uploadComplete) return;
    this.opts.client.delete(publicId).catch((e) => {
      if (e instanceof Error && e.name === "AlreadyDeletedError") return;
      this.uppy.info(`${file.meta.name ?? publicId} was not deleted: ${message(e)}`, "error", 8000);
    });
  }

  /**
   * Writes each uploaded file's time left into its Dashboard item (`#uppy_<file id>`, whose
   * status line has no slot of its own for it), and says in `uppy.info` when one minute is left.
   */
  render() {
    const label = this.opts.label ?? timeLeftLabel;
    const entries = new Map(this.opts.client.entries().map((e) => [e.publicId, e]));
    for (const file of this.uppy.getFiles()) {
      const publicId = publicIdOf(file);
      const entry = publicId === undefined ? undefined : entries.get(publicId);
      if (!entry || !publicId) continue;
      if (entry.state === "live" && entry.deleteVia !== "signed" && entry.remainingMs <= 60_000 && !this.warned.has(publicId)) {
        this.warned.add(publicId);
        this.uppy.info(`${file.meta.name ?? publicId}: one minute left to undo`, "warning", 10_000);
      }
      const status = document.getElementById(`uppy_${file.id}`)?.querySelector(".uppy-Dashboard-Item-status");
      if (!status) continue;
      let span = status.querySelector(".cdt-uppy-time");
      if (!span) {
        span = document.createElement("span");
        span.className = "cdt-uppy-time";
        status.append(span);
      }
      const text = label(entry);
      // After the file's size, as the Dashboard separates its own parts of this line.
      const line = text === null ? "" : `\u00a0\u00b7\u00a0${text}`;
      if (span.textContent !== line) span.textContent = line;
    }
  }
}
