// Inline, so the card is one request and needs nothing from our origin but
// itself (its policy allows no other style or script). The device's own
// fonts: a web font would cost the embedding page's reader more than the
// card itself, so Urdu names the faces phones and desktops ship (the same
// list as the site's, app/globals.css). The card fills its frame: the chart
// takes whatever height the header, figures and footer leave.
export const EMBED_STYLE = [
  "*{box-sizing:border-box}html,body{margin:0;height:100%}",
  "body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1b1b1b;background:#fff}",
  "html[lang=ur] body{font-family:'Noto Naskh Arabic','Noto Nastaliq Urdu','Jameel Noori Nastaleeq','Urdu Typesetting','Noto Sans Arabic',system-ui,sans-serif;line-height:1.5}",
  ".card{height:100%;border:1px solid #d9d9d9;border-radius:8px;padding:8px 12px;display:flex;flex-direction:column;gap:4px;overflow:hidden}",
  "header{display:flex;align-items:center;justify-content:space-between;gap:8px}",
  "h1{margin:0;font-size:17px;line-height:1.3;min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}h1 a{color:inherit;text-decoration:none}",
  ".status{flex:none;font-size:12px;font-weight:700;padding:0 8px;border-radius:999px;border:1px solid}",
  ".status-problem{color:#7a1712;background:#fdecea;border-color:#b3261e}.status-elevated{color:#5c3b00;background:#fff3cd;border-color:#b7791f}",
  ".status-normal{color:#1e5b2a;background:#e8f5e9;border-color:#2e7d32}.status-unknown{color:#5c5c5c;background:#f5f4f1;border-color:#d9d9d9}",
  "p{margin:0}.muted{color:#5c5c5c}",
  "figure{margin:0;flex:1 1 auto;min-height:44px;display:flex;flex-direction:column}",
  "svg{display:block;width:100%;flex:1 1 auto;min-height:30px;border-bottom:1px solid #8a8a8a}",
  ".band{fill:#8a8a8a;fill-opacity:.25}.typical{fill:none;stroke:#333;stroke-width:1.5;stroke-dasharray:4 3;vector-effect:non-scaling-stroke}",
  ".bars{fill:#b3261e}.partial{fill:#b3261e;fill-opacity:.55;stroke:#b3261e;stroke-width:1;vector-effect:non-scaling-stroke}",
  "figcaption{display:flex;justify-content:space-between;font-size:11px;line-height:1.3;color:#5c5c5c}",
  "footer{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:2px 12px;font-size:12px}",
  ".links{display:flex;align-items:center;gap:12px;font-size:13px}a{color:#1a5fb4}",
  ".report{color:#fff;background:#b3261e;padding:1px 10px;border-radius:6px;font-weight:700;text-decoration:none}",
  "a:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}",
  ".notice{padding:16px}",
].join("");
