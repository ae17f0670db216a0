import localFont from "next/font/local";

// The Urdu face ships with the app (no font CDN): Noto Naskh Arabic, regular
// weight, Arabic-script subset only, from @fontsource/noto-naskh-arabic (SIL
// OFL 1.1). Not Nastaliq, though Urdu readers expect it: Noto Nastaliq Urdu's
// Arabic subset is 159 kB per weight against Naskh's 53 kB, and on the report
// page that difference alone would carry /ur/report past its 300 kB first-load
// budget and add some 2 s at 400 kbit/s. Bold is synthesised rather than
// shipped (another 53 kB). Not preloaded, and switched on only once the page
// has hydrated (components/ui/deferred-font.tsx adds its class): a face no
// rule uses is never fetched, so the font does not compete with the scripts
// that make the report form work, and English pages never pay for it.
export const urduFont = localFont({
  src: "../../node_modules/@fontsource/noto-naskh-arabic/files/noto-naskh-arabic-arabic-400-normal.woff2",
  weight: "400",
  style: "normal",
  display: "swap",
  preload: false,
  adjustFontFallback: false,
  variable: "--font-urdu",
  // Fontsource's range for the Arabic subset: Latin text (ISP names, digits in
  // English numerals) stays in the system face.
  declarations: [
    {
      prop: "unicode-range",
      value: "U+0600-06FF,U+0750-077F,U+0870-088E,U+0890-0891,U+0897-08E1,U+08E3-08FF,U+200C-200E,U+2010-2011,U+204F,U+2E41,U+FB50-FDFF,U+FE70-FE74,U+FE76-FEFC",
    },
  ],
});
