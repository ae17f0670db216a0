"use client";

import { Link, usePathname } from "@/i18n/navigation";

export type AdminNavItem = { href: string; label: string };

/** The admin's or the ISP desk's sections; the current one marked for screen readers and the eye. */
export function AdminNav({ items, label }: { items: AdminNavItem[]; label: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className="admin-nav">
      {items.map((item) => (
        <Link key={item.href} href={item.href} aria-current={pathname === item.href ? "page" : undefined}>
          {item.label}
        </Link>
      ))}
    </nav>
  );
}
