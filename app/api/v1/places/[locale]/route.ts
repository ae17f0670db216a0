import { hasLocale } from "next-intl";
import { routing } from "@/i18n/routing";
import { invalidField } from "@/lib/errors";
import { errorResponse, json } from "@/lib/http/respond";
import { placeList } from "@/lib/reference/place-list";

// GET /api/v1/places/en | /api/v1/places/ur: the report form's list of
// places and districts (lib/reference/place-list.ts). Reference data: it
// changes only with a release.
export async function GET(_request: Request, { params }: { params: Promise<{ locale: string }> }): Promise<Response> {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) return errorResponse(invalidField("locale", "invalid"));
  return json(placeList(locale), 200, { "Cache-Control": "public, max-age=3600, stale-while-revalidate=86400" });
}
