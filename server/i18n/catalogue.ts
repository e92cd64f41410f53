/** One area's messages: Vietnamese first, and English with exactly the same keys. */
export interface Catalogue<K extends string> {
  vi: Record<K, string>;
  en: Record<K, string>;
}
