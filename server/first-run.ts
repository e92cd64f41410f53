// What an empty database gets at start: the built-in questionnaires, and on the embedded database
// the demo province so that `npm start` shows a working product. Once the demo exists, its admin
// sign-in (kept in DATA_DIR) is handed back at every start while it still works.
import type { DatabaseHandle } from './db/connection.ts';
import { countAgencies } from './db/queries/agencies.ts';
import { ensureBuiltInQuestionnaires } from './db/queries/questionnaires.ts';
import { findUserByEmail } from './db/queries/users.ts';
import { verifyPassword } from './domain/passwords.ts';
import { readDemoAccounts, writeDemoAccounts } from './demo/accounts-file.ts';
import { createDemo } from './demo/create.ts';

export interface FirstRunResult {
  demoAdmin: { email: string; password: string } | null;
}

export async function prepareFirstRun(
  database: DatabaseHandle,
  opts: { demo: boolean; log: (message: string) => void; dataDir?: string },
): Promise<FirstRunResult> {
  const { db } = database;
  await ensureBuiltInQuestionnaires(db);

  if ((await countAgencies(db)) === 0) {
    if (!opts.demo) return { demoAdmin: null };
    opts.log('Đang tạo dữ liệu mẫu (Tỉnh Khánh Hòa)… / Creating the demo province (Khánh Hòa)…');
    const demo = await createDemo(db, { actorLabel: 'system' });
    opts.log(
      `Đã tạo dữ liệu mẫu / demo created: ${demo.agencies} agencies, ${demo.servicePoints} service points, ` +
        `${demo.responses} responses in ${(demo.ms.total / 1000).toFixed(1)} s`,
    );
    if (opts.dataDir && database.kind === 'embedded') {
      const file = writeDemoAccounts(opts.dataDir, demo.accounts);
      opts.log(`Tài khoản dùng thử / demo accounts: ${file}`);
    }
    const admin = demo.accounts.find((a) => a.role === 'admin');
    return { demoAdmin: admin ? { email: admin.email, password: admin.password } : null };
  }

  // The file belongs to the embedded database in the same DATA_DIR; a PostgreSQL server's users
  // are not described by it.
  if (!opts.dataDir || database.kind !== 'embedded') return { demoAdmin: null };
  const admin = readDemoAccounts(opts.dataDir).find((a) => a.role === 'admin');
  if (!admin) return { demoAdmin: null };
  const user = await findUserByEmail(db, admin.email);
  // Printed only while it still signs in: a changed password or a disabled account is not shown.
  if (!user || user.disabled_at !== null || !(await verifyPassword(user.password_hash, admin.password))) return { demoAdmin: null };
  return { demoAdmin: { email: admin.email, password: admin.password } };
}
