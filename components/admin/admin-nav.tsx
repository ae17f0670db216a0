"use client";

import { Link, usePathname } from "@/i18n/navigation";

export type AdminNavItem = { href: "/admin" | "/admin/reports" | "/admin/audit"; label: string };

/** The admin's sections; the current one marked for screen readers and the eye. */
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
