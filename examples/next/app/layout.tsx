// The root layout: the page shell and the links between the example's two routes. System fonts
// only (no next/font/google, which fetches at build time), so the example builds offline.
import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: "Uploads you can undo: Next.js",
  description: "Cloudinary uploads with an undo, in a server-rendered Next.js app.",
};

export default function RootLayout({ children }: Readonly<{ children: ReactNode }>) {
  return (
    <html lang="en">
      <body>
        {/* Client-side navigation between these keeps the route left mounted, hidden. */}
        <nav>
          <Link href="/">The widget</Link>
          <Link href="/client">The npm module</Link>
        </nav>
        {children}
      </body>
    </html>
  );
}
