import type { Connection, Problem } from "@/lib/reports/vocabulary";
import { keySet } from "./normalise";

// Vocabulary. Lists are space-separated single words unless written as arrays.

/** What a word tells about the problem. "generic" = not working, "blocked" depends on the service. */
export type Signal = Problem | "generic" | "blocked" | "video";

export const PROBLEM_WORDS: [Signal, string[]][] = [
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

export const CONNECTION_WORDS: [Connection, string[]][] = [
  ["fixed", [..."wifi wify broadband fiber fibre landline dsl ftth cable براڈبینڈ فائبر".split(" "), "wi fi", "land line", "وائی فائی", "لینڈ لائن"]],
  ["mobile", [..."mobile sim 4g 3g 5g lte cellular موبائل سم".split(" "), "mobile internet"]],
];

/** Words that mean the whole internet. "mobile data" also says which connection. */
export const INTERNET_WORDS = [
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
export const FILLER_WORDS = [
  // English
  "the a an is are was were be been being am im i me my mine we our us you your u ur it its this that these those here there now today tonight for from to of in on at by with without and or but also too very so just only still again all any some every since ago please pls plz kindly hi hello hey hy dear sir madam team thanks thank thx ok okay yes what why how when where who which whole fully totally completely almost area city town home house office sector phase block street near side service services app apps application site sites website working work works worked load loading open opening access using use used send sending sent receive receiving get getting got have has had do does did can could will would should happening happen happened connect connected connecting phone package bundle balance help status report reporting last past morning night evening afternoon yesterday country pakistan pak pta govt government isp provider operator company even upload uploading download downloading reels reel story stories extremely really fine dha bahria com www http https org pk",
  // Roman Urdu
  "hai hain hein hy hay he ha ho hoa hua hui hue huwa hota hoti hote raha rahi rahe rha rhi rhe rahy rahay chal chl chalta chalti chalte chala chali chale chalna kaam kam kar kr karo kro karta karti karte kiya kia kiye diya dia di de do se sy say sa si mein mai main me mera meri mere mujhe muje hum hamara hamari hamare humara hamein apna apni apne aap ap tum yahan yahaan yaha idhar udhar wahan aaj aj kal subah subha raat rat shaam dopahar abhi abi ab phir fir dobara sirf bas bhi b aur ya ka ki ke ko pe par per tak bohat bohot bahut boht bht bhot bilkul kafi kaafi zyada ziada jyada bhai bhae bhaiya yaar yar jani jee ji jnab janab kya kyun kyu kyon kab kaise kese koi kuch kuchh sab saara sara sari saari poora pura puri poori wala wali wale gaya gayi gya gyi gai gae gaye lag lagta lagti lagi laga thi tha the ghar dukaan shehar shahar ilaqa ilaqay ilaake mohalla waqt time der haal hal theek thik shukriya meherbani salam salaam aoa assalam asalam assalamualaikum alaikum walaikum o pata haan han jab tab agar lekin magar wajah is us isko usko ye yeh wo woh yahi wahi jo bhej bhejo ja jaa jata jate aa aata aati araha arahi aya ayi nikal khul khulta khulti baghair bagair bina sahi sakta sakti sakte pa baar bar kai roz walo walon walay chalra chalrha chalraha kahan kidhar kaha larki larka pani dada dadi nana nani ammi abbu",
  // Urdu script
  "ہے ہیں ہو ہوا ہوئی ہوئے ہوتا ہوتی ہوتے رہا رہی رہے چل چلتا چلتی چلتے چلا چلی کام کر کرو کریں کرتا کرتی کیا کیے دیا دی دے سے میں میرا میری میرے مجھے ہم ہمارا ہماری ہمارے آپ یہاں وہاں آج کل صبح رات شام ابھی اب پھر دوبارہ صرف بس بھی اور یا کا کی کے کو پر تک بہت بالکل کافی زیادہ بھائی جی براہ مہربانی کیوں کب کیسے کوئی کچھ سب سارا ساری پورا پوری والا والی والے گیا گئی گئے لگ لگتا لگتی تھا تھی تھے گھر شہر علاقہ علاقے وقت حال ٹھیک شکریہ سلام السلام علیکم وعلیکم جناب پتہ ہاں جب اگر لیکن مگر وجہ یہ وہ یہی جو آ آتا آتی آرہا جا جاتا جاتی جاتے کھل کھلتا کھلتی لوڈ بغیر بنا سکتا سکتی سروس سروسز ایپ اپ سائٹ فون پیکج بیلنس تو نے ہی پاکستان کنیکٹ کئی روز",
].flatMap((line) => line.split(" "));

export const ISP_ALIASES: Record<string, string[]> = {
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

export const SERVICE_ALIASES: Record<string, string[]> = {
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
export const WEAK_NAMES = keySet(
  "x tor dawn geo teams ایکس ٹور ڈان جیو راست دراز وارد tank bagh haveli nagar chaman ٹانک باغ حویلی نگر چمن کرم مری",
);

/** Town names that are everyday words ("chak", "bhag", "jati" = goes, "mithi" = sweet): never read as places. */
export const DROPPED_NAMES = keySet(
  "chak bhag daur sann mach jhol topi thal hala tangi bela jati moro karor kamra digri wana lakhi mehar jand dokri chhor rustam mangla bandhi mithi zaida chamber warah johi bhan " +
    "چک بھاگ دوڑ سن مچھ جھول ٹوپی تھل ہالا تنگی بیلہ جاتی مورو کروڑ ڈگری لکھی رستم منگلا بندھی مٹھی زیدہ",
);

/** Karachi the city spans seven districts: a named part of it wins over the bare city. */
export const BROAD_AREAS = keySet("karachi khi کراچی");

export const AREA_ALIASES: Record<string, string[]> = {
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
export const NO_FUZZY_ALIASES = keySet("pesh toba pindi storm apple google proxy gulshan");

export const PROVINCE_ALIASES: Record<string, string[]> = {
  "khyber-pakhtunkhwa": ["kpk", "pakhtunkhwa", "sarhad", "کے پی کے", "کے پی"],
  punjab: ["panjab"],
  sindh: ["sind"],
  balochistan: ["baluchistan"],
  "gilgit-baltistan": ["gilgit baltistan"],
  "azad-kashmir": ["ajk", "azad kashmir", "kashmir", "کشمیر"],
};

/** Suffixes a gazetteer name may drop: "Attock City" is also "Attock". */
export const PLACE_SUFFIXES = keySet("city cantonment cantonement kalan sadr شہر کینٹ کلاں صدر");
