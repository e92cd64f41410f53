// One way to compare what a person types with a name: lower case, without Vietnamese diacritics,
// so that "phuong nha trang" finds "Phường Nha Trang". The agency tree's search and the campaign
// link's place picker both use it.

/** Lower case without diacritics: "Phường Nha Trang" and "phuong nha trang" match alike. */
export function searchable(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

/** Whether every word typed appears in the text, whatever the diacritics and the order of the words. */
export function matchesSearch(text: string, query: string): boolean {
  const hay = searchable(text);
  return searchable(query)
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}
