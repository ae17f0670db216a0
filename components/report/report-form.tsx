"use client";

import { useEffect, useMemo, useState } from "react";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import type { ReportFormState } from "@/app/[locale]/report/actions";
import { Link } from "@/i18n/navigation";
import { ConnectionCheck } from "@/components/report/connection-check";
import { Field, type FieldProps } from "@/components/report/field";
import { nearestPlace } from "@/components/report/nearest-place";
import { loadPlaceList, usePlaceList } from "@/components/report/use-place-list";
import type { PlaceList } from "@/lib/reference/place-list";
import { QueuedNotice, QueuedReports } from "@/components/report/queued-reports";
import { newClientReportId, useReportAction } from "@/components/report/use-report-action";

type Option = { value: string; label: string };
type ReportFormProps = {
  clientReportId: string;
  isps: Option[];
  services: Option[];
  connections: Option[];
  problems: Option[];
  whens: Option[];
  /** Service slug → the domain the connection check tries for it. */
  probeFor: Record<string, string>;
  referenceProbes: string[];
};

/** The form, and below it the reports this device kept while offline. */
export function ReportForm(props: ReportFormProps) {
  // After a queued report the next one is a new form with a new key; online,
  // "report another" reloads the page, which brings its own.
  const [round, setRound] = useState({ n: 0, clientReportId: props.clientReportId });
  return (
    <>
      <OneReport key={round.n} {...props} clientReportId={round.clientReportId} onAnother={() => setRound((r) => ({ n: r.n + 1, clientReportId: newClientReportId() }))} />
      <QueuedReports />
    </>
  );
}

function OneReport({ onAnother, ...props }: ReportFormProps & { onAnother: () => void }) {
  // Marks the form as live (checked in the browser before it, not the
  // server, handles a submit); tests wait for it instead of guessing.
  const [live, setLive] = useState(false);
  useEffect(() => setLive(true), []);
  const t = useTranslations("report");
  const serviceName = (slug: string) => props.services.find((s) => s.value === slug)?.label ?? slug;
  const { state, formAction, onSubmit, pending } = useReportAction(serviceName);
  if (state.status === "stored") return <Confirmation state={state} />;
  if (state.status === "queued") return <QueuedNotice clientReportId={state.clientReportId} madeAt={state.madeAt} onAnother={onAnother} />;

  const values = state.values;
  const errors = state.status === "invalid" ? state.errors : {};
  const field = (name: string): Omit<FieldProps, "label" | "children"> => ({ name, error: errors[name] });

  return (
    <form action={formAction} onSubmit={onSubmit} className="report-form" data-live={live ? "true" : undefined} noValidate aria-describedby={state.status !== "idle" ? "form-status" : undefined}>
      {state.status === "invalid" ? (
        <p id="form-status" className="form-error" role="alert">
          {t("fixErrors")}
        </p>
      ) : null}
      {state.status === "unavailable" ? (
        <p id="form-status" className="form-error" role="alert">
          {t("storageDown")}
        </p>
      ) : null}
      {state.status === "rate_limited" ? (
        <p id="form-status" className="form-error" role="alert" data-testid="rate-limited">
          {t("rateLimited", { minutes: Math.max(1, Math.ceil(state.retryAfterSeconds / 60)) })}
        </p>
      ) : null}
      <input type="hidden" name="clientReportId" value={props.clientReportId} />

      <PlacePicker values={values} error={errors.place} />

      <Field {...field("isp")} label={t("isp")}>
        {(a) => (
          <select {...a} defaultValue={values.isp ?? ""} required>
            <option value="" disabled>
              {t("ispPlaceholder")}
            </option>
            {props.isps.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        )}
      </Field>

      <Choice name="connection" legend={t("connection")} options={props.connections} value={values.connection} error={errors.connection} />

      <Field {...field("service")} label={t("service")}>
        {(a) => (
          <select {...a} defaultValue={values.service ?? ""} required>
            <option value="" disabled>
              {t("servicePlaceholder")}
            </option>
            {props.services.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        )}
      </Field>

      <Choice name="problem" legend={t("problem")} options={props.problems} value={values.problem} error={errors.problem} />

      <Field {...field("when")} label={t("when")}>
        {(a) => (
          <select {...a} defaultValue={values.when ?? "0"}>
            {props.whens.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        )}
      </Field>

      <ConnectionCheck probeFor={props.probeFor} reference={props.referenceProbes} error={errors.measure} />

      <details className="optional" open={Boolean(values.comment || values.complaintRef || errors.comment || errors.complaintRef)}>
        <summary>{t("optional")}</summary>
        <label className="check">
          <input type="checkbox" name="viaVpn" defaultChecked={values.viaVpn === "on"} /> {t("viaVpn")}
        </label>
        <Field {...field("complaintRef")} label={t("complaintRef")}>
          {(a) => <input {...a} type="text" maxLength={40} defaultValue={values.complaintRef ?? ""} autoComplete="off" />}
        </Field>
        <Field {...field("comment")} label={t("comment")} hint={t("commentHint")}>
          {(a) => <textarea {...a} rows={3} maxLength={500} defaultValue={values.comment ?? ""} />}
        </Field>
      </details>

      <button type="submit" className="button primary" disabled={pending}>
        {pending ? t("sending") : t("submit")}
      </button>
    </form>
  );
}

function Choice({ name, legend, options, value, error }: { name: string; legend: string; options: Option[]; value?: string; error?: string }) {
  const tErrors = useTranslations("errors");
  const errorId = `${name}-error`;
  return (
    <fieldset className={error ? "choice has-error" : "choice"} aria-describedby={error ? errorId : undefined}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className="radio">
          <input type="radio" name={name} value={o.value} defaultChecked={value === o.value} aria-invalid={error ? true : undefined} /> {o.label}
        </label>
      ))}
      {error ? (
        <p id={errorId} className="field-error">
          {tErrors(error as "required")}
        </p>
      ) : null}
    </fieldset>
  );
}

const NO_PLACES: PlaceList = { places: [], districts: {} };

function PlacePicker({ values, error }: { values: Record<string, string | undefined>; error?: string }) {
  const t = useTranslations("report");
  const locale = useLocale();
  const { places, districts } = usePlaceList(locale) ?? NO_PLACES;
  const byLabel = useMemo(() => new Map(places.map((p) => [p[0], p])), [places]);
  const [text, setText] = useState(values.place ?? "");
  const [point, setPoint] = useState<{ lat: string; lon: string } | null>(
    values.lat && values.lon ? { lat: values.lat, lon: values.lon } : null,
  );
  const [locating, setLocating] = useState<"idle" | "busy" | "failed">("idle");
  const picked = byLabel.get(text);

  const locate = () => {
    if (!navigator.geolocation) return setLocating("failed");
    setLocating("busy");
    navigator.geolocation.getCurrentPosition(
      async (pos) => {
        const list = await loadPlaceList(locale).catch(() => NO_PLACES);
        const nearest = nearestPlace(list.places, pos.coords.latitude, pos.coords.longitude);
        if (!nearest) return setLocating("failed");
        setText(nearest[0]);
        // Rounded here already; the server snaps it to a coarser cell again.
        setPoint({ lat: pos.coords.latitude.toFixed(2), lon: pos.coords.longitude.toFixed(2) });
        setLocating("idle");
      },
      () => setLocating("failed"),
      { maximumAge: 600_000, timeout: 15_000 },
    );
  };

  return (
    <Field name="place" error={error} label={t("place")} hint={t("placeHint")}>
      {(a) => (
        <>
          <div className="place-row">
            <input
              {...a}
              type="text"
              list="place-options"
              autoComplete="off"
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setPoint(null);
              }}
              required
            />
            <button type="button" className="button" onClick={locate} disabled={locating === "busy"}>
              {locating === "busy" ? t("locating") : t("useLocation")}
            </button>
          </div>
          <datalist id="place-options">
            {places.map((p) => (
              <option key={p[0]} value={p[0]} />
            ))}
          </datalist>
          {picked ? <input type="hidden" name="area" value={picked[1]} /> : null}
          {picked && point ? (
            <>
              <input type="hidden" name="lat" value={point.lat} />
              <input type="hidden" name="lon" value={point.lon} />
            </>
          ) : null}
          {picked ? (
            <p className="field-note" aria-live="polite">
              {t("placeFound", { district: districts[picked[1]] ?? picked[1] })}
            </p>
          ) : null}
          {locating === "failed" ? <p className="field-note">{t("locationFailed")}</p> : null}
        </>
      )}
    </Field>
  );
}

function Confirmation({ state }: { state: Extract<ReportFormState, { status: "stored" }> }) {
  const t = useTranslations("report");
  const format = useFormatter();
  const locale = useLocale();
  return (
    <section className="confirmation card" role="status" aria-live="polite" data-testid="confirmation">
      <h2>{t("thanksTitle")}</h2>
      <p className="nearby" data-nearby={state.nearby}>
        {t("thanksNearby", { count: state.nearby })}
      </p>
      {state.reportStatus === "duplicate" ? (
        <p data-report-status="duplicate">{t("notCountedDuplicate", { minutes: state.duplicateWindowMinutes })}</p>
      ) : state.reportStatus === "rate_limited" ? (
        <p data-report-status="rate_limited">{t("notCountedFlood")}</p>
      ) : null}
      <p className="muted">
        {t("thanksId", { id: String(state.id), time: format.dateTime(new Date(state.receivedAt), { timeStyle: "short", dateStyle: "medium" }) })}
      </p>
      <p>
        <a href={locale === "en" ? "/report" : `/${locale}/report`} className="button primary">
          {t("another")}
        </a>{" "}
        <Link href="/" className="button">
          {t("seeOverview")}
        </Link>
      </p>
    </section>
  );
}
