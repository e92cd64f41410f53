// Messages of the tokens area.
import type { Catalogue } from '../catalogue.ts';

const vi = {
  'tokens.add.usage': 'Cách dùng: hailong token add --agency MÃ --name TÊN --scope submit|read|served',
  'tokens.add.badName': 'Tên mã truy cập cần từ 1 đến 200 ký tự.',
  'tokens.add.badScope': 'Phạm vi "{value}" không hợp lệ; dùng submit (gửi phiếu), read (đọc kết quả) hoặc served (gửi số lượt phục vụ).',
  'tokens.add.noAgency': 'Không có cơ quan mã "{code}".',
  'tokens.add.done': 'Đã tạo mã truy cập #{id} "{name}" (tiền tố {prefix}) cho cơ quan {agency}, phạm vi {scope}.',
  'tokens.add.once': 'Mã dưới đây chỉ hiện MỘT lần — hãy lưu ngay vào hệ thống sẽ dùng nó:',
  'tokens.revoke.usage': 'Cách dùng: hailong token revoke SỐ_HIỆU_HOẶC_TIỀN_TỐ',
  'tokens.revoke.notFound': 'Không có mã truy cập nào khớp "{value}".',
  'tokens.revoke.ambiguous': 'Có {count} mã truy cập khớp "{value}"; hãy dùng số hiệu (xem: hailong token list).',
  'tokens.revoke.done': 'Đã thu hồi mã truy cập #{id} "{name}" ({prefix}).',
  'tokens.revoke.already': 'Mã truy cập #{id} "{name}" ({prefix}) đã bị thu hồi từ trước.',
  'tokens.list.empty': 'Chưa có mã truy cập nào.',
  'tokens.list.header': 'Số hiệu  Tiền tố      Phạm vi  Cơ quan  Tên  (tạo lúc; dùng lần cuối; trạng thái)',
  'tokens.list.never': 'chưa dùng',
  'tokens.list.active': 'đang hiệu lực',
  'tokens.list.revoked': 'đã thu hồi {at}',
  'tokens.error.invalid': 'Thiếu mã truy cập API, mã không hợp lệ hoặc đã bị thu hồi. Gửi tiêu đề Authorization: Bearer <mã>.',
  'tokens.error.scope': 'Mã truy cập API này không được phép thực hiện thao tác này.',
} as const;

const en: Record<keyof typeof vi, string> = {
  'tokens.add.usage': 'Usage: hailong token add --agency CODE --name NAME --scope submit|read|served',
  'tokens.add.badName': 'The token name must be 1 to 200 characters.',
  'tokens.add.badScope':
    'The scope "{value}" is invalid; use submit (send responses), read (read results) or served (send the people served).',
  'tokens.add.noAgency': 'No agency has the code "{code}".',
  'tokens.add.done': 'Created API token #{id} "{name}" (prefix {prefix}) for agency {agency}, scope {scope}.',
  'tokens.add.once': 'The token below is shown ONCE — store it now in the system that will use it:',
  'tokens.revoke.usage': 'Usage: hailong token revoke ID_OR_PREFIX',
  'tokens.revoke.notFound': 'No API token matches "{value}".',
  'tokens.revoke.ambiguous': '{count} API tokens match "{value}"; use the id (see: hailong token list).',
  'tokens.revoke.done': 'Revoked API token #{id} "{name}" ({prefix}).',
  'tokens.revoke.already': 'API token #{id} "{name}" ({prefix}) was already revoked.',
  'tokens.list.empty': 'There are no API tokens yet.',
  'tokens.list.header': 'Id  Prefix       Scope   Agency  Name  (created; last used; status)',
  'tokens.list.never': 'never used',
  'tokens.list.active': 'active',
  'tokens.list.revoked': 'revoked {at}',
  'tokens.error.invalid': 'The API token is missing, malformed or revoked. Send the header Authorization: Bearer <token>.',
  'tokens.error.scope': 'This API token is not allowed to perform this operation.',
};

export default { vi, en } satisfies Catalogue<keyof typeof vi>;
