"use client";
// An uploader over a `DeleteTokenClient`: pick a file, see its row count down, undo it. The
// wasm is loaded in an effect (never on the server), and the client lives outside React, so a
// route Next keeps mounted but hidden (its effects cleaned up, then run again) or remounts finds
// the same client with its entries.
import init, { DeleteTokenClient, type LedgerEntry } from "cloudinary-delete-token";
import { type ChangeEvent, useEffect, useState } from "react";
import type { CloudinaryConfig } from "../config";

let shared: Promise<DeleteTokenClient> | undefined;

/** The page's one client, made on first use in the browser. */
function sharedClient(config: CloudinaryConfig): Promise<DeleteTokenClient> {
  shared ??= init().then(() => new DeleteTokenClient({ ...config, storage: "session" }));
  return shared;
}

export function Uploads(config: CloudinaryConfig) {
  const [client, setClient] = useState<DeleteTokenClient>();
  const [entries, setEntries] = useState<LedgerEntry[]>([]);
  const [status, setStatus] = useState("");

  useEffect(() => {
    let active = true;
    let stop = () => {};
    sharedClient(config).then(
      (c) => {
        if (!active) return;
        const render = () => setEntries(c.entries().reverse());
        const unsubscribe = c.subscribe(render);
        // The countdown: remainingMs is computed when read.
        const timer = setInterval(render, 1000);
        stop = () => {
          unsubscribe();
          clearInterval(timer);
        };
        setClient(c);
        render();
      },
      (error: Error) => setStatus(error.message),
    );
    return () => {
      active = false;
      stop();
    };
    // The settings are the server's, the same for the page's whole life: one client.
  }, []);

  async function upload(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!client || !file) return;
    setStatus(`Uploading ${file.name}…`);
    try {
      await client.upload(file, {
        onProgress: (loaded, total) => setStatus(`Uploading ${file.name}: ${Math.round((100 * loaded) / total)}%`),
      });
      setStatus(`${file.name} uploaded.`);
    } catch (error) {
      setStatus((error as Error).message);
    }
    input.value = "";
  }

  function undo(publicId: string) {
    client?.delete(publicId).catch((error: Error) => setStatus(error.message));
  }

  return (
    <section>
      <label>
        Upload a file{" "}
        <input id="file" type="file" disabled={!client} onChange={upload} />
      </label>
      <p id="status" role="status">{status}</p>
      <ul id="entries">
        {entries.map((entry) => (
          <li key={entry.publicId} data-public-id={entry.publicId} data-state={entry.state}>
            {entry.originalFilename ?? entry.publicId}: {entry.state}
            {entry.state === "live" && (
              <>
                {` (${timeLeft(entry.remainingMs)} left) `}
                <button type="button" onClick={() => undo(entry.publicId)}>
                  Undo
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function timeLeft(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}
