// Compiled by types.test.mjs with `tsc --strict --noEmit`: the published types must accept real
// usage and refuse misuse (each `@ts-expect-error` fails the build if the line compiles).
import init, {
  DeleteTokenClient,
  type ClientEvent,
  type DeleteOutcome,
  type DeleteTokenErrorName,
  type LedgerEntry,
  type ParamsToSign,
  type SignedDestroy,
} from "../../../pkg/cloudinary_delete_token.js";

export async function usage(file: File): Promise<void> {
  await init();
  const client = new DeleteTokenClient({ cloudName: "demo", uploadPreset: "undoable", storage: "local" });
  const entry: LedgerEntry = await client.upload(file, { onProgress: (loaded, total) => void (loaded / total) });
  await client.upload(file);
  const state: "live" | "deleting" | "deleted" | "expired" | "failed" = entry.state;
  client.record({ event: "success", info: { public_id: "x", delete_token: "t" } });
  const outcomes: DeleteOutcome[] = await client.deleteAll();
  const unsubscribe: () => void = client.subscribe((e: ClientEvent) => {
    if (e.type === "failed") {
      const name: DeleteTokenErrorName = e.error.name;
      void name;
    } else if (e.type === "progress") {
      void (e.done / e.total);
    } else if (e.type === "warning") {
      void e.message.length;
    } else if (e.type === "changed") {
      // Another tab or another client on this page changed it.
      const id: string = e.publicId;
      void id;
    } else {
      void e.publicId.length;
    }
  });
  unsubscribe();
  void [state, outcomes, client.entries()[0]?.remainingMs];

  // A signer: the page's server signs; the browser only passes the answer on.
  const signing = new DeleteTokenClient({
    cloudName: "demo",
    signDestroy: async (params: ParamsToSign): Promise<SignedDestroy> => {
      const reply = await fetch("/sign", { method: "POST", body: JSON.stringify(params) });
      return reply.json();
    },
    invalidate: false,
    retentionMs: 3_600_000,
  });
  const via: "token" | "signed" | undefined = signing.entries()[0]?.deleteVia;
  void via;
  // @ts-expect-error: a signer answers a signature, not a secret
  new DeleteTokenClient({ cloudName: "demo", signDestroy: () => ({ apiSecret: "s" }) });

  // @ts-expect-error: secrets are not options
  new DeleteTokenClient({ cloudName: "demo", apiSecret: "s" });
  // @ts-expect-error: cloudName is required
  new DeleteTokenClient({ uploadPreset: "p" });
  // @ts-expect-error: storage is one of three words
  new DeleteTokenClient({ cloudName: "demo", storage: "cookies" });
  // @ts-expect-error: a public id is a string
  await client.delete(42);
  // @ts-expect-error: not an error name
  const bad: DeleteTokenErrorName = "OopsError";
  void bad;
}
