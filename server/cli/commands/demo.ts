// `hailong demo`: the demo province on the configured database. It never overwrites anything: when
// the province is there already it refuses, and a failure leaves nothing half written.
import { parseArgs } from 'node:util';
import { UsageError, type Command } from '../command.ts';
import { EmailTakenError } from '../../db/queries/users.ts';
import { writeDemoAccounts } from '../../demo/accounts-file.ts';
import { createDemo, demoExists, DemoExistsError, DEMO_RESPONSES } from '../../demo/create.ts';
import { PROVINCE_CODE } from '../../demo/province.ts';

const command: Command = {
  name: ['demo'],
  usage: 'hailong demo [--responses N] [--seed TEXT]',
  summary: {
    vi: 'Tạo tỉnh mẫu Khánh Hòa (đơn vị, đợt khảo sát, chỉ tiêu, tài khoản, ~20.000 phiếu); không ghi đè dữ liệu có sẵn.',
    en: 'Create the Khánh Hòa demo province (agencies, campaigns, targets, accounts, ~20,000 responses); never overwrites data.',
  },
  async run(argv, ctx) {
    const vi = ctx.locale === 'vi';
    let values;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: { responses: { type: 'string' }, seed: { type: 'string' } },
        strict: true,
        allowPositionals: false,
      }));
    } catch (err) {
      throw new UsageError(`${(err as Error).message}\n${vi ? 'Cách dùng' : 'Usage'}: ${command.usage}`);
    }
    let responses = DEMO_RESPONSES;
    if (values.responses !== undefined) {
      responses = Number(values.responses);
      if (!/^\d+$/.test(values.responses) || responses > 1_000_000) {
        throw new UsageError(
          vi ? '--responses phải là số nguyên từ 0 đến 1.000.000.' : '--responses must be a whole number from 0 to 1,000,000.',
        );
      }
    }
    if (values.seed !== undefined && values.seed.trim() === '')
      throw new UsageError(vi ? '--seed không được để trống.' : '--seed must not be empty.');

    const handle = await ctx.database();
    const refuse = () =>
      new UsageError(
        vi
          ? `Tỉnh mẫu ${PROVINCE_CODE} đã có trong cơ sở dữ liệu. Lệnh này không bao giờ ghi đè dữ liệu; không có gì thay đổi.`
          : `The demo province ${PROVINCE_CODE} is already in the database. This command never overwrites data; nothing was changed.`,
      );
    if (await demoExists(handle.db)) throw refuse();

    ctx.out(vi ? 'Đang tạo tỉnh mẫu Khánh Hòa…' : 'Creating the Khánh Hòa demo province…');
    let demo;
    try {
      demo = await createDemo(handle.db, { actorLabel: 'cli', responses, ...(values.seed ? { seed: values.seed } : {}) });
    } catch (err) {
      if (err instanceof DemoExistsError) throw refuse();
      if (err instanceof EmailTakenError) {
        throw new UsageError(
          vi
            ? `Email ${err.email} đã được dùng cho một tài khoản khác; không có gì được ghi.`
            : `The email ${err.email} is already used by another account; nothing was written.`,
        );
      }
      throw err;
    }
    ctx.out(
      vi
        ? `Đã tạo ${demo.agencies} đơn vị, ${demo.servicePoints} điểm tiếp nhận, ${demo.responses} phiếu trong ${(demo.ms.total / 1000).toFixed(1)} giây.`
        : `Created ${demo.agencies} agencies, ${demo.servicePoints} service points, ${demo.responses} responses in ${(demo.ms.total / 1000).toFixed(1)} s.`,
    );
    ctx.out(vi ? 'Tài khoản dùng thử (vai trò, email, mật khẩu, đơn vị):' : 'Demo accounts (role, email, password, agency):');
    for (const a of demo.accounts) ctx.out(`  ${a.role.padEnd(12)} ${a.email.padEnd(30)} ${a.password}  ${a.agencyCode}`);
    if (handle.kind === 'embedded') {
      const file = writeDemoAccounts(ctx.config.dataDir, demo.accounts);
      ctx.out(vi ? `Đã lưu vào ${file} (chỉ chủ sở hữu đọc được).` : `Saved to ${file} (readable by the owner only).`);
    } else {
      ctx.out(vi ? 'Mật khẩu chỉ hiện một lần: hãy lưu lại.' : 'The passwords are shown only once: keep them.');
    }
    return 0;
  },
};
export default command;
