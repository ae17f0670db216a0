// Messages as people send them by SMS or WhatsApp: English, Roman Urdu and
// Urdu script, with typos, shouting, emojis, Arabic letter variants and
// Arabic-Indic digits. Each row: text, then the expected isp, area (district
// slug), service and problem; "_" where the message does not give one (then
// the field is missing). Service and problem include the parser's defaults
// (the whole internet, not working), which make a short text a full report.

export const _ = undefined;
export type Row = readonly [text: string, isp: string | undefined, area: string | undefined, service: string | undefined, problem: string | undefined];
