"use client";

import { useEffect, useState } from "react";
import type { PlaceList } from "@/lib/reference/place-list";

// The place box's suggestions come after the form works: fetched once per
// language from GET /api/v1/places/<locale> (the service worker keeps a copy
// for offline use). Until they arrive — or without JavaScript — a typed
// city or town is resolved to its district by the server.

const lists = new Map<string, Promise<PlaceList>>();

export function loadPlaceList(locale: string): Promise<PlaceList> {
  let list = lists.get(locale);
  if (!list) {
    list = fetch(`/api/v1/places/${locale}`).then((r) => (r.ok ? (r.json() as Promise<PlaceList>) : Promise.reject(new Error(`status ${r.status}`))));
    // A failed fetch (offline, no kept copy) may be tried again later.
    list.catch(() => lists.delete(locale));
    lists.set(locale, list);
  }
  return list;
}

export function usePlaceList(locale: string): PlaceList | null {
  const [list, setList] = useState<PlaceList | null>(null);
  useEffect(() => {
    let live = true;
    loadPlaceList(locale).then(
      (l) => live && setList(l),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [locale]);
  return list;
}
