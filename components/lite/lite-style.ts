// Inline, so the light page is one request. The device's own fonts only: a
// feature phone has no room (or time, on 2G) for a web font.
export const LITE_STYLE = [
  "body{margin:0 auto;max-width:40em;padding:0 .6em;font-family:sans-serif;line-height:1.5;color:#1b1b1b;background:#fff}",
  "html[lang=ur] body{line-height:1.9}",
  "h1{font-size:1.3em;margin:.4em 0}.top{margin:.4em 0;font-size:.9em}",
  ".f{margin:0 0 .9em;padding:0;border:0}label,legend{display:block;font-weight:bold}.r{font-weight:normal;margin:.2em 0}",
  ".sub{font-weight:normal;margin-top:.4em}small{display:block;color:#555}",
  "select,input[type=text],textarea{display:block;width:100%;max-width:30em;font-size:1em;box-sizing:border-box}",
  ".bad{border-inline-start:4px solid #b3261e;padding-inline-start:.5em}.err{color:#b3261e}.ok{font-weight:bold}",
  "button{font-size:1.1em;padding:.4em 1.2em;background:#b3261e;color:#fff;border:0}",
].join("");
