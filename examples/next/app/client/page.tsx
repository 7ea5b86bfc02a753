// `/client`: the lean npm module (`cloudinary-delete-token`) in a client component. This page is
// a Server Component only to hand it the settings from the server's environment; the component
// itself is rendered on the server too, so it loads the wasm only in an effect.
import { Suspense } from "react";
import { cloudinaryConfig } from "../config";
import { Uploads } from "./uploads";

export default function ClientPage() {
  return (
    <main>
      <h1>Uploads you can undo, with the npm module</h1>
      <Suspense fallback={<p>Loading the uploader…</p>}>
        <Configured />
      </Suspense>
    </main>
  );
}

async function Configured() {
  return <Uploads {...await cloudinaryConfig()} />;
}
