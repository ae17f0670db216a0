"use client";

import { useEffect, useState } from "react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";

const RETRY_MS = 5000;

/**
 * A page that failed to render. In production Next hides the error's
 * message, so the page asks the health route whether the database answers:
 * if not, it says the data is unavailable for a moment and tries again by
 * itself until the database is back (the app reconnects without a restart).
 */
export default function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errorPage");
  const router = useRouter();
  const [storageDown, setStorageDown] = useState(false);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async () => {
      const healthy = await fetch("/api/health", { cache: "no-store" }).then((r) => r.ok, () => false);
      if (stopped) return;
      if (healthy && storageDown) {
        router.refresh();
        reset();
        return;
      }
      if (!healthy) setStorageDown(true);
      if (!healthy) timer = setTimeout(() => void check(), RETRY_MS);
    };
    void check();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [storageDown, reset, router]);

  return (
    <section className="card" role="alert" data-testid="page-error" data-storage-down={storageDown}>
      <h1>{storageDown ? t("storageTitle") : t("title")}</h1>
      <p>{storageDown ? t("storageBody") : t("body")}</p>
      <p>
        <button
          type="button"
          className="button primary"
          onClick={() => {
            router.refresh();
            reset();
          }}
        >
          {t("retry")}
        </button>
      </p>
    </section>
  );
}
