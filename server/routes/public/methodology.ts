// The methodology page, public and in the visitor's language like the home page: the rules of
// docs/methodology.md, with its worked example computed by the index engine on every request, so
// what the page says and what the engine does cannot part ways.
import type { FastifyInstance } from 'fastify';
import { builtInDefinitions } from '../../db/queries/questionnaires.ts';
import { DEFAULT_MIN_N } from '../../domain/indices.ts';
import { LATE_AFTER_DAYS } from '../../domain/plausibility.ts';
import { EXAMPLE_QUESTIONNAIRE, workedExample } from '../../domain/worked-example.ts';
import { formatPercent } from '../../i18n/format.ts';

export const METHODOLOGY_PATH = '/phuong-phap';

export default async function methodologyRoutes(app: FastifyInstance): Promise<void> {
  // The shipped definition, not the database's latest version: the example is about SIPAS 2017 as
  // the doc describes it, whatever an administrator has since published.
  const definition = builtInDefinitions().find((d) => d.code === EXAMPLE_QUESTIONNAIRE);
  if (!definition) throw new Error(`built-in questionnaire ${EXAMPLE_QUESTIONNAIRE} is missing`);

  app.get(METHODOLOGY_PATH, async (request, reply) => {
    const locale = request.locale;
    return reply.page(
      'pages/methodology.eta',
      {
        example: workedExample(definition),
        minN: DEFAULT_MIN_N,
        lateDays: LATE_AFTER_DAYS,
        // Thresholds read as people write them: "trên 80%", not "trên 80,00%".
        wholePct: (share: number) => formatPercent(share, locale, 0),
      },
      { title: request.t('methodology.title') },
    );
  });
}
