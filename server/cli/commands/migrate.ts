import type { Command } from '../command.ts';
import { openDatabase } from '../../db/connection.ts';
import { migrate } from '../../db/migrator.ts';

const command: Command = {
  name: ['migrate'],
  usage: 'hailong migrate',
  summary: { vi: 'Áp dụng các bản cập nhật cơ sở dữ liệu còn thiếu.', en: 'Apply pending database migrations.' },
  async run(_argv, ctx) {
    const handle = await openDatabase(ctx.config);
    try {
      const applied = await migrate(handle);
      if (applied.length === 0)
        ctx.out(ctx.locale === 'vi' ? 'Cơ sở dữ liệu đã cập nhật, không có gì để áp dụng.' : 'Database is up to date; nothing to apply.');
      for (const name of applied) ctx.out((ctx.locale === 'vi' ? 'Đã áp dụng ' : 'Applied ') + name);
      return 0;
    } finally {
      await handle.close();
    }
  },
};
export default command;
