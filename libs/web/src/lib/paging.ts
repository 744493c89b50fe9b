/** The page asked for (1 when absent or nonsense), kept within the pages there are. */
export function pageOf(asked: string | undefined, total: number, pageSize: number): { page: number; pages: number; offset: number } {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Number.parseInt(asked ?? '1', 10) || 1), pages);
  return { page, pages, offset: (page - 1) * pageSize };
}

/** GOV.UK pagination: first, last, the current page and its neighbours, ellipses between. */
export function paginationOf(page: number, pages: number, href: (page: number) => string) {
  if (pages <= 1) return undefined;
  const shown = [...new Set([1, page - 1, page, page + 1, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  const items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[] = [];
  shown.forEach((number, index) => {
    if (index > 0 && number - shown[index - 1] > 1) items.push({ ellipsis: true });
    items.push({ number, href: href(number), current: number === page });
  });
  return {
    previous: page > 1 ? { href: href(page - 1) } : undefined,
    next: page < pages ? { href: href(page + 1) } : undefined,
    items,
  };
}
