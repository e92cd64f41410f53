import type { Catalogue } from '../catalogue.ts';

const vi = {} as const;

const en: Record<keyof typeof vi, string> = {};

export default { vi, en } satisfies Catalogue<keyof typeof vi>;
