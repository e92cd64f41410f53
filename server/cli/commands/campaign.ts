// `hailong campaign close CODE`: ends a campaign from the command line through the same use-case as
// the campaigns page's "close" button (server/use-cases/campaigns.ts), audited as 'cli'.
import { parseOptions, UsageError, type Command } from '../command.ts';
import { findCampaignByCode } from '../../db/queries/campaigns.ts';
import { CLI_ACTOR } from '../../use-cases/actor.ts';
import { closeCampaign } from '../../use-cases/campaigns.ts';

const close: Command = {
  name: ['campaign', 'close'],
  usage: 'hailong campaign close CODE',
  summary: {
    vi: 'Kết thúc một đợt khảo sát: các đường dẫn và màn hình không nhận phiếu mới cho đợt đó.',
    en: 'Close a survey campaign: its links and kiosks take no new answers for it.',
  },
  async run(argv, ctx) {
    const { positionals } = parseOptions(argv, {}, ctx.t('campaigns.cli.closeUsage'));
    if (positionals.length !== 1) throw new UsageError(ctx.t('campaigns.cli.closeUsage'));
    const code = positionals[0]!;
    const { db } = await ctx.database();
    const campaign = await findCampaignByCode(db, code);
    if (!campaign) throw new UsageError(ctx.t('campaigns.cli.notFound', { code }));
    const { result } = await closeCampaign(db, CLI_ACTOR, campaign.id);
    ctx.out(ctx.t(result === 'closed' ? 'campaigns.cli.closed' : 'campaigns.cli.already', { code }));
    return 0;
  },
};

export default [close];
