import { describe, expect, it } from "vitest";
import { parseMessage } from "@/lib/intake/message-parser";
import { fieldsOf } from "./helpers";

describe("parseMessage, details", () => {
  it("sets the connection from the ISP, or from the words", () => {
    expect(fieldsOf("jazz lahore net band").connection).toBe("mobile");
    expect(fieldsOf("ptcl lahore net band").connection).toBe("fixed");
    expect(fieldsOf("scom muzaffarabad net band").connection).toBe("mobile"); // kind "both"
    expect(fieldsOf("hec pern lahore slow").connection).toBe("mobile"); // kind "education"
    expect(fieldsOf("zong lahore wifi band").connection).toBe("fixed");
    expect(fieldsOf("ptcl lahore 4g nahi chal raha").connection).toBe("mobile");
    expect(fieldsOf("lahore mobile data band").connection).toBe("mobile");
  });

  it("records which fields are defaults", () => {
    const m = parseMessage("ZONG KARACHI WHATSAPP");
    expect(m.kind === "report" && m.fields.defaulted).toEqual(["problem", "connection"]);
    const m2 = parseMessage("vpn lahore nayatel");
    expect(m2.kind === "report" && m2.fields.problem).toBe("vpn_blocked");
  });

  it("reads how long ago, and does not take the number for a place", () => {
    const since = (t: string) => fieldsOf(t).sinceHours;
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
  const area = (t: string) => fieldsOf(t).area;
  const service = (t: string) => fieldsOf(t).service;
  const problem = (t: string) => fieldsOf(t).problem;
  const isp = (t: string) => fieldsOf(t).isp;

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
