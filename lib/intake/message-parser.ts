import { AREAS, DISTRICTS, ISPS, PLACES, SERVICES, findIsp, findService } from "@/lib/reference";
import type { Connection, Problem } from "@/lib/reports/vocabulary";

// Reads a disruption report sent as an SMS or WhatsApp text ("ZONG KARACHI
// WHATSAPP", "jazz lahore net band", "یوٹیوب سست زونگ اسلام آباد") in English,
// Roman Urdu or Urdu script. Word order is free: every word (or run of up to
// four words) is looked up in one table built from the reference data plus a
// small hand-written vocabulary; typos in names are caught by edit distance.
// Pure: no I/O, and the table is built once, on first use.

export type MessageLanguage = "en" | "roman-ur" | "ur";
export type MissingField = "isp" | "area";
export type DefaultedField = "service" | "problem" | "connection";

export type ParsedFields = {
  isp?: string;
  area?: string;
  service?: string;
  problem?: Problem;
  connection?: Connection;
  sinceHours?: number;
  /** Fields that hold a default, not something the text said: a follow-up may replace them. */
  defaulted?: DefaultedField[];
};

export type Command = "help" | "stop" | "start" | "status";

export type ParsedMessage =
  | {
      kind: "report";
      /** Empty when nothing at all was recognised: the caller refuses politely. */
      fields: ParsedFields;
      missing: MissingField[];
      language: MessageLanguage;
      unknownWords: string[];
      /** A province named without a district (not enough for a report, but useful in the question back). */
      province?: string;
    }
  | { kind: "command"; command: Command; fields: ParsedFields; language: MessageLanguage }
  | { kind: "empty"; language: MessageLanguage };

// ---------------------------------------------------------------------------
// Normalisation

/**
 * Canonical form of a text: Unicode NFKC (folds Arabic presentation forms),
 * Arabic letter variants mapped to their Urdu forms (ي/ى→ی, ك→ک, ه/ة/ۃ→ہ),
 * harakat, Quranic marks, tatweel and invisible joiners removed, Arabic-Indic
 * and Urdu digits mapped to ASCII, whitespace collapsed. Case is kept.
 */
export function normaliseText(text: string): string {
  return (
    text
      .normalize("NFKC")
      // ی followed by a combining hamza has no precomposed form: it is ئ.
      .replace(/\u06CC\u0654/g, "\u0626")
      .replace(/[\u064A\u0649]/g, "\u06CC")
      .replace(/\u0643/g, "\u06A9")
      .replace(/[\u0647\u0629\u06C0\u06C2\u06C3\u06D5]/g, "\u06C1")
      .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
      .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
      .replace(/[\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED]/g, "")
      .replace(/[\u0640\u061C\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g, "")
      .replace(/\s+/g, " ")
      .trim()
  );
}

/**
 * Matching key of one word: lower case, and Urdu spellings people use
 * interchangeably folded together (ھ/ہ, ں/ن, آ/أ/ا, ئ/ی, ؤ/و, ۓ/ے). Used on
 * both sides of every lookup, never shown.
 */
function fold(word: string): string {
  return word
    .toLowerCase()
    .replace(/\u06BE/g, "\u06C1")
    .replace(/\u06BA/g, "\u0646")
    .replace(/[\u0622\u0623\u0625\u0671]/g, "\u0627")
    .replace(/\u0626/g, "\u06CC")
    .replace(/\u0624/g, "\u0648")
    .replace(/\u06D3/g, "\u06D2");
}

type Token = {
  key: string;
  /** The word as written (normalised, lower case), for unknownWords. */
  raw: string;
  /** Split off a run of digits ("4g", "5din"): not a word on its own. */
  glued: boolean;
  numeric: boolean;
};

function tokenise(text: string): Token[] {
  const words =
    normaliseText(text)
      .toLowerCase()
      .replace(/['’‘`]/g, "") // "can't" is one word
      .match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  return words.flatMap((word) => {
    const parts = word.match(/[0-9]+|[^0-9]+/g) ?? [];
    return parts.map((part) => ({ key: fold(part), raw: part, glued: parts.length > 1, numeric: /^[0-9]+$/.test(part) }));
  });
}

const keyOf = (word: string) => tokenise(word).map((t) => t.key).join(" ");
const keySet = (words: string) => new Set(words.trim().split(/\s+/).map(keyOf));
const keyMap = <T>(pairs: [string, T][]) => new Map(pairs.map(([w, v]) => [keyOf(w), v]));

// ---------------------------------------------------------------------------
// Vocabulary. Lists are space-separated single words unless written as arrays.

/** What a word tells about the problem. "generic" = not working, "blocked" depends on the service. */
type Signal = Problem | "generic" | "blocked" | "video";

const PROBLEM_WORDS: [Signal, string[]][] = [
  [
    "generic",
    [
      ..."band bund bandh bnd off down dead outage outages shutdown shutdowns blackout gone lost unavailable disconnected disconnecting disconnect error fail failed failing failure problem issue issues kharab kharaab khrab masla maslah masala gayab ghaib ghayab khatam nahi nai nhi nahin nahee nahii nae ni na not no cant cannot wont doesnt isnt aint didnt".split(" "),
      ..."signal signals".split(" "), // "signal nahi" is about the network, the app needs "signal app"
      ..."بند خراب مسئلہ مسلہ غائب ختم ڈاؤن ڈاون آف نہیں نہی نئیں نیں نہ پرابلم ایرر سگنل سگنلز".split(" "),
      "not working",
      "chala gaya",
      "chali gayi",
      "چلا گیا",
      "چلی گئی",
    ],
  ],
  [
    "slow",
    [
      ..."slow slw sloww slo sust susst sustt sost dheema dheemi dheere dheeray dheela ahista aahista ahesta aahesta buffering buffer lagging laggy speed kamzor weak".split(" "),
      ..."سست آہستہ اہستہ سلو بفرنگ اسپیڈ سپیڈ کمزور دھیما دھیمی".split(" "),
      "low speed",
      "very slow",
    ],
  ],
  [
    "media_fails",
    [
      ..."media vn vns voicenote voicenotes photo photos pic pics picture pictures image images audio audios document documents tasveer tasveeren tasweer tasweeren".split(" "),
      ..."میڈیا تصویر تصویریں تصاویر فوٹو فوٹوز پکچر پکچرز آڈیو".split(" "),
      "voice note",
      "voice notes",
      "voice message",
      "voice messages",
      "voice msg",
      "وائس نوٹ",
      "وائس نوٹس",
      "وائس میسج",
    ],
  ],
  // A video on WhatsApp is media; a video on YouTube is the service itself (see resolveProblem).
  ["video", [..."video videos vid vids ویڈیو ویڈیوز".split(" ")]],
  [
    "calls_fail",
    [
      ..."call calls calling کال کالز کالیں".split(" "),
      "video call",
      "video calls",
      "voice call",
      "voice calls",
      "audio call",
      "ویڈیو کال",
      "وائس کال",
      "آڈیو کال",
    ],
  ],
  [
    "blocked",
    [
      ..."blocked banned ban restricted censored بلاکڈ پابندی".split(" "),
      "block kar",
      "block kardia",
      "block ho",
      "block hai",
      "بلاک کر",
      "بلاک ہو",
      "بلاک ہے",
    ],
  ],
];

const CONNECTION_WORDS: [Connection, string[]][] = [
  ["fixed", [..."wifi wify broadband fiber fibre landline dsl ftth cable براڈبینڈ فائبر".split(" "), "wi fi", "land line", "وائی فائی", "لینڈ لائن"]],
  ["mobile", [..."mobile sim 4g 3g 5g lte cellular موبائل سم".split(" "), "mobile internet"]],
];

/** Words that mean the whole internet. "mobile data" also says which connection. */
const INTERNET_WORDS = [
  ..."net internet data network connection نیٹ انٹرنیٹ ڈیٹا کنکشن کنیکشن".split(" "),
  "inter net",
  "net connection",
  "internet connection",
  "whole internet",
  "نیٹ ورک",
  "انٹر نیٹ",
];

/**
 * Words that carry no field but are not unknown either: function words,
 * greetings, politeness, and words common in reports. Never fuzzy-matched,
 * so "wala" cannot become the town Hala.
 */
const FILLER_WORDS = [
  // English
  "the a an is are was were be been being am im i me my mine we our us you your u ur it its this that these those here there now today tonight for from to of in on at by with without and or but also too very so just only still again all any some every since ago please pls plz kindly hi hello hey hy dear sir madam team thanks thank thx ok okay yes what why how when where who which whole fully totally completely almost area city town home house office sector phase block street near side service services app apps application site sites website working work works worked load loading open opening access using use used send sending sent receive receiving get getting got have has had do does did can could will would should happening happen happened connect connected connecting phone package bundle balance help status report reporting last past morning night evening afternoon yesterday country pakistan pak pta govt government isp provider operator company even upload uploading download downloading reels reel story stories extremely really fine dha bahria com www http https org pk",
  // Roman Urdu
  "hai hain hein hy hay he ha ho hoa hua hui hue huwa hota hoti hote raha rahi rahe rha rhi rhe rahy rahay chal chl chalta chalti chalte chala chali chale chalna kaam kam kar kr karo kro karta karti karte kiya kia kiye diya dia di de do se sy say sa si mein mai main me mera meri mere mujhe muje hum hamara hamari hamare humara hamein apna apni apne aap ap tum yahan yahaan yaha idhar udhar wahan aaj aj kal subah subha raat rat shaam dopahar abhi abi ab phir fir dobara sirf bas bhi b aur ya ka ki ke ko pe par per tak bohat bohot bahut boht bht bhot bilkul kafi kaafi zyada ziada jyada bhai bhae bhaiya yaar yar jani jee ji jnab janab kya kyun kyu kyon kab kaise kese koi kuch kuchh sab saara sara sari saari poora pura puri poori wala wali wale gaya gayi gya gyi gai gae gaye lag lagta lagti lagi laga thi tha the ghar dukaan shehar shahar ilaqa ilaqay ilaake mohalla waqt time der haal hal theek thik shukriya meherbani salam salaam aoa assalam asalam assalamualaikum alaikum walaikum o pata haan han jab tab agar lekin magar wajah is us isko usko ye yeh wo woh yahi wahi jo bhej bhejo ja jaa jata jate aa aata aati araha arahi aya ayi nikal khul khulta khulti baghair bagair bina sahi sakta sakti sakte pa baar bar kai roz walo walon walay chalra chalrha chalraha kahan kidhar kaha larki larka pani dada dadi nana nani ammi abbu",
  // Urdu script
  "ہے ہیں ہو ہوا ہوئی ہوئے ہوتا ہوتی ہوتے رہا رہی رہے چل چلتا چلتی چلتے چلا چلی کام کر کرو کریں کرتا کرتی کیا کیے دیا دی دے سے میں میرا میری میرے مجھے ہم ہمارا ہماری ہمارے آپ یہاں وہاں آج کل صبح رات شام ابھی اب پھر دوبارہ صرف بس بھی اور یا کا کی کے کو پر تک بہت بالکل کافی زیادہ بھائی جی براہ مہربانی کیوں کب کیسے کوئی کچھ سب سارا ساری پورا پوری والا والی والے گیا گئی گئے لگ لگتا لگتی تھا تھی تھے گھر شہر علاقہ علاقے وقت حال ٹھیک شکریہ سلام السلام علیکم وعلیکم جناب پتہ ہاں جب اگر لیکن مگر وجہ یہ وہ یہی جو آ آتا آتی آرہا جا جاتا جاتی جاتے کھل کھلتا کھلتی لوڈ بغیر بنا سکتا سکتی سروس سروسز ایپ اپ سائٹ فون پیکج بیلنس تو نے ہی پاکستان کنیکٹ کئی روز",
].flatMap((line) => line.split(" "));

/** Hours in one unit, for "5 din se", "2 ghante", "۳ دن". */
const TIME_UNITS = keyMap<number>([
  ...("din dino dinon dinoo day days دن دنوں دنو".split(" ").map((w) => [w, 24]) as [string, number][]),
  ...("ghante ghanta ghantay ghanton ghantey ghnte ghnta hour hours hr hrs h گھنٹے گھنٹہ گھنٹوں گھنٹا".split(" ").map((w) => [w, 1]) as [string, number][]),
  ...("minute minutes mins min mint minat منٹ".split(" ").map((w) => [w, 1 / 60]) as [string, number][]),
  ...("hafta hafte haftay week weeks ہفتے ہفتہ ہفتوں".split(" ").map((w) => [w, 168]) as [string, number][]),
]);

const NUMBER_WORDS = keyMap<number>([
  ["ek", 1], ["aik", 1], ["one", 1], ["ایک", 1], ["dedh", 1.5], ["ڈیڑھ", 1.5],
  ["do", 2], ["two", 2], ["دو", 2], ["teen", 3], ["tin", 3], ["three", 3], ["تین", 3],
  ["char", 4], ["chaar", 4], ["four", 4], ["چار", 4], ["panch", 5], ["paanch", 5], ["five", 5], ["پانچ", 5],
  ["chay", 6], ["chhe", 6], ["six", 6], ["چھ", 6], ["saat", 7], ["seven", 7], ["سات", 7],
  ["aath", 8], ["eight", 8], ["آٹھ", 8], ["nau", 9], ["nine", 9], ["نو", 9], ["das", 10], ["ten", 10], ["دس", 10],
]);

/** "kal se", "since yesterday": a day. */
const YESTERDAY = keySet("kal yesterday کل");
const SINCE = keySet("se sy say since from سے");

const ISP_ALIASES: Record<string, string[]> = {
  jazz: ["jaz", "mobilink", "warid", "jazz 4g", "موبی لنک", "موبلنک"],
  zong: ["zong 4g", "زانگ"],
  telenor: ["telnor", "telenor 4g", "ٹیلی نور"],
  ufone: ["u fone", "یو فون"],
  ptcl: ["pitcl", "ptcl evo", "flash fiber", "flashfiber", "charji", "پی ٹی سی ال"],
  nayatel: ["naya tel"],
  stormfiber: ["storm fiber", "storm fibre", "storm", "cybernet", "سٹورم فائبر", "سٹورم"],
  scom: ["s com"],
  witribe: ["wi tribe"],
  worldcall: ["world call"],
  "brain-net": ["brainnet"],
  "hec-pern": ["pern"],
  // "connect" alone is the English verb ("can't connect"): the ISP needs a second word.
  connect: ["connect isp", "connect broadband", "connect fiber", "connect internet service"],
};

const SERVICE_ALIASES: Record<string, string[]> = {
  whatsapp: ["whats app", "watsapp", "wattsapp", "whatapp", "watsap", "wa", "وٹس ایپ", "واٹس اپ", "وٹس اپ", "واٹساپ"],
  youtube: ["you tube", "yt", "یو ٹیوب"],
  facebook: ["face book", "fb", "فیسبک"],
  messenger: ["fb messenger", "facebook messenger"],
  instagram: ["insta", "ig", "انسٹا"],
  x: ["twiter", "ٹویٹر"],
  tiktok: ["tik tok"],
  signal: ["signal app", "signal messenger", "سگنل ایپ"],
  snapchat: ["snap chat", "snap", "سنیپ چیٹ"],
  wikipedia: ["wiki"],
  "google-search": ["google", "گوگل"],
  gmail: ["g mail"],
  "google-play": ["play store", "playstore", "پلے اسٹور", "پلے سٹور"],
  apple: ["app store", "appstore", "apple"],
  "microsoft-teams": ["ms teams", "teams", "outlook"],
  vpn: ["vpn", "vpns", "proxy", "وی پی این", "وی پی ان"],
  "tor-psiphon": ["tor browser"],
  "bigo-live": ["bigo"],
  "pubg-mobile": ["pubg", "پب جی"],
  easypaisa: ["easy paisa"],
  jazzcash: ["jazz cash"],
  "meezan-bank": ["meezan"],
  "bank-alfalah": ["alfalah"],
  "mcb-bank": ["mcb"],
  "sadapay-nayapay": ["sada pay", "naya pay"],
  "ride-hailing": ["uber", "in drive"],
  foodpanda: ["food panda"],
  "news-sites": ["geo news", "dawn news", "news websites"],
};

/** Names that are also common words: used only when nothing stronger names the same field. */
const WEAK_NAMES = keySet(
  "x tor dawn geo teams ایکس ٹور ڈان جیو راست دراز وارد tank bagh haveli nagar chaman ٹانک باغ حویلی نگر چمن کرم مری",
);

/** Town names that are everyday words ("chak", "bhag", "jati" = goes, "mithi" = sweet): never read as places. */
const DROPPED_NAMES = keySet(
  "chak bhag daur sann mach jhol topi thal hala tangi bela jati moro karor kamra digri wana lakhi mehar jand dokri chhor rustam mangla bandhi mithi zaida chamber warah johi bhan " +
    "چک بھاگ دوڑ سن مچھ جھول ٹوپی تھل ہالا تنگی بیلہ جاتی مورو کروڑ ڈگری لکھی رستم منگلا بندھی مٹھی زیدہ",
);

/** Karachi the city spans seven districts: a named part of it wins over the bare city. */
const BROAD_AREAS = keySet("karachi khi کراچی");

const AREA_ALIASES: Record<string, string[]> = {
  islamabad: ["isb", "ict"],
  // Murree is small but everyone knows it, so it gets typo matching like a city.
  rawalpindi: ["pindi", "rwp", "پنڈی", "murree"],
  "karachi-south": ["khi", "clifton", "lyari"],
  "karachi-central": ["nazimabad", "north nazimabad"],
  "karachi-east": ["gulshan", "gulshan e iqbal", "gulshan iqbal"],
  "karachi-korangi": ["korangi", "landhi", "کورنگی"],
  "karachi-malir": ["malir", "ملیر"],
  "karachi-west": ["orangi"],
  lahore: ["lhr"],
  peshawar: ["pesh"],
  faisalabad: ["fsd", "lyallpur"],
  hyderabad: ["hyd"],
  quetta: ["qta"],
  bahawalpur: ["bwp"],
  "dera-ismail-khan": ["di khan", "dik", "ڈی آئی خان"],
  "dera-ghazi-khan": ["dg khan", "dgk", "ڈی جی خان"],
  "rahim-yar-khan": ["ryk"],
  "toba-tek-singh": ["tt singh", "toba"],
  "mandi-bahauddin": ["mb din"],
  "shaheed-benazir-abad": ["benazirabad"],
  "chitral-lower": ["chitral", "چترال"],
};
/** Short or everyday aliases that typos must not land on. */
const NO_FUZZY_ALIASES = keySet("pesh toba pindi storm apple google proxy gulshan");

const PROVINCE_ALIASES: Record<string, string[]> = {
  "khyber-pakhtunkhwa": ["kpk", "pakhtunkhwa", "sarhad", "کے پی کے", "کے پی"],
  punjab: ["panjab"],
  sindh: ["sind"],
  balochistan: ["baluchistan"],
  "gilgit-baltistan": ["gilgit baltistan"],
  "azad-kashmir": ["ajk", "azad kashmir", "kashmir", "کشمیر"],
};

/** Suffixes a gazetteer name may drop: "Attock City" is also "Attock". */
const PLACE_SUFFIXES = keySet("city cantonment cantonement kalan sadr شہر کینٹ کلاں صدر");

const HELP_WORDS = keySet("help madad info menu commands مدد ہیلپ");
const HELP_POLITE = keySet("please plz pls me i need want sir bhai karo kren karein kijiye chahiye chahye chaiye کریں کیجیے کیجئے چاہیے براہ مہربانی");
const STOP_WORDS = keySet("stop unsubscribe stopall رکیں سٹاپ اسٹاپ بس");
const START_WORDS = keySet("start resume subscribe unstop شروع سٹارٹ اسٹارٹ");
const STATUS_WORDS = keySet("status halat haalat حالت اسٹیٹس سٹیٹس");

/** Words that mark a Latin-script text as Roman Urdu rather than English. */
const ROMAN_URDU_MARKERS = keySet(
  "nahi nai nhi nahin nahee ni band bund bandh chal chl chalta chalti raha rahi rahe rha rhi hai hain hy hay se sy say din dino ghante ghanta sust kya kia kyun bohat bohot bahut boht mera meri mere hamara yahan abhi kal aaj karo kar kr gaya gayi gya bhi aur ka ki ke ko mein masla kharab madad halat haalat theek hua hui ho dheema ahista aahista shukriya bhai yaar yar koi haal walo",
);

const SINGLE_DISTRICT_OF = new Map(
  AREAS.filter((a) => a.level === "province").flatMap((p) => {
    const districts = DISTRICTS.filter((d) => d.parent === p.slug);
    return districts.length === 1 ? [[p.slug, districts[0]!.slug] as const] : [];
  }),
);

/** Towns smaller than this are matched only as spelt. */
const FUZZY_MIN_POPULATION = 50_000;

/** Up to four words: "پی ٹی سی ایل" and "p t c l" are four tokens. */
const MAX_NGRAM = 4;

// ---------------------------------------------------------------------------
// The lookup table

type Effect = {
  isp?: string;
  area?: string;
  province?: string;
  service?: string;
  signal?: Signal;
  connection?: Connection;
  filler?: true;
};

type Entry = {
  effect: Effect;
  /** Lower wins when two sources give the same key: vocabulary, then names, then towns. */
  rank: number;
  weak: boolean;
  broad: boolean;
  fuzzy: boolean;
  id: string;
};

const RANK = { vocabulary: 0, name: 1, place: 2, placeVariant: 3 } as const;

type Lexicon = { entries: Map<string, Entry>; fuzzyTargets: { key: string; entry: Entry }[] };

let lexicon: Lexicon | undefined;
const getLexicon = () => (lexicon ??= buildLexicon());

/** "X (Twitter)", "App Store / iCloud" → each name on its own. */
const splitNames = (name: string) =>
  name
    .replace(/[()]/g, "/")
    .split("/")
    .map((s) => s.trim())
    .filter(Boolean);

function buildLexicon(): Lexicon {
  const entries = new Map<string, Entry>();

  const add = (phrase: string, effect: Effect, rank: number, opts: { fuzzy?: boolean } = {}) => {
    const keys = tokenise(phrase).map((t) => t.key);
    if (keys.length === 0 || keys.length > MAX_NGRAM) return;
    const spaced = keys.join(" ");
    const isName = rank > RANK.vocabulary;
    if (isName && DROPPED_NAMES.has(spaced)) return;
    const weak = isName && WEAK_NAMES.has(spaced);
    const entry: Entry = {
      effect,
      rank,
      weak,
      broad: BROAD_AREAS.has(spaced),
      fuzzy: isName && !weak && (opts.fuzzy ?? true),
      id: JSON.stringify(effect),
    };
    const put = (key: string) => {
      const old = entries.get(key);
      if (!old || rank < old.rank) entries.set(key, entry);
    };
    put(spaced);
    if (keys.length > 1) put(keys.join(""));
  };

  // Vocabulary first: "signal" is a network word before it is the Signal app.
  for (const [signal, words] of PROBLEM_WORDS) for (const w of words) add(w, { signal }, RANK.vocabulary);
  for (const [connection, words] of CONNECTION_WORDS) for (const w of words) add(w, { connection }, RANK.vocabulary);
  for (const w of INTERNET_WORDS) add(w, { service: "internet" }, RANK.vocabulary);
  add("mobile data", { service: "internet", connection: "mobile" }, RANK.vocabulary);
  add("موبائل ڈیٹا", { service: "internet", connection: "mobile" }, RANK.vocabulary);
  for (const w of FILLER_WORDS) add(w, { filler: true }, RANK.vocabulary);
  // Dropped town names are everyday words: known, so no typo match turns "bandhi" into Landhi.
  for (const w of DROPPED_NAMES) add(w, { filler: true }, RANK.vocabulary);
  for (const w of TIME_UNITS.keys()) add(w, { filler: true }, RANK.vocabulary);

  // Names from the reference data, then aliases. Districts before towns, so
  // "Sahiwal" is the district, not the town of that name in Sargodha.
  for (const isp of ISPS) {
    if (isp.slug === "other") continue;
    for (const name of [isp.nameEn, isp.nameUr, ...(ISP_ALIASES[isp.slug] ?? [])]) {
      add(name, { isp: isp.slug }, RANK.name, { fuzzy: !NO_FUZZY_ALIASES.has(keyOf(name)) });
    }
  }
  for (const service of SERVICES) {
    if (service.slug === "other") continue;
    const names = [...splitNames(service.nameEn), ...splitNames(service.nameUr), ...(SERVICE_ALIASES[service.slug] ?? [])];
    for (const name of names) add(name, { service: service.slug }, RANK.name, { fuzzy: !NO_FUZZY_ALIASES.has(keyOf(name)) });
  }
  for (const d of DISTRICTS) for (const name of [d.nameEn, d.nameUr]) add(name, { area: d.slug }, RANK.name);
  for (const [slug, aliases] of Object.entries(AREA_ALIASES)) {
    for (const a of aliases) add(a, { area: slug }, RANK.name, { fuzzy: !NO_FUZZY_ALIASES.has(keyOf(a)) });
  }
  for (const p of AREAS.filter((a) => a.level === "province")) {
    // Islamabad Capital Territory has one district: naming it names the district.
    const single = SINGLE_DISTRICT_OF.get(p.slug);
    const effect: Effect = single ? { area: single } : { province: p.slug };
    for (const name of [...splitNames(p.nameEn), ...splitNames(p.nameUr), ...(PROVINCE_ALIASES[p.slug] ?? [])]) add(name, effect, RANK.name);
  }
  // PLACES is sorted by population: of two towns with one name, the larger wins.
  // Small towns must be spelt right: at one typo, "larki" would be Lakki and "pani" Pasni.
  for (const place of PLACES) {
    const fuzzy = (place.population ?? 0) >= FUZZY_MIN_POPULATION;
    for (const name of [place.nameEn, place.nameUr]) {
      add(name, { area: place.area }, RANK.place, { fuzzy });
      const words = keyOf(name).split(" ");
      if (words.length > 1 && PLACE_SUFFIXES.has(words.at(-1)!)) add(words.slice(0, -1).join(" "), { area: place.area }, RANK.placeVariant, { fuzzy });
    }
  }

  const fuzzyTargets = [...entries]
    .filter(([key, e]) => e.fuzzy && key.length >= 4 && !key.includes(" ") && !/[0-9]/.test(key))
    .map(([key, entry]) => ({ key, entry }));
  return { entries, fuzzyTargets };
}

// ---------------------------------------------------------------------------
// Matching

type Match = { start: number; effect: Effect; weak: boolean; broad: boolean };

/** Optimal string alignment distance (a swap of neighbours costs 1: "qeutta"), giving up above `max`. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
    }
    if (Math.min(...row) > max) return max + 1;
    [before, previous] = [previous, row];
  }
  return previous[b.length]!;
}

/** The one name within reach of a misspelt word, or nothing if none or two different ones are. */
function fuzzyLookup(word: string): Entry | undefined {
  let best: Entry | undefined;
  let bestDistance = Infinity;
  let tie = false;
  for (const { key, entry } of getLexicon().fuzzyTargets) {
    // A typo rarely hits the first letter, and "wala" must not become Hala.
    if (key[0] !== word[0]) continue;
    // Two edits only between two long words: "instead" is not "insta".
    const max = Math.min(word.length, key.length) >= 7 ? 2 : 1;
    const d = editDistance(word, key, max);
    if (d > max || d > bestDistance) continue;
    if (d < bestDistance) {
      best = entry;
      bestDistance = d;
      tie = false;
    } else if (best?.id !== entry.id) {
      tie = true;
    }
  }
  return tie ? undefined : best;
}

/** "x" is the X service only as a word of its own, not in "2x" or "x 3". */
function standaloneX(tokens: Token[], i: number): boolean {
  return !tokens[i]!.glued && !tokens[i - 1]?.numeric && !tokens[i + 1]?.numeric;
}

/** "5 din se", "۲ گھنٹے", "kal se": how long ago it started, in hours. Consumes those words. */
function readSince(tokens: Token[], used: boolean[]): number | undefined {
  let hours: number | undefined;
  tokens.forEach((t, i) => {
    const next = tokens[i + 1];
    if (used[i] || !next || used[i + 1]) return;
    const count = t.numeric ? Number(t.key) : NUMBER_WORDS.get(t.key);
    const unit = TIME_UNITS.get(next.key);
    if (count !== undefined && unit !== undefined) {
      hours ??= count * unit;
      used[i] = used[i + 1] = true;
    } else if (YESTERDAY.has(t.key) && SINCE.has(next.key)) {
      hours ??= 24;
      used[i] = used[i + 1] = true;
    } else if (SINCE.has(t.key) && next.key === "yesterday") {
      hours ??= 24;
      used[i] = used[i + 1] = true;
    }
  });
  return hours;
}

/** "D.I. Khan", "P.T.C.L": single letters (not the words "a" and "u") before at most one word. */
const initials = (run: Token[]) => run.slice(0, -1).every((t) => /^[b-tv-z]$/.test(t.key));

/** Longest runs first, so "dera ghazi khan" is one district and "jazz cash" is not Jazz. */
function exactMatches(tokens: Token[], used: boolean[]): Match[] {
  const { entries } = getLexicon();
  const isFiller = (t: Token) => entries.get(t.key)?.effect.filler === true;
  const matches: Match[] = [];
  for (let n = Math.min(MAX_NGRAM, tokens.length); n >= 1; n--) {
    for (let i = 0; i + n <= tokens.length; i++) {
      if (used.slice(i, i + n).some(Boolean)) continue;
      const run = tokens.slice(i, i + n);
      let entry = entries.get(run.map((t) => t.key).join(" "));
      // "whats app", "p t c l", "d i khan": words run together, unless a filler
      // is among them ("a store" is not Astore) or they are initials.
      if (!entry && n > 1 && (initials(run) || !run.some(isFiller))) entry = entries.get(run.map((t) => t.key).join(""));
      if (!entry) continue;
      if (entry.effect.service === "x" && n === 1 && !standaloneX(tokens, i)) continue;
      for (let k = i; k < i + n; k++) used[k] = true;
      matches.push({ start: i, effect: entry.effect, weak: entry.weak, broad: entry.broad });
    }
  }
  return matches;
}

const ARABIC_SCRIPT = /[\u0600-\u06FF]/;

/** Typos, for words left over: "whatsap", "karachii", "dera gazi khan". Names only. */
function fuzzyMatches(tokens: Token[], used: boolean[]): Match[] {
  const matches: Match[] = [];
  for (let n = Math.min(3, tokens.length); n >= 1; n--) {
    for (let i = 0; i + n <= tokens.length; i++) {
      const run = tokens.slice(i, i + n);
      if (used.slice(i, i + n).some(Boolean) || run.some((t) => t.numeric)) continue;
      const word = run.map((t) => t.key).join("");
      // Urdu script writes no short vowels, so its short words sit closer
      // together: کبھی (ever) is one letter from کچھی, سوال (question) from سوات.
      if (word.length < (ARABIC_SCRIPT.test(word) ? 5 : 4)) continue;
      const entry = fuzzyLookup(word);
      if (!entry) continue;
      for (let k = i; k < i + n; k++) used[k] = true;
      matches.push({ start: i, effect: entry.effect, weak: entry.weak, broad: entry.broad });
    }
  }
  return matches;
}

// ---------------------------------------------------------------------------
// From matches to fields

/** VPNs, Tor and Psiphon: "blocked" or "not working" means the circumvention tool is blocked. */
const isCircumvention = (slug: string | undefined) => slug !== undefined && findService(slug)?.category === "circumvention";

/** Services by how much they say: a named app beats a VPN, which beats "net". */
const serviceRank = (slug: string) => (slug === "internet" ? 2 : isCircumvention(slug) ? 1 : 0);

/** The more specific symptom wins: "net slow, voice note nahi jata" is media failing. */
const SIGNAL_ORDER: Signal[] = ["media_fails", "calls_fail", "vpn_blocked", "site_blocked", "blocked", "video", "slow", "other", "no_connection", "generic"];
const VIDEO_SERVICES = new Set(["youtube", "tiktok", "bigo-live", "instagram"]);

/** First strong match, a named part of a city before the city itself, weak names last. */
function pick(matches: Match[], field: "isp" | "area" | "province"): string | undefined {
  const ranked = matches
    .filter((m) => m.effect[field])
    .sort((a, b) => Number(a.weak) - Number(b.weak) || Number(a.broad) - Number(b.broad) || a.start - b.start);
  return ranked[0]?.effect[field];
}

function pickService(matches: Match[]): string | undefined {
  const services = matches.filter((m) => m.effect.service);
  const strong = services.filter((m) => !m.weak);
  // A weak name ("x", "geo") counts only when no app is named at all.
  const pool = strong.some((m) => serviceRank(m.effect.service!) === 0) ? strong : services;
  return pool.sort((a, b) => serviceRank(a.effect.service!) - serviceRank(b.effect.service!) || Number(a.weak) - Number(b.weak) || a.start - b.start)[0]
    ?.effect.service;
}

function resolveProblem(signals: Signal[], service: string | undefined, vpnNamed: boolean): Problem | undefined {
  const present = SIGNAL_ORDER.filter((s) => signals.includes(s) && !(s === "video" && service && VIDEO_SERVICES.has(service)));
  const top = present[0];
  const specificService = service !== undefined && serviceRank(service) === 0;
  // "YouTube only works with a VPN": the site is blocked.
  if ((top === undefined || top === "generic") && vpnNamed && specificService) return "site_blocked";
  switch (top) {
    case undefined:
      return undefined;
    case "video":
      return "media_fails";
    case "blocked":
      if (isCircumvention(service)) return "vpn_blocked";
      return service === undefined || service === "internet" ? "no_connection" : "site_blocked";
    case "generic":
      return isCircumvention(service) ? "vpn_blocked" : "no_connection";
    default:
      return top;
  }
}

const connectionOfIsp = (isp: string): Connection => (findIsp(isp)?.kind === "fixed" ? "fixed" : "mobile");

/** Fills service, problem and connection when the text did not say (and records that it did not). */
function withDefaults(explicit: ParsedFields): ParsedFields {
  const fields: ParsedFields = { ...explicit };
  const defaulted: DefaultedField[] = [];
  if (!fields.service) {
    fields.service = "internet";
    defaulted.push("service");
  }
  if (!fields.problem) {
    fields.problem = isCircumvention(fields.service) ? "vpn_blocked" : "no_connection";
    defaulted.push("problem");
  }
  if (!fields.connection && fields.isp) {
    fields.connection = connectionOfIsp(fields.isp);
    defaulted.push("connection");
  }
  if (defaulted.length > 0) fields.defaulted = defaulted;
  return fields;
}

/** What the text said, before defaults. Empty when nothing that makes a report was found. */
function explicitFields(matches: Match[], sinceHours: number | undefined): ParsedFields {
  const isp = pick(matches, "isp");
  const area = pick(matches, "area");
  const service = pickService(matches);
  const signals = matches.flatMap((m) => (m.effect.signal ? [m.effect.signal] : []));
  const vpnNamed = matches.some((m) => isCircumvention(m.effect.service));
  const problem = resolveProblem(signals, service, vpnNamed);
  if (!isp && !area && !service && !problem) return {};
  const connection = matches.find((m) => m.effect.connection)?.effect.connection;
  const fields: ParsedFields = {};
  if (isp) fields.isp = isp;
  if (area) fields.area = area;
  if (service) fields.service = service;
  if (problem) fields.problem = problem;
  if (connection) fields.connection = connection;
  if (sinceHours !== undefined) fields.sinceHours = sinceHours;
  return fields;
}

type Analysis = { matches: Match[]; sinceHours: number | undefined; unknownWords: string[] };

function analyse(tokens: Token[]): Analysis {
  const used = tokens.map(() => false);
  const sinceHours = readSince(tokens, used);
  const matches = [...exactMatches(tokens, used), ...fuzzyMatches(tokens, used)].sort((a, b) => a.start - b.start);
  const unknownWords = [...new Set(tokens.filter((t, i) => !used[i] && !t.numeric && [...t.raw].length > 1).map((t) => t.raw))];
  return { matches, sinceHours, unknownWords };
}

// ---------------------------------------------------------------------------
// Language and commands

function detectLanguage(text: string, tokens: Token[]): MessageLanguage {
  const arabic = (text.match(/[\u0600-\u06FF]/g) ?? []).length;
  const latin = (text.match(/[a-zA-Z]/g) ?? []).length;
  if (arabic > 0 && arabic >= latin) return "ur";
  return tokens.some((t) => ROMAN_URDU_MARKERS.has(t.key)) ? "roman-ur" : "en";
}

function readCommand(tokens: Token[], language: MessageLanguage): ParsedMessage | undefined {
  const keys = tokens.map((t) => t.key);
  const only = keys.length === 1 ? keys[0]! : undefined;
  // STOP and START only as the whole message: "band" or "start nahi hota" are reports.
  if (only && STOP_WORDS.has(only)) return { kind: "command", command: "stop", fields: {}, language };
  if (only && START_WORDS.has(only)) return { kind: "command", command: "start", fields: {}, language };
  if (keys.some((k) => HELP_WORDS.has(k)) && keys.every((k) => HELP_WORDS.has(k) || HELP_POLITE.has(k))) {
    return { kind: "command", command: "help", fields: {}, language };
  }
  if (keys[0] && STATUS_WORDS.has(keys[0])) {
    const { matches } = analyse(tokens.slice(1));
    // "status nahi lag raha" is a report about WhatsApp status, not a question.
    if (matches.some((m) => m.effect.signal)) return undefined;
    const fields: ParsedFields = {};
    const isp = pick(matches, "isp");
    const area = pick(matches, "area");
    const service = pickService(matches);
    if (isp) fields.isp = isp;
    if (service) fields.service = service;
    if (area) fields.area = area;
    return { kind: "command", command: "status", fields, language };
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// API

export function parseMessage(text: string): ParsedMessage {
  const normalised = normaliseText(text);
  const tokens = tokenise(normalised);
  const language = detectLanguage(normalised, tokens);
  if (normalised === "") return { kind: "empty", language };

  const command = readCommand(tokens, language);
  if (command) return command;

  const { matches, sinceHours, unknownWords } = analyse(tokens);
  const explicit = explicitFields(matches, sinceHours);
  const recognised = Object.keys(explicit).length > 0;
  const fields = recognised ? withDefaults(explicit) : {};
  const missing: MissingField[] = [];
  if (!fields.isp) missing.push("isp");
  if (!fields.area) missing.push("area");
  const province = fields.area ? undefined : pick(matches, "province");
  return { kind: "report", fields, missing, language, unknownWords, ...(province ? { province } : {}) };
}

/** True when a report recognised nothing at all ("hello", an emoji, only a province): refuse politely. */
export function recognisedNothing(message: ParsedMessage): boolean {
  return message.kind === "report" && Object.keys(message.fields).length === 0;
}

const FIELD_KEYS = ["isp", "area", "service", "problem", "connection", "sinceHours"] as const;

/**
 * Joins a follow-up ("zong", after "Which network?") to the earlier message.
 * What either message said stays, the earlier one first; the later one fills
 * the gaps. Defaults are worked out again on the result, so a follow-up that
 * names an app replaces the default "internet".
 */
export function mergeFields(earlier: ParsedFields, later: ParsedFields): ParsedFields {
  const said = (f: ParsedFields) => {
    const out: Record<string, unknown> = {};
    for (const key of FIELD_KEYS) {
      if (f[key] !== undefined && !f.defaulted?.includes(key as DefaultedField)) out[key] = f[key];
    }
    return out as ParsedFields;
  };
  const merged: ParsedFields = { ...said(later), ...said(earlier) };
  return Object.keys(merged).length === 0 ? {} : withDefaults(merged);
}
