// The plain-JS integration: no bundler, no framework. The client never sees an API secret.
import init, { DeleteTokenClient } from "cloudinary-delete-token";

await init();

const q = new URLSearchParams(location.search);
const cloudName = q.get("cloud") ?? "demo";
const uploadPreset = q.get("preset") ?? "undoable";
const apiHost = q.get("api") ?? "https://api.cloudinary.com";
// "session" (default) keeps undo across a reload of this tab; "local" shares it with other tabs.
const storage = q.get("storage") ?? "session";
// With a signer (your server; `cargo xtask demo` serves one at /demo/sign), an upload can still be
// deleted after its window: the server signs a `destroy`, and the API secret stays there.
const signer = q.get("signer");
const signDestroy = signer && (async (params) => {
  const reply = await fetch(signer, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(params) });
  if (!reply.ok) throw new Error(`the signer answered ${reply.status}`);
  return reply.json();
});
const client = new DeleteTokenClient({ cloudName, uploadPreset, apiHost, storage, ...(signDestroy && { signDestroy }) });
window.deleteTokenClient = client; // try it in the console: deleteTokenClient.entries()

const $ = (id) => document.getElementById(id);
const say = (text) => { $("status").textContent = text; };

// Any upload code works: here a bare fetch, as many pages already have.
async function uploadWithFetch(file) {
  const form = new FormData();
  form.append("upload_preset", uploadPreset);
  form.append("file", file);
  const reply = await fetch(`${apiHost}/v1_1/${cloudName}/auto/upload`, { method: "POST", body: form });
  return reply.json();
}

$("file").addEventListener("change", async (e) => {
  const file = e.target.files[0];
  if (!file) return;
  try {
    const entry = client.record(await uploadWithFetch(file));
    say(`Uploaded ${entry.publicId}`);
  } catch (err) {
    say(`${err.name}: ${err.message}`);
  }
  e.target.value = "";
});

// The Upload Widget calls back with { event: "success", info: <upload response> }. The widget
// script cannot load offline, so this uploads a generated image and hands record() that shape.
$("widget").addEventListener("click", async () => {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 8;
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
  const info = await uploadWithFetch(new File([blob], "from-widget.png", { type: "image/png" }));
  try {
    client.record({ event: "success", info });
    say(`Recorded widget upload ${info.public_id}`);
  } catch (err) {
    say(`${err.name}: ${err.message}`);
  }
});

$("delete-all").addEventListener("click", async () => {
  const outcomes = await client.deleteAll(); // 6 at a time; never rejects
  const deleted = outcomes.filter((o) => o.outcome === "deleted").length;
  say(`Deleted ${deleted} of ${outcomes.length}`);
});

// Ready: offer the controls only now that they act.
for (const id of ["file", "widget", "delete-all"]) $(id).disabled = false;

function render() {
  const list = $("entries");
  list.replaceChildren(...client.entries().reverse().map((entry) => {
    const li = document.createElement("li");
    li.dataset.publicId = entry.publicId;
    li.dataset.state = entry.state;
    const s = Math.ceil(entry.remainingMs / 1000);
    const signed = entry.deleteVia === "signed";
    const left = entry.state !== "live" ? "" : signed ? " (deleting it now is permanent)" : ` (${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")} left)`;
    // textContent, never innerHTML: names and messages come from the network.
    li.textContent = `${entry.originalFilename ?? entry.publicId}: ${entry.state}${left} `;
    if (entry.state === "live") {
      const undo = document.createElement("button");
      undo.type = "button";
      undo.textContent = signed ? "Delete" : "Undo";
      undo.addEventListener("click", () => client.delete(entry.publicId).catch((err) => say(`${err.name}: ${err.message}`)));
      li.append(undo);
    }
    return li;
  }));
}

client.subscribe((event) => {
  if (event.type === "warning") say(`Warning: ${event.message}`);
  if (event.type === "failed") say(`${event.error.name}: ${event.error.message}`);
  render();
});
setInterval(render, 1000);
render();
