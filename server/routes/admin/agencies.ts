// The agency tree of the user's subtree (issue 13): every agency with its kind, dates of validity
// and successor, in the organisation's order, as nested lists; a search (by name or code, with or
// without Vietnamese diacritics) keeps the matching agencies and the branches leading to them, so a
// coordinator of a province of hundreds of units finds a commune at once. Each agency links to its
// results and, for whoever manages agencies, to its edit, close and move pages (agency-edit.ts), the
// import and the reorganisation wizard (reorganise.ts).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listSubtree } from '../../db/queries/agencies.ts';
import type { Agency } from '../../db/schema.ts';
import { treeOrder } from '../../domain/agency-tree.ts';
import { searchable } from '../../domain/searchable.ts';
import { doneNotice } from './agency-form.ts';

const AGENCIES_PATH = '/agencies';

const Query = z.object({ q: z.string().max(200).catch('').optional().catch(undefined) });

interface Node {
  agency: Agency;
  name: string;
  match: boolean;
  children: Node[];
}

export default async function agencyRoutes(app: FastifyInstance): Promise<void> {
  app.get(AGENCIES_PATH, { config: { permission: 'agencies.manage' } }, async (request, reply) => {
    const me = request.user!;
    const q = (Query.parse(request.query ?? {}).q ?? '').trim();
    const needle = searchable(q);
    const local = (a: Agency) => (request.locale === 'en' && a.name_en ? a.name_en : a.name_vi);
    const agencies = await listSubtree(app.db, me.agencyPath);
    const byId = new Map(agencies.map((a) => [a.id, a]));
    const codeOf = (id: number | null) => (id === null ? null : (byId.get(id)?.code ?? null));
    // A match keeps its ancestors within the subtree, so it is shown where it sits.
    const matches = new Set<number>();
    const kept = new Set<number>();
    for (const a of agencies) {
      if (needle && !searchable(`${a.name_vi} ${a.name_en ?? ''} ${a.code}`).includes(needle)) continue;
      matches.add(a.id);
      for (let cur: Agency | undefined = a; cur && !kept.has(cur.id); cur = cur.parent_id === null ? undefined : byId.get(cur.parent_id))
        kept.add(cur.id);
    }
    const roots: Node[] = [];
    const nodes = new Map<number, Node>();
    for (const { agency } of treeOrder(agencies.filter((a) => kept.has(a.id)))) {
      const node: Node = { agency, name: local(agency), match: needle !== '' && matches.has(agency.id), children: [] };
      nodes.set(agency.id, node);
      const parent = agency.parent_id === null ? undefined : nodes.get(agency.parent_id);
      (parent ? parent.children : roots).push(node);
    }
    return reply.page(
      'admin/agencies/index.eta',
      {
        q,
        roots,
        found: needle ? matches.size : null,
        total: agencies.length,
        successorCode: (a: Agency) => codeOf(a.successor_id),
        notice: doneNotice(request, 'agenciesPage'),
      },
      { title: request.t('agenciesPage.title') },
    );
  });
}
