// The npm module as a Vite app uses it: Vite serves and bundles the wasm like any asset.
import init, { DeleteTokenClient } from "cloudinary-delete-token";

await init();
// Your cloud and an unsigned preset with "Return delete token" on. `?cloud=&preset=&api=`
// lets the same page run against the local emulator.
const q = new URLSearchParams(location.search);
const client = new DeleteTokenClient({
  cloudName: q.get("cloud") ?? "demo",
  uploadPreset: q.get("preset") ?? "undoable",
  apiHost: q.get("api") ?? undefined,
});

const list = document.getElementById("entries");
const status = document.getElementById("status");

function render() {
  list.replaceChildren(...client.entries().reverse().map((entry) => {
    const li = document.createElement("li");
    li.dataset.publicId = entry.publicId;
    li.dataset.state = entry.state;
    const seconds = Math.ceil(entry.remainingMs / 1000);
    li.textContent = `${entry.originalFilename ?? entry.publicId}: ${entry.state}` +
      (entry.state === "live" ? ` (${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")} left) ` : " ");
    if (entry.state === "live") {
      const undo = document.createElement("button");
      undo.type = "button";
      undo.textContent = "Undo";
      undo.addEventListener("click", () => client.delete(entry.publicId).catch((e) => { status.textContent = e.message; }));
      li.append(undo);
    }
    return li;
  }));
}

client.subscribe(render);
setInterval(render, 1000);
render();

document.getElementById("file").addEventListener("change", async (event) => {
  const [file] = event.target.files;
  if (!file) return;
  status.textContent = `Uploading ${file.name}…`;
  try {
    await client.upload(file, { onProgress: (loaded, total) => { status.textContent = `Uploading ${file.name}: ${Math.round((100 * loaded) / total)}%`; } });
    status.textContent = `${file.name} uploaded.`;
  } catch (e) {
    status.textContent = e.message;
  }
  event.target.value = "";
});

document.getElementById("delete-all").addEventListener("click", async () => {
  const outcomes = await client.deleteAll();
  status.textContent = `${outcomes.filter((o) => o.outcome === "deleted").length} deleted.`;
});

// Ready: offer the controls only now that they act.
for (const id of ["file", "delete-all"]) document.getElementById(id).disabled = false;
