#!/usr/bin/env node
// Builds the app's reference data from reference/sources/* and reference/names-ur.csv.
//
//   node scripts/build-reference.mjs
//
// Writes (deterministically; safe to re-run):
//   reference/areas.json        provinces + districts, with a representative point
//   reference/places.json       gazetteer (GeoNames populated places)
//   reference/isps.json         operators / ISPs with ASNs
//   reference/services.json     services and apps people report as blocked
//   public/geo/provinces.geojson, public/geo/districts.geojson   slimmed, minified boundaries
//
// Node built-ins only. Fails loudly (non-zero exit) on any inconsistency in the inputs.

import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const REF = join(ROOT, "reference");
const SRC = join(REF, "sources");
const GEO_OUT = join(ROOT, "public", "geo");

// ---------------------------------------------------------------------------
// Editorial tables
// ---------------------------------------------------------------------------

/** Provinces / territories (ADM1): P-code -> English display name and slug. */
export const PROVINCES = {
  PK1: { nameEn: "Azad Jammu and Kashmir", slug: "azad-kashmir" },
  PK2: { nameEn: "Balochistan", slug: "balochistan" },
  PK3: { nameEn: "Gilgit-Baltistan", slug: "gilgit-baltistan" },
  PK4: { nameEn: "Islamabad Capital Territory", slug: "islamabad-capital-territory" },
  PK5: { nameEn: "Khyber Pakhtunkhwa", slug: "khyber-pakhtunkhwa" },
  PK6: { nameEn: "Punjab", slug: "punjab" },
  PK7: { nameEn: "Sindh", slug: "sindh" },
};

/** District display-name overrides, keyed by the COD adm2_name (checked against the P-code). */
export const DISTRICT_RENAMES = {
  "South Karachi": { code: "PK721", nameEn: "Karachi South" },
  "East Karachi": { code: "PK704", nameEn: "Karachi East" },
  "Central Karachi": { code: "PK702", nameEn: "Karachi Central" },
  "West Karachi": { code: "PK729", nameEn: "Karachi West" },
  "Korangi Karachi": { code: "PK712", nameEn: "Karachi Korangi" },
  "Malir Karachi": { code: "PK714", nameEn: "Karachi Malir" },
  "D. I. Khan": { code: "PK509", nameEn: "Dera Ismail Khan" },
};

/**
 * isps.csv rows, in csv order: the csv `name` we expect, our slug and short brand name.
 * The build fails if the csv does not have exactly these rows in this order.
 */
export const ISP_ROWS = [
  ["PTCL (Pakistan Telecommunication Company Ltd)", "ptcl", "PTCL"],
  ["Jazz (Pakistan Mobile Communications Ltd)", "jazz", "Jazz"],
  ["Zong (CMPak Ltd)", "zong", "Zong"],
  ["Telenor Pakistan", "telenor", "Telenor"],
  ["Ufone (Pak Telecom Mobile Ltd)", "ufone", "Ufone"],
  ["SCOM (Special Communication Organization)", "scom", "SCOM"],
  ["Nayatel", "nayatel", "Nayatel"],
  ["StormFiber / Cybernet (Cyber Internet Services)", "stormfiber", "StormFiber"],
  ["Transworld (Transworld Associates)", "transworld", "Transworld"],
  ["TES (Trans World Enterprise Services)", "tes", "TES"],
  ["Wateen Telecom", "wateen", "Wateen"],
  ["Wi-tribe Pakistan", "witribe", "Wi-tribe"],
  ["Worldcall", "worldcall", "Worldcall"],
  ["Multinet", "multinet", "Multinet"],
  ["Fiberlink", "fiberlink", "Fiberlink"],
  ["Connect Communications", "connect", "Connect"],
  ["Optix Pakistan", "optix", "Optix"],
  ["LinkdotNet (LDN)", "linkdotnet", "LinkdotNet"],
  ["COMSATS Internet Services", "comsats", "COMSATS"],
  ["Brain NET", "brain-net", "Brain NET"],
  ["Sharp Telecom", "sharp-telecom", "Sharp Telecom"],
  ["E Bone Network", "e-bone", "E Bone"],
  ["Fariya Networks", "fariya", "Fariya"],
  ["Telecard", "telecard", "Telecard"],
  ["Z Com Networks", "z-com", "Z Com"],
  ["HEC PERN (Pakistan Education & Research Network)", "hec-pern", "HEC PERN"],
];
/** Output order: these first, then the rest in csv order. */
const ISP_FIRST = ["jazz", "zong", "telenor", "ufone", "ptcl", "nayatel", "stormfiber"];
const ISP_KIND = { mobile: "mobile", fixed: "fixed", both: "both", "research/education": "education" };
export const ISP_OTHER = {
  slug: "other",
  nameEn: "Other / not sure",
  nameUr: "کوئی اور / معلوم نہیں",
  legalName: null,
  kind: "both",
  asns: [],
};

/** services.csv rows, in csv order: the csv `name` we expect, our slug and short display name. */
export const SERVICE_ROWS = [
  ["WhatsApp", "whatsapp", "WhatsApp"],
  ["YouTube", "youtube", "YouTube"],
  ["Facebook", "facebook", "Facebook"],
  ["Facebook Messenger", "messenger", "Messenger"],
  ["Instagram", "instagram", "Instagram"],
  ["X (Twitter)", "x", "X (Twitter)"],
  ["TikTok", "tiktok", "TikTok"],
  ["Telegram", "telegram", "Telegram"],
  ["Signal", "signal", "Signal"],
  ["Snapchat", "snapchat", "Snapchat"],
  ["Threads", "threads", "Threads"],
  ["Discord", "discord", "Discord"],
  ["Wikipedia", "wikipedia", "Wikipedia"],
  ["Google Search", "google-search", "Google Search"],
  ["Gmail", "gmail", "Gmail"],
  ["Google Play / Android updates", "google-play", "Google Play"],
  ["Apple App Store / iCloud", "apple", "App Store / iCloud"],
  ["Zoom", "zoom", "Zoom"],
  ["Microsoft Teams / Outlook", "microsoft-teams", "Microsoft Teams / Outlook"],
  ["Upwork / Fiverr (freelancing)", "freelancing", "Upwork / Fiverr"],
  ["VPN services (commercial)", "vpn", "VPN services"],
  ["Tor / Psiphon", "tor-psiphon", "Tor / Psiphon"],
  ["Bigo Live", "bigo-live", "Bigo Live"],
  ["PUBG Mobile", "pubg-mobile", "PUBG Mobile"],
  ["Easypaisa", "easypaisa", "Easypaisa"],
  ["JazzCash", "jazzcash", "JazzCash"],
  ["Raast / State Bank of Pakistan", "raast", "Raast / SBP"],
  ["HBL", "hbl", "HBL"],
  ["Meezan Bank", "meezan-bank", "Meezan Bank"],
  ["UBL", "ubl", "UBL"],
  ["Bank Alfalah", "bank-alfalah", "Bank Alfalah"],
  ["MCB Bank", "mcb-bank", "MCB Bank"],
  ["SadaPay / NayaPay", "sadapay-nayapay", "SadaPay / NayaPay"],
  ["Daraz", "daraz", "Daraz"],
  ["Careem / inDrive / Bykea", "ride-hailing", "Careem / inDrive / Bykea"],
  ["foodpanda", "foodpanda", "foodpanda"],
  ["NADRA / FBR (govt services)", "govt-services", "NADRA / FBR (govt services)"],
  ["Dawn / Geo (news)", "news-sites", "News sites (Dawn / Geo)"],
];
export const SERVICE_INTERNET = {
  slug: "internet",
  nameEn: "The whole internet",
  nameUr: "پورا انٹرنیٹ",
  category: "internet",
  domains: [],
};
export const SERVICE_OTHER = {
  slug: "other",
  nameEn: "Another site or app",
  nameUr: "کوئی اور سائٹ یا ایپ",
  category: "other",
  domains: [],
};

const EXPECTED = { provinces: 7, districts: 160, places: 441, isps: 27, services: 40 };

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

class BuildError extends Error {}
function fail(msg) {
  throw new BuildError(msg);
}
function assert(cond, msg) {
  if (!cond) fail(msg);
}

/** RFC 4180 CSV parser (quoted fields, "" escapes, CRLF/LF, optional BOM). Returns objects keyed by header. */
export function parseCsv(text, label = "csv") {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows = [];
  let row = [];
  let field = "";
  let inQuotes = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      assert(field === "", `${label}: stray quote in unquoted field on row ${rows.length + 1}`);
      inQuotes = true;
    } else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      row.push(field);
      field = "";
      rows.push(row);
      row = [];
      if (c === "\r" && text[i + 1] === "\n") i++;
    } else {
      field += c;
    }
    i++;
  }
  assert(!inQuotes, `${label}: unterminated quoted field`);
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  const nonEmpty = rows.filter((r) => !(r.length === 1 && r[0] === ""));
  const [header, ...body] = nonEmpty;
  assert(header, `${label}: empty file`);
  return body.map((r, n) => {
    assert(r.length === header.length, `${label}: row ${n + 2} has ${r.length} fields, expected ${header.length}`);
    return Object.fromEntries(header.map((h, k) => [h, r[k]]));
  });
}

export function slugify(s) {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’.]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

const r4 = (x) => Math.round(x * 1e4) / 1e4;
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

const ARABIC_LETTER = /[\u0621-\u064A\u066E-\u06D3\u06D5\u06EE\u06EF\u06FA-\u06FC\u06FF]/;
const ALLOWED_UR = /^[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF\u200C\u200D 0-9()/\-.،]+$/;
export function isUrdu(s) {
  return typeof s === "string" && s.trim() === s && s.length > 0 && ARABIC_LETTER.test(s) && ALLOWED_UR.test(s);
}

function readJson(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}

// ---- geometry (planar lon/lat; fine for picking a label point) ----

function ringSignedArea(ring) {
  let a = 0;
  for (let i = 0, n = ring.length - 1; i < n; i++) {
    const [x1, y1] = ring[i];
    const [x2, y2] = ring[i + 1];
    a += x1 * y2 - x2 * y1;
  }
  return a / 2;
}

function ringCentroid(ring) {
  let a = 0;
  let cx = 0;
  let cy = 0;
  // shift to the first vertex for numerical stability
  const [ox, oy] = ring[0];
  for (let i = 0, n = ring.length - 1; i < n; i++) {
    const x1 = ring[i][0] - ox;
    const y1 = ring[i][1] - oy;
    const x2 = ring[i + 1][0] - ox;
    const y2 = ring[i + 1][1] - oy;
    const f = x1 * y2 - x2 * y1;
    a += f;
    cx += (x1 + x2) * f;
    cy += (y1 + y2) * f;
  }
  if (a === 0) return ring[0];
  return [cx / (3 * a) + ox, cy / (3 * a) + oy];
}

function pointInRing([px, py], ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function pointInPolygon(pt, rings) {
  if (!pointInRing(pt, rings[0])) return false;
  for (let k = 1; k < rings.length; k++) if (pointInRing(pt, rings[k])) return false;
  return true;
}

function polygonsOf(geometry) {
  if (geometry.type === "Polygon") return [geometry.coordinates];
  if (geometry.type === "MultiPolygon") return geometry.coordinates;
  fail(`unsupported geometry type ${geometry.type}`);
}

/** Midpoint of the widest interior run of the polygon along the horizontal line y. */
function scanlinePoint(rings, y) {
  const xs = [];
  for (const ring of rings) {
    for (let i = 0, n = ring.length - 1; i < n; i++) {
      const [x1, y1] = ring[i];
      const [x2, y2] = ring[i + 1];
      if (y1 > y !== y2 > y) xs.push(x1 + ((y - y1) * (x2 - x1)) / (y2 - y1));
    }
  }
  xs.sort((a, b) => a - b);
  let best = null;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    const w = xs[i + 1] - xs[i];
    if (!best || w > best.w) best = { w, x: (xs[i] + xs[i + 1]) / 2 };
  }
  return best && [best.x, y];
}

/**
 * Representative point: area-weighted centroid of the largest outer ring; if that point
 * (after rounding to 4 dp) is not inside the polygon (holes respected), fall back to the
 * midpoint of the widest interior run on horizontal lines through the centroid, then
 * through evenly spaced latitudes of the ring's bounding box.
 */
export function representativePoint(geometry, label = "") {
  let best = null;
  for (const rings of polygonsOf(geometry)) {
    const a = Math.abs(ringSignedArea(rings[0]));
    if (!best || a > best.a) best = { a, rings };
  }
  const { rings } = best;
  const inside = (p) => p && pointInPolygon([r4(p[0]), r4(p[1])], rings);
  const c = ringCentroid(rings[0]);
  if (inside(c)) return { lon: r4(c[0]), lat: r4(c[1]), method: "centroid" };

  let minY = Infinity;
  let maxY = -Infinity;
  for (const [, y] of rings[0]) {
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const ys = [c[1]];
  for (let k = 1; k < 40; k++) ys.push(minY + ((maxY - minY) * k) / 40);
  let pick = null;
  for (const y of ys) {
    const p = scanlinePoint(rings, y);
    // first candidate line (centroid latitude first) whose widest interior run works
    if (!inside(p)) continue;
    pick = p;
    break;
  }
  assert(pick, `could not find an interior point for ${label}`);
  return { lon: r4(pick[0]), lat: r4(pick[1]), method: "scanline" };
}

/** Round coordinates to 4 dp, drop consecutive duplicates, drop collapsed holes/parts. */
function roundGeometry(geometry, label) {
  const roundRing = (ring) => {
    const out = [];
    for (const [x, y] of ring) {
      const p = [r4(x), r4(y)];
      const last = out[out.length - 1];
      if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
    }
    const first = out[0];
    const last = out[out.length - 1];
    if (first[0] !== last[0] || first[1] !== last[1]) out.push([first[0], first[1]]);
    return out.length >= 4 && ringSignedArea(out) !== 0 ? out : null;
  };
  const roundPolygon = (rings) => {
    const outer = roundRing(rings[0]);
    if (!outer) return null;
    return [outer, ...rings.slice(1).map(roundRing).filter(Boolean)];
  };
  if (geometry.type === "Polygon") {
    const p = roundPolygon(geometry.coordinates);
    assert(p, `${label}: polygon collapsed when rounding`);
    return { type: "Polygon", coordinates: p };
  }
  const parts = geometry.coordinates.map(roundPolygon).filter(Boolean);
  assert(parts.length, `${label}: all parts collapsed when rounding`);
  return parts.length === 1 ? { type: "Polygon", coordinates: parts[0] } : { type: "MultiPolygon", coordinates: parts };
}

function writeIfChanged(path, content) {
  mkdirSync(dirname(path), { recursive: true });
  const old = existsSync(path) ? readFileSync(path, "utf8") : null;
  if (old !== content) writeFileSync(path, content);
  return { path, bytes: Buffer.byteLength(content), changed: old !== content };
}

const pretty = (v) => JSON.stringify(v, null, 2) + "\n";

// ---------------------------------------------------------------------------
// Build
// ---------------------------------------------------------------------------

function loadUrduNames() {
  const rows = parseCsv(readFileSync(join(REF, "names-ur.csv"), "utf8"), "names-ur.csv");
  const byKind = { province: new Map(), district: new Map(), city: new Map(), isp: new Map(), service: new Map() };
  for (const [n, r] of rows.entries()) {
    const where = `names-ur.csv row ${n + 2} (${r.kind},${r.key})`;
    assert(byKind[r.kind], `${where}: unknown kind`);
    assert(r.key, `${where}: empty key`);
    assert(!byKind[r.kind].has(r.key), `${where}: duplicate key`);
    assert(isUrdu(r.name_ur), `${where}: name_ur ${JSON.stringify(r.name_ur)} is empty or not Arabic script`);
    byKind[r.kind].set(r.key, { nameEn: r.name_en, nameUr: r.name_ur, used: false });
  }
  /** Look up the Urdu name; checks that the csv's name_en matches the display name we compute. */
  const get = (kind, key, nameEn) => {
    const e = byKind[kind].get(String(key));
    assert(e, `names-ur.csv: missing ${kind} ${key} (${nameEn})`);
    assert(
      e.nameEn === nameEn,
      `names-ur.csv: ${kind} ${key} has name_en ${JSON.stringify(e.nameEn)}, expected ${JSON.stringify(nameEn)}`,
    );
    e.used = true;
    return e.nameUr;
  };
  const checkAllUsed = () => {
    for (const [kind, m] of Object.entries(byKind))
      for (const [key, e] of m) assert(e.used, `names-ur.csv: ${kind} ${key} (${e.nameEn}) does not match any source row`);
  };
  return { get, checkAllUsed };
}

function buildAreas(ur) {
  const adm1 = readJson(join(SRC, "pakistan-adm1-provinces.geojson"));
  const adm2 = readJson(join(SRC, "pakistan-adm2-districts.geojson"));

  const provinces = adm1.features.map((f) => {
    const code = f.properties.adm1_pcode;
    const def = PROVINCES[code];
    assert(def, `unknown province code ${code}`);
    const { lat, lon } = representativePoint(f.geometry, code);
    return {
      area: {
        slug: def.slug,
        code,
        level: "province",
        parent: null,
        nameEn: def.nameEn,
        nameUr: ur.get("province", code, def.nameEn),
        lat,
        lon,
      },
      geometry: f.geometry,
    };
  });
  provinces.sort((a, b) => cmp(a.area.code, b.area.code));
  const provinceSlug = new Map(provinces.map((p) => [p.area.code, p.area.slug]));
  assert(provinceSlug.size === Object.keys(PROVINCES).length, "province codes missing from ADM1");

  const renamesUsed = new Set();
  const districts = adm2.features.map((f) => {
    const { adm2_pcode: code, adm2_name: name, adm1_pcode: parentCode } = f.properties;
    assert(provinceSlug.has(parentCode), `${code}: unknown adm1_pcode ${parentCode}`);
    assert(code.startsWith(parentCode), `${code}: P-code does not start with its province ${parentCode}`);
    let nameEn = name;
    const rename = DISTRICT_RENAMES[name];
    if (rename) {
      assert(rename.code === code, `rename ${name}: expected ${rename.code}, found on ${code}`);
      nameEn = rename.nameEn;
      renamesUsed.add(name);
    }
    const slug = slugify(nameEn);
    assert(/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug), `${code}: bad slug ${slug}`);
    const { lat, lon } = representativePoint(f.geometry, code);
    return {
      area: {
        slug,
        code,
        level: "district",
        parent: provinceSlug.get(parentCode),
        nameEn,
        nameUr: ur.get("district", code, nameEn),
        lat,
        lon,
      },
      parentCode,
      geometry: f.geometry,
    };
  });
  for (const name of Object.keys(DISTRICT_RENAMES)) assert(renamesUsed.has(name), `rename ${name}: district not found`);
  districts.sort((a, b) => cmp(a.parentCode, b.parentCode) || cmp(a.area.nameEn, b.area.nameEn) || cmp(a.area.code, b.area.code));

  const seen = new Map();
  for (const { area } of [...provinces, ...districts]) {
    assert(!seen.has(area.slug), `slug collision: "${area.slug}" is used by ${seen.get(area.slug)} and ${area.code}`);
    seen.set(area.slug, area.code);
  }
  const codes = new Set(districts.map((d) => d.area.code));
  assert(codes.size === districts.length, "duplicate district P-codes");
  return { provinces, districts };
}

function buildPlaces(ur, districtByCode) {
  const rows = parseCsv(readFileSync(join(SRC, "pakistan-cities.csv"), "utf8"), "pakistan-cities.csv");
  const ids = new Set();
  const places = rows.map((r) => {
    const id = Number(r.geonameid);
    assert(Number.isInteger(id) && id > 0, `cities: bad geonameid ${r.geonameid}`);
    assert(!ids.has(id), `cities: duplicate geonameid ${id}`);
    ids.add(id);
    const d = districtByCode.get(r.adm2_pcode);
    assert(d, `cities: ${id} ${r.name_ascii}: unknown adm2_pcode ${r.adm2_pcode}`);
    const lat = Number(r.latitude);
    const lon = Number(r.longitude);
    assert(Number.isFinite(lat) && Number.isFinite(lon), `cities: ${id}: bad coordinates`);
    let population = null;
    if (r.population.trim() !== "") {
      population = Number(r.population);
      assert(Number.isInteger(population) && population >= 0, `cities: ${id}: bad population ${r.population}`);
    }
    assert(r.name_ascii.trim(), `cities: ${id}: empty name_ascii`);
    return {
      id,
      nameEn: r.name_ascii,
      nameUr: ur.get("city", id, r.name_ascii),
      area: d.slug,
      lat: r4(lat),
      lon: r4(lon),
      population,
    };
  });
  places.sort(
    (a, b) => (b.population ?? -1) - (a.population ?? -1) || cmp(a.nameEn, b.nameEn) || a.id - b.id,
  );
  return places;
}

function buildIsps(ur) {
  const rows = parseCsv(readFileSync(join(SRC, "isps.csv"), "utf8"), "isps.csv");
  assert(
    rows.length === ISP_ROWS.length,
    `isps.csv has ${rows.length} rows, expected ${ISP_ROWS.length}: ${rows.map((r) => r.name).join(" | ")}`,
  );
  const isps = rows.map((r, i) => {
    const [csvName, slug, nameEn] = ISP_ROWS[i];
    assert(r.name === csvName, `isps.csv row ${i + 2}: expected "${csvName}", found "${r.name}"`);
    const kind = ISP_KIND[r.type];
    assert(kind, `isps.csv ${r.name}: unknown type ${r.type}`);
    const asns = r.asns.split(";").map((s) => {
      const m = /^AS(\d+)$/.exec(s.trim());
      assert(m, `isps.csv ${r.name}: bad ASN "${s}"`);
      return Number(m[1]);
    });
    return { slug, nameEn, nameUr: ur.get("isp", slug, nameEn), legalName: r.name, kind, asns };
  });
  const allAsns = isps.flatMap((x) => x.asns);
  assert(new Set(allAsns).size === allAsns.length, "isps.csv: an ASN is listed twice");
  const rank = (s) => {
    const i = ISP_FIRST.indexOf(s.slug);
    return i === -1 ? ISP_FIRST.length : i;
  };
  const ordered = isps
    .map((x, i) => ({ x, i }))
    .sort((a, b) => rank(a.x) - rank(b.x) || a.i - b.i)
    .map(({ x }) => x);
  return [...ordered, ISP_OTHER];
}

function buildServices(ur) {
  const rows = parseCsv(readFileSync(join(SRC, "services.csv"), "utf8"), "services.csv");
  assert(
    rows.length === SERVICE_ROWS.length,
    `services.csv has ${rows.length} rows, expected ${SERVICE_ROWS.length}: ${rows.map((r) => r.name).join(" | ")}`,
  );
  const services = rows.map((r, i) => {
    const [csvName, slug, nameEn] = SERVICE_ROWS[i];
    assert(r.name === csvName, `services.csv row ${i + 2}: expected "${csvName}" (${slug}), found "${r.name}"`);
    assert(r.category.trim(), `services.csv ${r.name}: empty category`);
    const domains = r.domains
      .split(";")
      .map((d) => d.trim().toLowerCase())
      .filter(Boolean);
    for (const d of domains) assert(/^[a-z0-9.-]+\.[a-z]{2,}$/.test(d), `services.csv ${r.name}: bad domain ${d}`);
    return { slug, nameEn, nameUr: ur.get("service", slug, nameEn), category: r.category.trim(), domains };
  });
  return [SERVICE_INTERNET, ...services, SERVICE_OTHER];
}

function toFeatureCollection(items, withParent) {
  return {
    type: "FeatureCollection",
    features: items.map(({ area, geometry }) => ({
      type: "Feature",
      properties: withParent
        ? { slug: area.slug, code: area.code, parent: area.parent, nameEn: area.nameEn, nameUr: area.nameUr }
        : { slug: area.slug, code: area.code, nameEn: area.nameEn, nameUr: area.nameUr },
      geometry: roundGeometry(geometry, area.code),
    })),
  };
}

function validate({ areas, places, isps, services }) {
  const provinces = areas.filter((a) => a.level === "province");
  const districts = areas.filter((a) => a.level === "district");
  assert(provinces.length === EXPECTED.provinces, `expected ${EXPECTED.provinces} provinces, got ${provinces.length}`);
  assert(districts.length === EXPECTED.districts, `expected ${EXPECTED.districts} districts, got ${districts.length}`);
  assert(places.length === EXPECTED.places, `expected ${EXPECTED.places} places, got ${places.length}`);
  assert(isps.length === EXPECTED.isps, `expected ${EXPECTED.isps} isps, got ${isps.length}`);
  assert(services.length === EXPECTED.services, `expected ${EXPECTED.services} services, got ${services.length}`);

  const areaSlugs = new Set(areas.map((a) => a.slug));
  const districtSlugs = new Set(districts.map((a) => a.slug));
  for (const d of districts) assert(areaSlugs.has(d.parent), `district ${d.slug}: unknown parent ${d.parent}`);
  for (const p of places) assert(districtSlugs.has(p.area), `place ${p.id}: unknown area ${p.area}`);
  for (const list of [isps, services]) {
    const s = list.map((x) => x.slug);
    assert(new Set(s).size === s.length, "duplicate isp/service slug");
  }
  for (const x of [...areas, ...places, ...isps, ...services])
    assert(isUrdu(x.nameUr), `${x.slug ?? x.id}: nameUr ${JSON.stringify(x.nameUr)} is empty or not Arabic script`);
  for (const x of [...areas, ...places]) {
    assert(x.lat > 23 && x.lat < 38 && x.lon > 60 && x.lon < 78, `${x.slug ?? x.id}: point outside Pakistan`);
  }
}

export function build({ log = console.log } = {}) {
  const ur = loadUrduNames();
  const { provinces, districts } = buildAreas(ur);
  const areas = [...provinces, ...districts].map((x) => x.area);
  const districtByCode = new Map(districts.map((d) => [d.area.code, d.area]));
  const places = buildPlaces(ur, districtByCode);
  const isps = buildIsps(ur);
  const services = buildServices(ur);
  ur.checkAllUsed();
  validate({ areas, places, isps, services });

  const written = [
    writeIfChanged(join(REF, "areas.json"), pretty(areas)),
    writeIfChanged(join(REF, "places.json"), pretty(places)),
    writeIfChanged(join(REF, "isps.json"), pretty(isps)),
    writeIfChanged(join(REF, "services.json"), pretty(services)),
  ];
  const geo = [
    writeIfChanged(join(GEO_OUT, "provinces.geojson"), JSON.stringify(toFeatureCollection(provinces, false))),
    writeIfChanged(join(GEO_OUT, "districts.geojson"), JSON.stringify(toFeatureCollection(districts, true))),
  ];

  log(
    `areas: ${provinces.length} provinces + ${districts.length} districts; places: ${places.length}; ` +
      `isps: ${isps.length}; services: ${services.length}`,
  );
  for (const w of written) log(`${w.changed ? "wrote    " : "unchanged"} ${relative(ROOT, w.path)} (${w.bytes} B)`);
  for (const w of geo) {
    const gz = gzipSync(readFileSync(w.path), { level: 9 }).length;
    log(`${w.changed ? "wrote    " : "unchanged"} ${relative(ROOT, w.path)} (${w.bytes} B, gzip ${gz} B)`);
  }
  return { areas, places, isps, services };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    build();
  } catch (e) {
    console.error(`build-reference: ${e instanceof BuildError ? e.message : e.stack}`);
    process.exit(1);
  }
}
