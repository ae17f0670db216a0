"use client";

import { useActionState, useState, useTransition, type FormEvent } from "react";
import { submitReportForm, type ReportFormState } from "@/app/[locale]/report/actions";
import { isKnown, queueReport } from "@/components/report/offline-queue";
import { reportBodyFromForm, valuesFromFormData } from "@/lib/reports/form-body";
import { newQueuedReport } from "@/lib/reports/offline-queue";

export type FormState = ReportFormState | { status: "queued"; clientReportId: string; madeAt: string };

const REQUIRED = ["isp", "connection", "service", "problem"] as const;

/**
 * The report form's action. Without JavaScript the form posts the server
 * action itself (React renders it so, and shows its answer). With JavaScript
 * the submit is taken over here: the server action when there is a network,
 * the device's queue when there is none or the request never got an answer.
 * `serviceName` turns a service slug into the label the reporter saw.
 */
export function useReportAction(serviceName: (slug: string) => string) {
  const [serverState, formAction] = useActionState<ReportFormState, FormData>(submitReportForm, { status: "idle", values: {} });
  const [state, setState] = useState<FormState | null>(null);
  const [pending, startTransition] = useTransition();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(async () => {
      const next = await sendOrQueue(data, serviceName);
      startTransition(() => setState(next));
    });
  };
  return { state: state ?? serverState, formAction, onSubmit, pending };
}

async function sendOrQueue(data: FormData, serviceName: (slug: string) => string): Promise<FormState> {
  if (!navigator.onLine) return queueFromForm(data, serviceName);
  try {
    // The server ignores the previous state; do not send it over the wire.
    return await submitReportForm({ status: "idle", values: {} }, data);
  } catch (error) {
    // fetch rejects with a TypeError when no answer came: not the server's "no".
    if (!navigator.onLine || error instanceof TypeError) return queueFromForm(data, serviceName);
    throw error;
  }
}

async function queueFromForm(data: FormData, serviceName: (slug: string) => string): Promise<FormState> {
  const values = valuesFromFormData(data);
  // The server validates a queued report when it arrives. Here we only make
  // sure it can be sent at all: the district must already be picked from the
  // list (typed text is resolved on the server), and every required choice made.
  const errors: Record<string, string> = {};
  if (!values.area) errors.place = values.place?.trim() ? "offline_place" : "required";
  for (const field of REQUIRED) if (!values[field]) errors[field] = "required";
  if (Object.keys(errors).length > 0) return { status: "invalid", values, errors };

  // A page served from the offline cache repeats the key of the visit it was
  // cached from; a key this device used before gets a fresh one.
  let clientReportId = values.clientReportId;
  if (!clientReportId || (await isKnown(clientReportId))) clientReportId = newClientReportId();
  const madeAt = new Date();
  const body = reportBodyFromForm({ ...values, clientReportId }, values.area, madeAt);
  await queueReport(newQueuedReport(body, { place: values.place ?? "", service: serviceName(values.service ?? "") }, madeAt));
  return { status: "queued", clientReportId, madeAt: madeAt.toISOString() };
}

/** A v4 UUID; crypto.randomUUID exists only on HTTPS (and localhost). */
export function newClientReportId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
