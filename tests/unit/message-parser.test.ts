import { describe, expect, it } from "vitest";
import { mergeFields, normaliseText, parseMessage, recognisedNothing, type MessageLanguage } from "@/lib/intake/message-parser";
import { DISTRICTS, ISPS, SERVICES } from "@/lib/reference";
import { PROBLEMS } from "@/lib/reports/vocabulary";

// Messages as people send them by SMS or WhatsApp: English, Roman Urdu and
// Urdu script, with typos, shouting, emojis, Arabic letter variants and
// Arabic-Indic digits. Each row: text, then the expected isp, area (district
// slug), service and problem; "_" where the message does not give one (then
// the field is missing). Service and problem include the parser's defaults
// (the whole internet, not working), which make a short text a full report.

const _ = undefined;
type Row = readonly [text: string, isp: string | undefined, area: string | undefined, service: string | undefined, problem: string | undefined];

const ENGLISH: Row[] = [
  ["ZONG KARACHI WHATSAPP", "zong", "karachi-south", "whatsapp", "no_connection"],
  ["Jazz Lahore internet down", "jazz", "lahore", "internet", "no_connection"],
  ["PTCL Islamabad very slow since morning", "ptcl", "islamabad", "internet", "slow"],
  ["telenor multan youtube not working!!", "telenor", "multan", "youtube", "no_connection"],
  ["Ufone Quetta no internet since 3 days", "ufone", "quetta", "internet", "no_connection"],
  ["Nayatel Rawalpindi VPN blocked", "nayatel", "rawalpindi", "vpn", "vpn_blocked"],
  ["Whatsapp voice notes not sending, Zong Faisalabad", "zong", "faisalabad", "whatsapp", "media_fails"],
  ["StormFiber Karachi East slow", "stormfiber", "karachi-east", "internet", "slow"],
  ["jazz 4g sialkot facebook not loading", "jazz", "sialkot", "facebook", "no_connection"],
  ["whatsap not working telenr karachii", "telenor", "karachi-south", "whatsapp", "no_connection"],
  ["Zong Gujranwala mobile data off", "zong", "gujranwala", "internet", "no_connection"],
  ["twitter blocked ptcl lahore", "ptcl", "lahore", "x", "site_blocked"],
  ["X not opening on Jazz in Islamabad", "jazz", "islamabad", "x", "no_connection"],
  ["Instagram photos not loading ufone peshawar", "ufone", "peshawar", "instagram", "media_fails"],
  ["Telenor Abbottabad calls failing", "telenor", "abbottabad", "internet", "calls_fail"],
  ["whatsapp calls not connecting zong mardan", "zong", "mardan", "whatsapp", "calls_fail"],
  ["Jazz Swat internet shutdown", "jazz", "swat", "internet", "no_connection"],
  ["ptcl gilgit net down since 2 days", "ptcl", "gilgit", "internet", "no_connection"],
  ["SCOM Muzaffarabad no service", "scom", "muzaffarabad", "internet", "no_connection"],
  ["Zong Hyderabad YouTube buffering", "zong", "hyderabad", "youtube", "slow"],
  ["Telenor Dera Ghazi Khan internet very slow", "telenor", "dera-ghazi-khan", "internet", "slow"],
  ["jazz D.I. Khan no signal", "jazz", "dera-ismail-khan", "internet", "no_connection"],
  ["Wateen Lahore fiber down", "wateen", "lahore", "internet", "no_connection"],
  ["Google Play not downloading, Nayatel Islamabad", "nayatel", "islamabad", "google-play", "no_connection"],
  ["telegram blocked on zong quetta", "zong", "quetta", "telegram", "site_blocked"],
  ["Ufone Sukkur WhatsApp slow", "ufone", "sukkur", "whatsapp", "slow"],
  ["Jazz Larkana internet not working since yesterday", "jazz", "larkana", "internet", "no_connection"],
  ["Bahawalpur ptcl broadband dead", "ptcl", "bahawalpur", "internet", "no_connection"],
  ["zong sahiwal tiktok not working", "zong", "sahiwal", "tiktok", "no_connection"],
  ["Transworld Karachi slow speed", "transworld", "karachi-south", "internet", "slow"],
  ["Zong internet down", "zong", _, "internet", "no_connection"],
  ["Lahore whatsapp down", _, "lahore", "whatsapp", "no_connection"],
  ["internet is down again", _, _, "internet", "no_connection"],
  ["Telenor Punjab internet down", "telenor", _, "internet", "no_connection"],
  ["JAZZ!!! PESHAWAR!!! NO INTERNET 😡😡", "jazz", "peshawar", "internet", "no_connection"],
  ["youtube slow on ptcl in Gujrat", "ptcl", "gujrat", "youtube", "slow"],
  ["fb messenger calls fail jazz multan", "jazz", "multan", "messenger", "calls_fail"],
  ["Zong Sialkot VPN not working", "zong", "sialkot", "vpn", "vpn_blocked"],
  ["Nayatel isb wifi very slow tonight", "nayatel", "islamabad", "internet", "slow"],
  ["Ufone rawalpindi gmail not opening", "ufone", "rawalpindi", "gmail", "no_connection"],
  ["Mardan telenor whatsapp pictures not going", "telenor", "mardan", "whatsapp", "media_fails"],
  ["Zong Gilgit net gone", "zong", "gilgit", "internet", "no_connection"],
  ["Jazz Mirpur Khas internet outage", "jazz", "mirpur-khas", "internet", "no_connection"],
  ["PTCL Mirpur broadband down", "ptcl", "mirpur", "internet", "no_connection"],
  ["Zong Chitral no data", "zong", "chitral-lower", "internet", "no_connection"],
  ["jazz nawabshah whatsapp down", "jazz", "shaheed-benazir-abad", "whatsapp", "no_connection"],
  ["Telenor Murree signals weak", "telenor", "rawalpindi", "internet", "slow"],
  ["Zong Faislabad youtub not working", "zong", "faisalabad", "youtube", "no_connection"],
  ["ptcl lahor internt slow", "ptcl", "lahore", "internet", "slow"],
  ["Jazz Qeutta WhatsApp media not downloading", "jazz", "quetta", "whatsapp", "media_fails"],
  ["Zong karachi korangi internet down", "zong", "karachi-korangi", "internet", "no_connection"],
  ["ufone tank net down", "ufone", "tank", "internet", "no_connection"],
  ["Psiphon blocked on ptcl Hyderabad", "ptcl", "hyderabad", "tor-psiphon", "vpn_blocked"],
  ["Jazz Okara easypaisa app not working", "jazz", "okara", "easypaisa", "no_connection"],
  ["zong mingora whatsapp down", "zong", "swat", "whatsapp", "no_connection"],
  ["PTCL Charsadda net slow", "ptcl", "charsadda", "internet", "slow"],
  ["Zong sheikhupura 5 hours no internet", "zong", "sheikhupura", "internet", "no_connection"],
  ["telenor jhelum discord blocked", "telenor", "jhelum", "discord", "site_blocked"],
  // Sentences rather than keywords.
  ["Internet not working in G-11 Islamabad on Zong", "zong", "islamabad", "internet", "no_connection"],
  ["Is WhatsApp down in Karachi? using jazz", "jazz", "karachi-south", "whatsapp", "no_connection"],
  ["no internet on my jazz sim in multan since last night", "jazz", "multan", "internet", "no_connection"],
  ["Cannot send pictures on whatsapp. Network: Telenor, City: Lahore", "telenor", "lahore", "whatsapp", "media_fails"],
  ["PTCL fibre in DHA Lahore extremely slow today", "ptcl", "lahore", "internet", "slow"],
  ["Zong. Karachi. Whatsapp images.", "zong", "karachi-south", "whatsapp", "media_fails"],
  ["jazz in sukkur, cant open facebook or insta", "jazz", "sukkur", "facebook", "no_connection"],
  ["Telenor 4G down in Quetta city", "telenor", "quetta", "internet", "no_connection"],
  ["mobilink karachi net slow", "jazz", "karachi-south", "internet", "slow"],
  ["pitcl isb down", "ptcl", "islamabad", "internet", "no_connection"],
  ["Telenor Hyderabad Sindh net slow", "telenor", "hyderabad", "internet", "slow"],
  ["zong muree net slow", "zong", "rawalpindi", "internet", "slow"],
  ["telenor sargoda whatsapp down", "telenor", "sargodha", "whatsapp", "no_connection"],
  // Known misses: a service that is not in the list, and a town named like another district.
  ["Lahore, PTCL, Netflix not working", "ptcl", "lahore", "other", "no_connection"],
  ["Sahiwal (Sargodha) jazz net band", "jazz", "sargodha", "internet", "no_connection"],
];

const ROMAN_URDU: Row[] = [
  ["jazz lahore net band", "jazz", "lahore", "internet", "no_connection"],
  ["PTCL 5 din se internet nahi", "ptcl", _, "internet", "no_connection"],
  ["zong karachi whatsapp nahi chal raha", "zong", "karachi-south", "whatsapp", "no_connection"],
  ["telenor pindi net bohat sust hai", "telenor", "rawalpindi", "internet", "slow"],
  ["ufone isb youtube slow chal raha hai", "ufone", "islamabad", "youtube", "slow"],
  ["bhai jazz peshawar mein net bund hai 2 ghante se", "jazz", "peshawar", "internet", "no_connection"],
  ["zong multan wa voice note nai ja raha", "zong", "multan", "whatsapp", "media_fails"],
  ["yar ptcl lhr mein vpn nahi chal rahi", "ptcl", "lahore", "vpn", "vpn_blocked"],
  ["Jazz Faisalabad mein call nahi lag rahi", "jazz", "faisalabad", "internet", "calls_fail"],
  ["Telenor quetta data band hai kal se", "telenor", "quetta", "internet", "no_connection"],
  ["zong hyderabad fb nahi khul raha", "zong", "hyderabad", "facebook", "no_connection"],
  ["nayatel isb net bohot slow he aj", "nayatel", "islamabad", "internet", "slow"],
  ["ufone sukkur insta pe pics nahi ja rahi", "ufone", "sukkur", "instagram", "media_fails"],
  ["Jazz Sialkot WhatsApp pe vn nahi ja rahe", "jazz", "sialkot", "whatsapp", "media_fails"],
  ["zong gujranwala mobile data nahi chal raha", "zong", "gujranwala", "internet", "no_connection"],
  ["ptcl abbottabad wifi band hai subah se", "ptcl", "abbottabad", "internet", "no_connection"],
  ["telenor mardan mein signal hi nahi aa rahe", "telenor", "mardan", "internet", "no_connection"],
  ["Jazz swat me net nhi chal raha 3 din se", "jazz", "swat", "internet", "no_connection"],
  ["zong gilgit internet bilkul band", "zong", "gilgit", "internet", "no_connection"],
  ["ufone muzaffarabad youtube bohat dheema", "ufone", "muzaffarabad", "youtube", "slow"],
  ["jaz karachi net nai chl rha", "jazz", "karachi-south", "internet", "no_connection"],
  ["zonge lahore whatsap band", "zong", "lahore", "whatsapp", "no_connection"],
  ["telenr islambad net sust", "telenor", "islamabad", "internet", "slow"],
  ["ptcl rawalpndi net masla", "ptcl", "rawalpindi", "internet", "no_connection"],
  ["Zong DG Khan mein tiktok nahi chal raha", "zong", "dera-ghazi-khan", "tiktok", "no_connection"],
  ["jazz rahim yar khan net band hai", "jazz", "rahim-yar-khan", "internet", "no_connection"],
  ["ufone bahawalpur whatsapp call nahi lag rahi", "ufone", "bahawalpur", "whatsapp", "calls_fail"],
  ["zong larkana mein net bohat kharab hai", "zong", "larkana", "internet", "no_connection"],
  ["jazz net band", "jazz", _, "internet", "no_connection"],
  ["karachi mein whatsapp nahi chal raha", _, "karachi-south", "whatsapp", "no_connection"],
  ["net nahi chal raha", _, _, "internet", "no_connection"],
  ["sindh mein net band hai", _, _, "internet", "no_connection"],
  ["Zong sargodha mein youtube sirf vpn se chalta hai", "zong", "sargodha", "youtube", "site_blocked"],
  ["ptcl karachi malir net slow hai", "ptcl", "karachi-malir", "internet", "slow"],
  ["jazz okara net ka masla hai", "jazz", "okara", "internet", "no_connection"],
  ["telenor kasur media nahi download ho raha whatsapp pe", "telenor", "kasur", "whatsapp", "media_fails"],
  ["zong mirpur khas 4g band", "zong", "mirpur-khas", "internet", "no_connection"],
  ["Ufone Jhang net boht slow", "ufone", "jhang", "internet", "slow"],
  ["jazz chiniot me x nahi chal raha", "jazz", "chiniot", "x", "no_connection"],
  ["storm fiber karachi east net down hai", "stormfiber", "karachi-east", "internet", "no_connection"],
  ["zong kohat photo nahi ja rahi", "zong", "kohat", "internet", "media_fails"],
  ["Jazz Attock internet 1 hafte se band hai", "jazz", "attock", "internet", "no_connection"],
  ["telenor bannu net sust chal raha", "telenor", "bannu", "internet", "slow"],
  ["ptcl hyd broadband nahi chal raha", "ptcl", "hyderabad", "internet", "no_connection"],
  ["zong mansehra whatsapp video nahi ja rahi", "zong", "mansehra", "whatsapp", "media_fails"],
  ["jazz nowshera google nahi khul raha", "jazz", "nowshera", "google-search", "no_connection"],
  ["ufone turbat net band", "ufone", "kech", "internet", "no_connection"],
  ["zong gwadar mein internet 5 din se band", "zong", "gwadar", "internet", "no_connection"],
  ["jazz pesh net ahista", "jazz", "peshawar", "internet", "slow"],
  ["telenor khi wa calls nahi ho rahi", "telenor", "karachi-south", "whatsapp", "calls_fail"],
  ["Nayatel rwp vpn block kar diya", "nayatel", "rawalpindi", "vpn", "vpn_blocked"],
  ["zong lahore youtube video buffering bohat", "zong", "lahore", "youtube", "slow"],
  ["jazz sukkur jazzcash nahi chal raha", "jazz", "sukkur", "jazzcash", "no_connection"],
  ["ptcl multan internet bund hai kal raat se", "ptcl", "multan", "internet", "no_connection"],
  ["Zong Hunza net nahi hai", "zong", "hunza", "internet", "no_connection"],
  ["jazz skardu data nahi chal raha", "jazz", "skardu", "internet", "no_connection"],
  ["bhai ufone vehari mein signal nahi", "ufone", "vehari", "internet", "no_connection"],
  ["telenor jacobabad whatsapp sust", "telenor", "jacobabad", "whatsapp", "slow"],
  ["zong ka net nahi chal raha lahore me", "zong", "lahore", "internet", "no_connection"],
  ["bhai jazz walo ka net band hai islamabad mein", "jazz", "islamabad", "internet", "no_connection"],
  ["telenor ki service band hai multan", "telenor", "multan", "internet", "no_connection"],
  ["mere ptcl ka wifi bohat slow hai faisalabad", "ptcl", "faisalabad", "internet", "slow"],
  ["zong sim pe whatsapp nahi chal rha karachi", "zong", "karachi-south", "whatsapp", "no_connection"],
  ["Ufone k signals nahi aa rahe Sialkot mein", "ufone", "sialkot", "internet", "no_connection"],
  ["yaar youtube nai chalra zong pe multan", "zong", "multan", "youtube", "no_connection"],
  ["jazz rawalpindi whatsapp pe voice msg nahi ja raha", "jazz", "rawalpindi", "whatsapp", "media_fails"],
  ["Zong net bnd h lhr", "zong", "lahore", "internet", "no_connection"],
  ["Muzaffarabad mein scom ka net band", "scom", "muzaffarabad", "internet", "no_connection"],
  ["net band hai bhai 3 din se, jazz, gujrat", "jazz", "gujrat", "internet", "no_connection"],
  ["Kashmir mein jazz net band", "jazz", _, "internet", "no_connection"],
];

const URDU: Row[] = [
  ["یوٹیوب سست زونگ اسلام آباد", "zong", "islamabad", "youtube", "slow"],
  ["جاز لاہور نیٹ بند", "jazz", "lahore", "internet", "no_connection"],
  ["زونگ کراچی واٹس ایپ نہیں چل رہا", "zong", "karachi-south", "whatsapp", "no_connection"],
  ["پی ٹی سی ایل راولپنڈی انٹرنیٹ بہت سست", "ptcl", "rawalpindi", "internet", "slow"],
  ["ٹیلی نار ملتان نیٹ بند ہے", "telenor", "multan", "internet", "no_connection"],
  ["یوفون کوئٹہ ۳ دن سے انٹرنیٹ نہیں", "ufone", "quetta", "internet", "no_connection"],
  ["جاز پشاور واٹس ایپ وائس نوٹ نہیں جا رہے", "jazz", "peshawar", "whatsapp", "media_fails"],
  ["زونگ فیصل آباد فیس بک نہیں کھل رہا", "zong", "faisalabad", "facebook", "no_connection"],
  ["نیا ٹیل اسلام آباد وی پی این بند", "nayatel", "islamabad", "vpn", "vpn_blocked"],
  ["جاز حیدرآباد کال نہیں لگ رہی", "jazz", "hyderabad", "internet", "calls_fail"],
  ["زونگ سیالکوٹ یوٹیوب بہت آہستہ", "zong", "sialkot", "youtube", "slow"],
  ["ٹیلی نار گوجرانوالہ موبائل ڈیٹا بند", "telenor", "gujranwala", "internet", "no_connection"],
  ["پی ٹی سی ایل ایبٹ آباد وائی فائی نہیں چل رہا", "ptcl", "abbottabad", "internet", "no_connection"],
  ["جاز مردان انسٹاگرام تصویریں نہیں جا رہیں", "jazz", "mardan", "instagram", "media_fails"],
  ["یوفون سوات نیٹ بند ہے", "ufone", "swat", "internet", "no_connection"],
  ["زونگ گلگت انٹرنیٹ ۲ دن سے بند", "zong", "gilgit", "internet", "no_connection"],
  ["جاز مظفرآباد ٹک ٹاک نہیں چل رہا", "jazz", "muzaffarabad", "tiktok", "no_connection"],
  // Arabic keyboard letters: ك for ک, ي for ی, ه for ہ.
  ["جاز كراچي نيٹ بند", "jazz", "karachi-south", "internet", "no_connection"],
  ["زونگ لاهور يوٹيوب سست", "zong", "lahore", "youtube", "slow"],
  ["ٹیلی نار مُلتان نیٹ بَند", "telenor", "multan", "internet", "no_connection"],
  ["جـــاز پشـاور نیٹ بند", "jazz", "peshawar", "internet", "no_connection"],
  ["زونگ ڈیرہ غازی خان انٹرنیٹ سست ہے", "zong", "dera-ghazi-khan", "internet", "slow"],
  ["جاز ڈیرہ اسماعیل خان نیٹ نہیں", "jazz", "dera-ismail-khan", "internet", "no_connection"],
  ["یوفون رحیم یار خان واٹس ایپ بند", "ufone", "rahim-yar-khan", "whatsapp", "no_connection"],
  ["پی ٹی سی ایل کراچی ملیر نیٹ سلو", "ptcl", "karachi-malir", "internet", "slow"],
  ["جاز نیٹ بند ہے", "jazz", _, "internet", "no_connection"],
  ["لاہور میں واٹس ایپ نہیں چل رہا", _, "lahore", "whatsapp", "no_connection"],
  ["نیٹ بند ہے", _, _, "internet", "no_connection"],
  ["زونگ ٹویٹر بلاک ہے اسلام آباد", "zong", "islamabad", "x", "site_blocked"],
  ["جاز بہاولپور یوٹیوب صرف وی پی این سے چلتا ہے", "jazz", "bahawalpur", "youtube", "site_blocked"],
  ["ٹیلی نار سکھر واٹس ایپ کال نہیں ہو رہی", "telenor", "sukkur", "whatsapp", "calls_fail"],
  ["زونگ لاڑکانہ نیٹ بہت خراب", "zong", "larkana", "internet", "no_connection"],
  ["یوفون سرگودھا فیس بک سست", "ufone", "sargodha", "facebook", "slow"],
  ["جاز ساہیوال ٹیلی گرام نہیں چل رہا", "jazz", "sahiwal", "telegram", "no_connection"],
  ["پی ٹی سی ایل گجرات براڈبینڈ بند", "ptcl", "gujrat", "internet", "no_connection"],
  ["زونگ چترال انٹرنیٹ نہیں ہے", "zong", "chitral-lower", "internet", "no_connection"],
  ["ٹیلی نار نوشہرہ ڈیٹا بند ۵ گھنٹے سے", "telenor", "nowshera", "internet", "no_connection"],
  ["جاز اوکاڑہ جاز کیش نہیں چل رہا", "jazz", "okara", "jazzcash", "no_connection"],
  ["زونگ ہری پور گوگل پلے نہیں چل رہا", "zong", "haripur", "google-play", "no_connection"],
  ["یوفون جہلم وائس نوٹس نہیں جا رہے", "ufone", "jhelum", "internet", "media_fails"],
  ["جاز گوادر انٹرنیٹ بند ہے ٣ دن سے", "jazz", "gwadar", "internet", "no_connection"],
  ["زونگ خضدار نیٹ نہیں چل رہا", "zong", "khuzdar", "internet", "no_connection"],
  ["پی ٹی سی ایل کوہاٹ نیٹ سست ہے", "ptcl", "kohat", "internet", "slow"],
  ["وٹس ایپ بند ہے جاز ٹوبہ ٹیک سنگھ", "jazz", "toba-tek-singh", "whatsapp", "no_connection"],
  ["ٹیلی نار وہاڑی یوٹیوب نہیں چل رہا", "telenor", "vehari", "youtube", "no_connection"],
  ["زونگ ملتان واٹس ایپ ویڈیو کال نہیں لگ رہی", "zong", "multan", "whatsapp", "calls_fail"],
  ["جاز کراچی شرقی نیٹ بند", "jazz", "karachi-east", "internet", "no_connection"],
  ["سٹورم فائبر کراچی نیٹ سلو", "stormfiber", "karachi-south", "internet", "slow"],
  ["یوفون چارسدہ انٹرنیٹ ڈاؤن", "ufone", "charsadda", "internet", "no_connection"],
  ["زونگ بنوں نیٹ بند", "zong", "bannu", "internet", "no_connection"],
  ["جاز شیخوپورہ ایزی پیسہ نہیں چل رہا", "jazz", "sheikhupura", "easypaisa", "no_connection"],
  ["ٹیلی نور کوئٹہ نیٹ بند", "telenor", "quetta", "internet", "no_connection"],
  ["زونگ پنڈی میں فیس بک پر تصویریں نہیں جا رہیں", "zong", "rawalpindi", "facebook", "media_fails"],
  ["جاز مانسہرہ سگنل نہیں", "jazz", "mansehra", "internet", "no_connection"],
  ["پی ٹی سی ایل حیدر آباد نیٹ بند", "ptcl", "hyderabad", "internet", "no_connection"],
  ["یوفون ڈی آئی خان نیٹ سست", "ufone", "dera-ismail-khan", "internet", "slow"],
  ["زونگ ہنزہ نیٹ نہیں چل رہا", "zong", "hunza", "internet", "no_connection"],
  ["جاز اسلام\u200cآباد ڈیٹا بہت سلو ہے", "jazz", "islamabad", "internet", "slow"],
  ["کراچی میں زونگ کا انٹرنیٹ بند ہے", "zong", "karachi-south", "internet", "no_connection"],
  ["جاز کا نیٹ بہت سلو ہے لاہور میں", "jazz", "lahore", "internet", "slow"],
  ["ملتان میں ٹیلی نار کی سروس بند ہے", "telenor", "multan", "internet", "no_connection"],
  ["یوفون سم پر واٹس ایپ نہیں چل رہا، پشاور", "ufone", "peshawar", "whatsapp", "no_connection"],
  ["پی ٹی سی ایل کا وائی فائی کام نہیں کر رہا، فیصل آباد", "ptcl", "faisalabad", "internet", "no_connection"],
  ["زونگ کے سگنل نہیں آ رہے سیالکوٹ", "zong", "sialkot", "internet", "no_connection"],
  ["جاز پر یوٹیوب نہیں چل رہا گوجرانوالہ میں", "jazz", "gujranwala", "youtube", "no_connection"],
  ["واٹس اپ پر تصویر نہیں جا رہی جاز کوئٹہ", "jazz", "quetta", "whatsapp", "media_fails"],
  ["نیا ٹیل راولپنڈی نیٹ صبح سے بند", "nayatel", "rawalpindi", "internet", "no_connection"],
  ["زونگ ڈیٹا بند ہے بہاولپور میں کل سے", "zong", "bahawalpur", "internet", "no_connection"],
  ["ٹیلی نار حیدرآباد سندھ نیٹ بند", "telenor", "hyderabad", "internet", "no_connection"],
];

/** Nothing a report needs: a greeting, thanks, gibberish, an emoji, or only a province. */
const REFUSALS: [text: string, language: MessageLanguage][] = [
  ["hello", "en"],
  ["Hi", "en"],
  ["thanks", "en"],
  ["ok", "en"],
  ["???", "en"],
  ["😀👍", "en"],
  ["asdfgh", "en"],
  ["Punjab", "en"],
  ["KPK", "en"],
  ["Balochistan 🙏", "en"],
  ["kya haal hai", "roman-ur"],
  ["assalam o alaikum", "en"],
  ["shukriya bhai", "roman-ur"],
  ["sindh", "en"],
  ["koi hai?", "roman-ur"],
  ["السلام علیکم", "ur"],
  ["پنجاب", "ur"],
  ["شکریہ", "ur"],
  ["آزاد کشمیر", "ur"],
];

type CommandRow = [text: string, command: "help" | "stop" | "start" | "status", fields: { isp?: string; area?: string; service?: string }, language: MessageLanguage];
const COMMANDS: CommandRow[] = [
  ["HELP", "help", {}, "en"],
  ["help?", "help", {}, "en"],
  ["madad", "help", {}, "roman-ur"],
  ["madad chahiye", "help", {}, "roman-ur"],
  ["مدد", "help", {}, "ur"],
  ["STOP", "stop", {}, "en"],
  ["stop.", "stop", {}, "en"],
  ["رکیں", "stop", {}, "ur"],
  ["بس", "stop", {}, "ur"],
  ["START", "start", {}, "en"],
  ["شروع", "start", {}, "ur"],
  ["STATUS zong lahore", "status", { isp: "zong", area: "lahore" }, "en"],
  ["status youtube", "status", { service: "youtube" }, "en"],
  ["Status Jazz Karachi", "status", { isp: "jazz", area: "karachi-south" }, "en"],
  ["status whatsapp zong multan", "status", { isp: "zong", service: "whatsapp", area: "multan" }, "en"],
  ["halat ptcl isb", "status", { isp: "ptcl", area: "islamabad" }, "roman-ur"],
  ["حالت جاز کراچی", "status", { isp: "jazz", area: "karachi-south" }, "ur"],
  ["STATUS", "status", {}, "en"],
];

const FIELDS = ["isp", "area", "service", "problem"] as const;
type Field = (typeof FIELDS)[number];
type Expected = Partial<Record<Field, string>>;

const toExpected = ([, isp, area, service, problem]: Row): Expected => ({ isp, area, service, problem });

type Case = { text: string; expected: Expected; language: MessageLanguage };
const CASES: Case[] = [
  ...ENGLISH.map((r) => ({ text: r[0], expected: toExpected(r), language: "en" as const })),
  ...ROMAN_URDU.map((r) => ({ text: r[0], expected: toExpected(r), language: "roman-ur" as const })),
  ...URDU.map((r) => ({ text: r[0], expected: toExpected(r), language: "ur" as const })),
  ...REFUSALS.map(([text, language]) => ({ text, expected: {}, language })),
  ...COMMANDS.map(([text, , fields, language]) => ({ text, expected: fields, language })),
];

/** The four fields as the parser gave them, whatever the kind of message. */
function got(text: string): Expected {
  const m = parseMessage(text);
  if (m.kind === "empty") return {};
  const f = m.fields;
  return { isp: f.isp, area: f.area, service: f.service, problem: f.problem };
}

describe("the message table", () => {
  it("uses real slugs and has enough of each kind of message", () => {
    const districts = new Set(DISTRICTS.map((d) => d.slug));
    const isps = new Set(ISPS.map((i) => i.slug));
    const services = new Set(SERVICES.map((s) => s.slug));
    const problems = new Set<string>(PROBLEMS);
    for (const c of CASES) {
      if (c.expected.isp) expect(isps.has(c.expected.isp), c.text).toBe(true);
      if (c.expected.area) expect(districts.has(c.expected.area), c.text).toBe(true);
      if (c.expected.service) expect(services.has(c.expected.service), c.text).toBe(true);
      if (c.expected.problem) expect(problems.has(c.expected.problem), c.text).toBe(true);
    }
    expect(CASES.length).toBeGreaterThanOrEqual(160);
    for (const part of [ENGLISH, ROMAN_URDU, URDU]) expect(part.length).toBeGreaterThanOrEqual(50);
    expect(REFUSALS.length).toBeGreaterThanOrEqual(15);
    expect(COMMANDS.length).toBeGreaterThanOrEqual(10);
  });

  it("finds the fields with precision ≥ 0.95 and recall ≥ 0.9", () => {
    const count = { found: 0, expected: 0, correct: 0 };
    const per = Object.fromEntries(FIELDS.map((f) => [f, { ...count }])) as Record<Field, typeof count>;
    const failures: string[] = [];
    for (const c of CASES) {
      const actual = got(c.text);
      for (const f of FIELDS) {
        const a = actual[f];
        const e = c.expected[f];
        if (a !== undefined) per[f].found++;
        if (e !== undefined) per[f].expected++;
        if (a !== undefined && a === e) per[f].correct++;
        if (a !== e) failures.push(`${JSON.stringify(c.text)} ${f}: got ${a ?? "-"}, expected ${e ?? "-"}`);
      }
    }
    const total = { found: 0, expected: 0, correct: 0 };
    const lines = FIELDS.map((f) => {
      const s = per[f];
      total.found += s.found;
      total.expected += s.expected;
      total.correct += s.correct;
      return `${f.padEnd(8)} precision ${(s.correct / s.found).toFixed(3)}  recall ${(s.correct / s.expected).toFixed(3)}  (${s.correct} correct, ${s.found} found, ${s.expected} expected)`;
    });
    const precision = total.correct / total.found;
    const recall = total.correct / total.expected;
    lines.push(`overall  precision ${precision.toFixed(3)}  recall ${recall.toFixed(3)}  (${CASES.length} messages)`);
    console.log(`message parser, per field:\n${lines.join("\n")}${failures.length ? `\nmisses:\n${failures.join("\n")}` : ""}`);
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });

  it("detects the language of nearly every message", () => {
    const wrong = CASES.filter((c) => parseMessage(c.text).language !== c.language).map((c) => `${c.text}: ${parseMessage(c.text).language}`);
    expect(wrong.length / CASES.length, wrong.join("\n")).toBeLessThanOrEqual(0.05);
  });
});

// The core: each must come out exactly, missing fields included.
const CORE: Row[] = [...ENGLISH.slice(0, 14), ...ROMAN_URDU.slice(0, 14), ...URDU.slice(0, 14)];

describe("parseMessage, core reports", () => {
  it.each(CORE)("%s", (text, isp, area, service, problem) => {
    const m = parseMessage(text);
    expect(m.kind).toBe("report");
    if (m.kind !== "report") return;
    expect({ isp: m.fields.isp, area: m.fields.area, service: m.fields.service, problem: m.fields.problem }).toEqual({ isp, area, service, problem });
    expect(m.missing).toEqual([...(isp ? [] : ["isp"]), ...(area ? [] : ["area"])]);
  });

  it.each(REFUSALS)("refuses %j politely", (text, language) => {
    const m = parseMessage(text);
    expect(m).toMatchObject({ kind: "report", fields: {}, missing: ["isp", "area"], language });
    expect(recognisedNothing(m)).toBe(true);
  });

  it.each(COMMANDS)("reads %j as a command", (text, command, fields, language) => {
    expect(parseMessage(text)).toEqual({ kind: "command", command, fields, language });
  });

  it("returns empty for an empty or blank text", () => {
    expect(parseMessage("")).toEqual({ kind: "empty", language: "en" });
    expect(parseMessage("  \n\u200c ")).toEqual({ kind: "empty", language: "en" });
  });
});

describe("parseMessage, details", () => {
  it("sets the connection from the ISP, or from the words", () => {
    const fields = (t: string) => (parseMessage(t) as { fields: { connection?: string } }).fields;
    expect(fields("jazz lahore net band").connection).toBe("mobile");
    expect(fields("ptcl lahore net band").connection).toBe("fixed");
    expect(fields("scom muzaffarabad net band").connection).toBe("mobile"); // kind "both"
    expect(fields("hec pern lahore slow").connection).toBe("mobile"); // kind "education"
    expect(fields("zong lahore wifi band").connection).toBe("fixed");
    expect(fields("ptcl lahore 4g nahi chal raha").connection).toBe("mobile");
    expect(fields("lahore mobile data band").connection).toBe("mobile");
  });

  it("records which fields are defaults", () => {
    const m = parseMessage("ZONG KARACHI WHATSAPP");
    expect(m.kind === "report" && m.fields.defaulted).toEqual(["problem", "connection"]);
    const m2 = parseMessage("vpn lahore nayatel");
    expect(m2.kind === "report" && m2.fields.problem).toBe("vpn_blocked");
  });

  it("reads how long ago, and does not take the number for a place", () => {
    const since = (t: string) => (parseMessage(t) as { fields: { sinceHours?: number } }).fields.sinceHours;
    expect(since("PTCL 5 din se internet nahi")).toBe(120);
    expect(since("jazz lahore 5din se net band")).toBe(120);
    expect(since("zong karachi 3 hours no internet")).toBe(3);
    expect(since("زونگ کوئٹہ ۳ دن سے انٹرنیٹ بند")).toBe(72);
    expect(since("ufone multan do din se net band")).toBe(48);
    expect(since("telenor quetta net band kal se")).toBe(24);
    expect(parseMessage("PTCL 5 din se internet nahi")).toMatchObject({ missing: ["area"], unknownWords: [] });
  });

  it("lists the words it did not understand", () => {
    const m = parseMessage("zong lahore net band qwertyuiop");
    expect(m.kind === "report" && m.unknownWords).toEqual(["qwertyuiop"]);
  });

  it("names the province when only a province is given", () => {
    expect(parseMessage("Telenor Punjab internet down")).toMatchObject({ missing: ["area"], province: "punjab" });
    expect(parseMessage("Punjab")).toMatchObject({ fields: {}, province: "punjab" });
    // Islamabad Capital Territory has one district, so it is enough.
    expect(parseMessage("zong islamabad capital territory net band")).toMatchObject({ fields: { area: "islamabad" } });
  });
});

describe("ambiguities", () => {
  const area = (t: string) => (parseMessage(t) as { fields: { area?: string } }).fields.area;
  const service = (t: string) => (parseMessage(t) as { fields: { service?: string } }).fields.service;
  const problem = (t: string) => (parseMessage(t) as { fields: { problem?: string } }).fields.problem;
  const isp = (t: string) => (parseMessage(t) as { fields: { isp?: string } }).fields.isp;

  it("reads jazz as the ISP, and jazz cash as the service", () => {
    expect(isp("jazz lahore")).toBe("jazz");
    expect(service("jazz lahore")).toBe("internet");
    expect(parseMessage("jazz cash nahi chal raha zong lahore")).toMatchObject({ fields: { isp: "zong", service: "jazzcash" } });
    expect(parseMessage("jazz cash nahi chal raha")).toMatchObject({ fields: { service: "jazzcash" }, missing: ["isp", "area"] });
  });

  it("reads x as X only as a word of its own, and only if no app is named", () => {
    expect(service("x band jazz lahore")).toBe("x");
    expect(service("whatsapp x jazz lahore")).toBe("whatsapp");
    expect(service("jazz lahore 2x slow")).toBe("internet");
    expect(service("jazz lahore net 4 x 4")).toBe("internet");
  });

  it("reads net as the whole internet and band as off", () => {
    expect(parseMessage("net band")).toMatchObject({ fields: { service: "internet", problem: "no_connection" } });
    expect(parseMessage("band")).toMatchObject({ kind: "report", fields: { problem: "no_connection" } });
    // Only the single word stops replies.
    expect(parseMessage("band karo").kind).toBe("report");
    expect(parseMessage("stop karo whatsapp band").kind).toBe("report");
  });

  it("prefers a district over a town of the same name", () => {
    expect(area("jazz sahiwal")).toBe("sahiwal"); // also a town in Sargodha
    expect(area("jazz bahawalnagar")).toBe("bahawalnagar"); // also a town listed in Okara
    expect(area("jazz khairpur")).toBe("khairpur"); // also a town in Ghotki
    expect(area("jazz nasirabad")).toBe("nasirabad"); // also a town in Kambar Shahdad Kot
    expect(area("jazz khanpur")).toBe("rahim-yar-khan"); // only a town
  });

  it("resolves the big cities to their districts", () => {
    const cities: [string, string][] = [
      ["Hyderabad", "hyderabad"],
      ["Multan", "multan"],
      ["Quetta", "quetta"],
      ["Faisalabad", "faisalabad"],
      ["Sialkot", "sialkot"],
      ["Gujranwala", "gujranwala"],
      ["Abbottabad", "abbottabad"],
      ["Mardan", "mardan"],
      ["Swat", "swat"],
      ["Mingora", "swat"],
      ["Gilgit", "gilgit"],
      ["Muzaffarabad", "muzaffarabad"],
      ["Karachi", "karachi-south"],
      ["Karachi Central", "karachi-central"],
      ["Islamabad", "islamabad"],
      ["اسلام آباد", "islamabad"],
      ["حیدر آباد", "hyderabad"],
      ["dera ghazi khan", "dera-ghazi-khan"],
    ];
    for (const [name, slug] of cities) expect(area(`zong ${name} net band`), name).toBe(slug);
  });

  it("needs a district: a province alone is not a place", () => {
    expect(area("zong punjab net band")).toBeUndefined();
    expect(area("zong khyber pakhtunkhwa net band")).toBeUndefined();
    expect(area("zong khyber net band")).toBe("khyber"); // the district
    expect(area("zong gilgit baltistan net band")).toBeUndefined();
  });

  it("does not read everyday words as small towns", () => {
    expect(area("zong lahore mein call nahi lag rahi")).toBe("lahore");
    expect(parseMessage("jazz net wala masla hai")).toMatchObject({ missing: ["area"] });
    expect(parseMessage("ufone kamra mein signal nahi")).toMatchObject({ missing: ["area"] });
    expect(parseMessage("can't connect to whatsapp")).toMatchObject({ missing: ["isp", "area"] });
  });

  it("reads signal as the network unless the app is named", () => {
    expect(parseMessage("telenor swat signal nahi")).toMatchObject({ fields: { service: "internet", problem: "no_connection" } });
    expect(service("signal app nahi chal raha zong lahore")).toBe("signal");
  });

  it("reads a video on WhatsApp as media, a video on YouTube as the service", () => {
    expect(problem("zong lahore whatsapp video nahi ja rahi")).toBe("media_fails");
    expect(problem("zong lahore youtube video nahi chal rahi")).toBe("no_connection");
    expect(problem("zong lahore whatsapp video call nahi lagti")).toBe("calls_fail");
  });

  it("catches typos in names but not in short aliases", () => {
    expect(parseMessage("whatsap karachii telenr")).toMatchObject({ fields: { isp: "telenor", area: "karachi-south", service: "whatsapp" } });
    expect(parseMessage("yutube peshawer zongg")).toMatchObject({ fields: { isp: "zong", area: "peshawar", service: "youtube" } });
    expect(parseMessage("ptcl lahore wx")).toMatchObject({ fields: { service: "internet" } });
    expect(parseMessage("زونگ راولپینڈی نیٹ بند")).toMatchObject({ fields: { isp: "zong", area: "rawalpindi" } });
    expect(parseMessage("جاز فیصل اباد نیٹ بند")).toMatchObject({ fields: { area: "faisalabad" } }); // آ without its madda
  });

  it("does not turn everyday words into names", () => {
    for (const word of ["instead", "store", "darwaza", "kahan", "larki", "pani", "bandhi", "کبھی", "سوال", "news"]) {
      expect(parseMessage(`${word} net band`), word).toMatchObject({ fields: { service: "internet" }, missing: ["isp", "area"] });
    }
  });
});

describe("normaliseText", () => {
  it("maps Arabic letter variants to Urdu", () => {
    expect(normaliseText("كراچي")).toBe("کراچی");
    expect(normaliseText("لاهور")).toBe("لاہور");
    expect(normaliseText("ى")).toBe("ی");
    expect(normaliseText("مسئلة")).toBe("مسئلہ");
  });

  it("removes diacritics, tatweel and invisible joiners", () => {
    expect(normaliseText("مُلتان بَند")).toBe("ملتان بند");
    expect(normaliseText("جـــاز")).toBe("جاز");
    expect(normaliseText("اسلام\u200cآباد")).toBe("اسلامآباد");
    expect(normaliseText("آباد")).toBe("آباد"); // the madda of آ is a letter, not a diacritic
  });

  it("maps Arabic-Indic and Urdu digits to ASCII", () => {
    expect(normaliseText("٠١٢٣٤٥٦٧٨٩")).toBe("0123456789");
    expect(normaliseText("۰۱۲۳۴۵۶۷۸۹")).toBe("0123456789");
    expect(normaliseText("۳ دن")).toBe("3 دن");
  });

  it("keeps Latin text as it is, apart from spacing", () => {
    expect(normaliseText("  Zong   KARACHI\n")).toBe("Zong KARACHI");
  });
});

describe("mergeFields", () => {
  const report = (t: string) => {
    const m = parseMessage(t);
    if (m.kind !== "report") throw new Error(t);
    return m.fields;
  };

  it("fills the missing ISP and district from the follow-up", () => {
    const merged = mergeFields(report("net band hai lahore"), report("zong"));
    expect(merged).toMatchObject({ isp: "zong", area: "lahore", service: "internet", problem: "no_connection", connection: "mobile" });
    expect(mergeFields(report("jazz whatsapp slow"), report("karachi"))).toMatchObject({ isp: "jazz", area: "karachi-south", service: "whatsapp", problem: "slow" });
  });

  it("keeps what the earlier message said", () => {
    const merged = mergeFields(report("jazz whatsapp slow"), report("zong multan youtube band"));
    expect(merged).toMatchObject({ isp: "jazz", area: "multan", service: "whatsapp", problem: "slow" });
  });

  it("lets the follow-up replace a default", () => {
    const merged = mergeFields(report("karachi"), report("jazz whatsapp voice note"));
    expect(merged).toMatchObject({ isp: "jazz", area: "karachi-south", service: "whatsapp", problem: "media_fails", connection: "mobile" });
    expect(merged.defaulted).toEqual(["connection"]);
  });

  it("keeps an explicit connection over the follow-up ISP's kind", () => {
    expect(mergeFields(report("lahore wifi band"), report("zong")).connection).toBe("fixed");
  });

  it("returns nothing when neither message said anything", () => {
    expect(mergeFields({}, {})).toEqual({});
    expect(mergeFields({ isp: "zong" }, {})).toMatchObject({ isp: "zong", service: "internet", problem: "no_connection" });
  });
});
