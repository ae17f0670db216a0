import { keySet, type Token } from "./normalise";
import type { MessageLanguage } from "./types";

// Language: Urdu script, or Latin script in Roman Urdu or English.

/** Words that mark a Latin-script text as Roman Urdu rather than English. */
const ROMAN_URDU_MARKERS = keySet(
  "nahi nai nhi nahin nahee ni band bund bandh chal chl chalta chalti raha rahi rahe rha rhi hai hain hy hay se sy say din dino ghante ghanta sust kya kia kyun bohat bohot bahut boht mera meri mere hamara yahan abhi kal aaj karo kar kr gaya gayi gya bhi aur ka ki ke ko mein masla kharab madad halat haalat theek hua hui ho dheema ahista aahista shukriya bhai yaar yar koi haal walo",
);

export function detectLanguage(text: string, tokens: Token[]): MessageLanguage {
  const arabic = (text.match(/[\u0600-\u06FF]/g) ?? []).length;
  const latin = (text.match(/[a-zA-Z]/g) ?? []).length;
  if (arabic > 0 && arabic >= latin) return "ur";
  return tokens.some((t) => ROMAN_URDU_MARKERS.has(t.key)) ? "roman-ur" : "en";
}
