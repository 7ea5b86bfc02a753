// `/`: a Server Component that renders <cloudinary-undo> into the server HTML, as a plain element
// with attributes; the browser upgrades it once DefineWidget (a client component) defines it.
import type {} from "cloudinary-delete-token-widget/react"; // <cloudinary-undo> in JSX
import { Suspense } from "react";
import { cloudinaryConfig } from "./config";
import { DefineWidget } from "./define-widget";

export default function Home() {
  return (
    <main>
      <h1>Uploads you can undo</h1>
      <p>Upload a file, then undo it within ten minutes.</p>
      {/* The settings are read per request, so this part streams in after the static shell. */}
      <Suspense fallback={<p>Loading the uploader…</p>}>
        <Widget />
      </Suspense>
    </main>
  );
}

async function Widget() {
  const { cloudName, uploadPreset, apiHost } = await cloudinaryConfig();
  return (
    <>
      <cloudinary-undo cloud-name={cloudName} upload-preset={uploadPreset} api-host={apiHost} storage="memory" />
      <DefineWidget />
    </>
  );
}
