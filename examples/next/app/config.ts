// Where the example's Cloudinary settings come from: the server's environment, read for each
// request (as a deployed app reads its own), so one build runs against any cloud or the local
// emulator. `next build` inlines only NEXT_PUBLIC_* variables, and at build time.
import { connection } from "next/server";

export interface CloudinaryConfig {
  cloudName: string;
  /** An unsigned preset with "Return delete token" on. */
  uploadPreset: string;
  /** Set only to reach another API origin, as the local emulator's. */
  apiHost?: string;
}

export async function cloudinaryConfig(): Promise<CloudinaryConfig> {
  // Marks the caller dynamic: without it, cacheComponents would prerender the values the build
  // machine had into the static shell.
  await connection();
  return {
    cloudName: process.env.CLOUDINARY_CLOUD_NAME ?? "demo",
    uploadPreset: process.env.CLOUDINARY_UPLOAD_PRESET ?? "undoable",
    apiHost: process.env.CLOUDINARY_API_HOST || undefined,
  };
}
