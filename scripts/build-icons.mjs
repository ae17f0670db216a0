// Draws the app icon (signal bars, the last two faded: a failing
// connection) as SVG and as PNGs for the web app manifest, with no image
// library: the shapes are rectangles, the PNG encoder is zlib and a CRC.
// Run: node scripts/build-icons.mjs  (writes public/icons/*)
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const OUT = path.join(import.meta.dirname, "../public/icons");
const BACKGROUND = [0xb3, 0x26, 0x1e];
// In a 100×100 box; everything inside the maskable safe circle (radius 40).
const BARS = [
  { x: 22.5, h: 16, alpha: 1 },
  { x: 37.5, h: 28, alpha: 1 },
  { x: 52.5, h: 40, alpha: 0.35 },
  { x: 67.5, h: 52, alpha: 0.35 },
];
const WIDTH = 10;
const BOTTOM = 76;

const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" fill="#b3261e"/>${BARS.map(
  (b) => `<rect x="${b.x}" y="${BOTTOM - b.h}" width="${WIDTH}" height="${b.h}" fill="#fff"${b.alpha < 1 ? ` fill-opacity="${b.alpha}"` : ""}/>`,
).join("")}</svg>\n`;

function coverage(u, v) {
  for (const b of BARS) if (u >= b.x && u < b.x + WIDTH && v >= BOTTOM - b.h && v < BOTTOM) return b.alpha;
  return 0;
}

function raster(size) {
  const SS = 4;
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      let white = 0;
      for (let sy = 0; sy < SS; sy++)
        for (let sx = 0; sx < SS; sx++) white += coverage(((x + (sx + 0.5) / SS) * 100) / size, ((y + (sy + 0.5) / SS) * 100) / size);
      const a = white / (SS * SS);
      const o = 1 + x * 4;
      for (let c = 0; c < 3; c++) row[o + c] = Math.round(BACKGROUND[c] * (1 - a) + 255 * a);
      row[o + 3] = 255;
    }
    rows.push(row);
  }
  return png(size, Buffer.concat(rows));
}

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(size, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", zlib.deflateSync(pixels, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}

fs.mkdirSync(OUT, { recursive: true });
fs.writeFileSync(path.join(OUT, "icon.svg"), svg);
for (const size of [192, 512]) fs.writeFileSync(path.join(OUT, `icon-${size}.png`), raster(size));
console.log(`icons written to ${path.relative(process.cwd(), OUT)}`);
