import createMiddleware from "next-intl/middleware";
import { routing } from "@/i18n/routing";

export default createMiddleware(routing);

export const config = {
  // Pages only: not the API, Next's assets or files such as /geo/*.geojson.
  matcher: "/((?!api|_next|_vercel|.*\\..*).*)",
};
