// React 19 with the widget's custom element. React 19 passes a value to a custom element as a
// property when the element has one, so `locale={locale}` sets `el.locale`, which the element
// mirrors to its attribute and applies at once (keeping its uploads).
import { useEffect, useRef, useState } from "react";
import { createRoot } from "react-dom/client";
import { defineCustomElement } from "cloudinary-delete-token-widget";

// Loads the wasm and then defines <cloudinary-undo>, which renders into its own shadow root with
// its own styles; until then the element is empty, so nothing is offered before it can act.
defineCustomElement();

const q = new URLSearchParams(location.search);
const KINDS = ["recorded", "deleted", "expired", "failed"];

function App() {
  const [locale, setLocale] = useState("en");
  const [log, setLog] = useState([]);
  const widget = useRef(null);
  // The element's DOM events, as any framework listens to them.
  useEffect(() => {
    const el = widget.current;
    const onEvent = (e) => setLog((lines) => [...lines, `${e.type.replace("cloudinary-undo:", "")} ${e.detail.publicId}`]);
    for (const kind of KINDS) el.addEventListener(`cloudinary-undo:${kind}`, onEvent);
    return () => { for (const kind of KINDS) el.removeEventListener(`cloudinary-undo:${kind}`, onEvent); };
  }, []);
  return (
    <main>
      <h1>Uploads you can undo</h1>
      <label>
        Language{" "}
        <select id="locale" value={locale} onChange={(e) => setLocale(e.target.value)}>
          <option value="en">English</option>
          <option value="de">Deutsch</option>
          <option value="fr">Français</option>
          <option value="es">Español</option>
          <option value="ja">日本語</option>
        </select>
      </label>
      <cloudinary-undo
        ref={widget}
        cloud-name={q.get("cloud") ?? "demo"}
        upload-preset={q.get("preset") ?? "undoable"}
        api-host={q.get("api") ?? undefined}
        storage="memory"
        locale={locale}
      />
      <ul id="log">{log.map((line, i) => <li key={i}>{line}</li>)}</ul>
    </main>
  );
}

createRoot(document.getElementById("root")).render(<App />);
