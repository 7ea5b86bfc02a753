/** Options of `new DeleteTokenClient(options)`. API keys and secrets are refused. */
export interface ClientOptions {
  /** Your Cloudinary cloud name. */
  cloudName: string;
  /** An unsigned upload preset with "Return delete token" on; needed for `upload()`. */
  uploadPreset?: string;
  /** API origin; default `https://api.cloudinary.com`. Must be https, except on loopback. */
  apiHost?: string;
  /** How long Cloudinary honours a delete token, in ms (default 600000). */
  tokenLifetimeMs?: number;
  /** Deletes stop this long before the token's end, in ms (default 15000). */
  safetyMarginMs?: number;
  /**
   * Where entries persist: `"session"` (default; undo survives a reload in this tab),
   * `"local"` (opt-in; shared by every tab, tokens outlive the tab) or `"memory"`.
   */
  storage?: "session" | "local" | "memory";
  /** Files larger than this are uploaded in chunks (default 20 MiB). */
  chunkThresholdBytes?: number;
  /** Chunk size, at least 5 MiB (default 20 MiB). */
  chunkSizeBytes?: number;
  /**
   * Your server's signer, for deletes after the token window (or of uploads recorded without a
   * token): called with the parameters of a signed `destroy`, it adds its own `timestamp`,
   * signs them with the API secret (which never reaches the browser) and answers
   * `{ signature, apiKey, timestamp }`. With it, entries do not expire: when the window closes
   * their token is dropped and they stay deletable by signature for `retentionMs`.
   */
  signDestroy?: SignDestroy;
  /** Whether a signed destroy also invalidates CDN copies (default true). */
  invalidate?: boolean;
  /** How long entries stay deletable through `signDestroy`, in ms (default 86400000, a day). */
  retentionMs?: number;
}

/**
 * The parameters a signed `destroy` carries, for your server to sign: `public_id`,
 * `invalidate: "true"` (unless turned off) and `type` when not `upload`. Your server adds
 * `timestamp`, signs every one (sorted, `k=v` joined by `&`, then the secret; SHA-1), and should
 * sign only public ids this user may delete.
 */
export interface ParamsToSign {
  public_id: string;
  invalidate?: "true";
  type?: string;
}

/** What a signer answers: the signature of `paramsToSign` plus its `timestamp`. */
export interface SignedDestroy {
  /** SHA-1 (40) or SHA-256 (64) hex digits. */
  signature: string;
  /** The cloud's API key (public; the secret stays on the server). */
  apiKey: string;
  /** When the server signed, in Unix seconds, as a number. */
  timestamp: number;
}

/** A signer (`ClientOptions.signDestroy`), usually a `fetch` to your own server. */
export type SignDestroy = (paramsToSign: ParamsToSign) => Promise<SignedDestroy> | SignedDestroy;

/** Options of `upload(file, options)`. */
export interface UploadOptions {
  resourceType?: "image" | "video" | "raw" | "auto";
  /** Cloudinary's unsigned upload parameters (others are refused by Cloudinary, and here). */
  publicId?: string;
  folder?: string;
  assetFolder?: string;
  tags?: string | string[];
  context?: string;
  metadata?: string;
  publicIdPrefix?: string;
  filenameOverride?: string;
  onProgress?: (loaded: number, total: number) => void;
  signal?: AbortSignal;
}

/** The state of a tracked upload. */
export type EntryState = "live" | "deleting" | "deleted" | "expired" | "failed";

/** A tracked upload. */
export interface LedgerEntry {
  publicId: string;
  secureUrl?: string;
  originalFilename?: string;
  state: EntryState;
  /**
   * While live or deleting: how a delete goes, by `"token"` (within its window) or `"signed"`
   * (through `signDestroy`, after it).
   */
  deleteVia?: "token" | "signed";
  /** Last instant (epoch ms, page clock) a delete may be sent by token. */
  deadline: number;
  /** Milliseconds left to delete by token; 0 unless live or deleting, and past the window. */
  remainingMs: number;
  /** Why the last delete attempt failed. */
  error?: { name: DeleteTokenErrorName; message: string };
}

/**
 * An event passed to `subscribe` listeners. `restored`: read back from storage when the client
 * was made (after a reload). `changed`: another tab, or another client on this page over the same
 * storage, added this entry or changed where it stands (started or gave up a delete); a delete
 * made there arrives as `deleted`.
 */
export type ClientEvent =
  | {
      type:
        | "recorded"
        | "restored"
        | "changed"
        | "deleting"
        | "deleted"
        | "expired"
        | "windowClosed";
      publicId: string;
    }
  | { type: "failed"; publicId: string; error: DeleteTokenError }
  | { type: "progress"; done: number; total: number }
  | { type: "warning"; message: string };

/** One entry's result in `deleteAll()`. */
export interface DeleteOutcome {
  publicId: string;
  outcome: "deleted" | "expired" | "rejected" | "network" | "signer" | "skipped";
  error?: DeleteTokenError;
}

/** Every error this package throws or reports. */
export type DeleteTokenError = Error & { name: DeleteTokenErrorName; status?: number };

/** The `name` of every error this package throws. */
export type DeleteTokenErrorName =
  | "ConfigError"
  | "SecretInBrowserError"
  | "InvalidResponseError"
  | "NoDeleteTokenError"
  | "UnknownAssetError"
  | "TokenExpiredError"
  | "AlreadyDeletedError"
  | "DeleteInProgressError"
  | "RejectedError"
  | "UploadError"
  | "SignerError"
  | "NetworkError"
  | "AbortError";

/** The keys of the widget's messages (`WidgetOptions.strings`). */
export type WidgetText =
  | "region"
  | "dropHere"
  | "choose"
  | "pasteHint"
  | "uploading"
  | "cancel"
  | "retry"
  | "dismiss"
  | "uploadFailed"
  | "cancelled"
  | "tooLarge"
  | "wrongType"
  | "noToken"
  | "timeLeft"
  | "windowBar"
  | "undo"
  | "undoLabel"
  | "deleting"
  | "deleted"
  | "expired"
  | "failed"
  | "cdnNote"
  | "deleteAll"
  | "confirmAllOne"
  | "confirmAll"
  | "confirmYes"
  | "confirmNo"
  | "empty"
  | "deleteSigned"
  | "deleteSignedLabel"
  | "permanent"
  | "saidRecordedSigned"
  | "saidRecorded"
  | "saidMinute"
  | "saidDeleted"
  | "saidExpired"
  | "saidFailed"
  | "saidRestoredOne"
  | "saidRestored";

/** Messages for the widget, by key. */
export type WidgetStrings = Partial<Record<WidgetText, string>>;

/** Options of `mountWidget(element, options)` (widget build only). */
export interface WidgetOptions {
  cloudName: string;
  uploadPreset: string;
  apiHost?: string;
  /**
   * The language, a BCP 47 tag (default `"en"`): built-in messages for `"en"`, `"de"`, `"fr"`,
   * `"es"` and `"ja"` (with any region, `"fr-CA"`); for any other, supply `strings`. Plurals,
   * sizes and times follow it. A tag the browser does not accept throws `ConfigError`.
   */
  locale?: string;
  /**
   * Messages of your own over the built-in ones, for any language: those not given come from the
   * locale's table, or English. Placeholders in braces (`{name}`, `{time}`, `{count}`, `{size}`,
   * `{types}`, `{reason}`) are filled in; an unknown key throws `ConfigError`.
   */
  strings?: WidgetStrings;
  storage?: "session" | "local" | "memory";
  /** Largest file accepted, in bytes. */
  maxFileSize?: number;
  /** As `<input accept>`: `"image/*,.pdf"`. */
  accept?: string;
  /** As `ClientOptions.signDestroy`: rows past their window then offer "Delete". */
  signDestroy?: SignDestroy;
}
