// The demo sign-ins, kept in DATA_DIR/demo-accounts.txt (readable by the owner only) so that the
// server can print the admin's at every start of the embedded database. One account a line,
// tab-separated: role, email, password, agency code. Lines starting with # are notes.
import { existsSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const ACCOUNTS_FILE = 'demo-accounts.txt';

const AccountSchema = z.object({
  role: z.enum(['admin', 'coordinator', 'manager', 'clerk', 'viewer']),
  email: z.email(),
  password: z.string().min(1),
  agencyCode: z.string().min(1),
});
export type DemoAccount = z.infer<typeof AccountSchema>;

export function accountsFilePath(dataDir: string): string {
  return join(dataDir, ACCOUNTS_FILE);
}

export function writeDemoAccounts(dataDir: string, accounts: DemoAccount[]): string {
  const file = accountsFilePath(dataDir);
  const lines = [
    '# Hài Lòng — tài khoản dùng thử (dữ liệu mẫu Tỉnh Khánh Hòa) / demo accounts (Khánh Hòa demo province)',
    '# Đổi mật khẩu hoặc vô hiệu hóa các tài khoản này trước khi dùng thật. / Change or disable them before real use.',
    '# vai trò / role\temail\tmật khẩu / password\tđơn vị / agency',
    ...accounts.map((a) => [a.role, a.email, a.password, a.agencyCode].join('\t')),
  ];
  writeFileSync(file, lines.join('\n') + '\n', { mode: 0o600 });
  // The mode of writeFileSync applies only when the file is created.
  chmodSync(file, 0o600);
  return file;
}

/** The accounts in the file; an absent or unreadable file, or a malformed line, yields nothing. */
export function readDemoAccounts(dataDir: string): DemoAccount[] {
  const file = accountsFilePath(dataDir);
  if (!existsSync(file)) return [];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const accounts: DemoAccount[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [role, email, password, agencyCode] = line.split('\t');
    const parsed = AccountSchema.safeParse({ role, email, password, agencyCode });
    if (parsed.success) accounts.push(parsed.data);
  }
  return accounts;
}
