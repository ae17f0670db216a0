import type { MetadataRoute } from "next";
import en from "@/messages/en.json";

// Makes the app installable. It opens on the report page: the installed app
// is for the moment a connection fails. Next links it from every page.
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: en.app.name,
    short_name: en.app.name,
    description: en.app.tagline,
    start_url: "/report",
    scope: "/",
    display: "standalone",
    background_color: "#f5f4f1",
    theme_color: "#b3261e",
    icons: [
      { src: "/icons/icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" },
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
