// Messages of issue 11 (reliability): text refused at the door, the closed periods page and its
// command, the account-protection notices.
import type { Catalogue } from '../catalogue.ts';

const vi = {
  'input.badText':
    'Dữ liệu gửi lên có ký tự không hợp lệ ở “{where}”: ký tự điều khiển (ví dụ ký tự NUL) hoặc một ký tự bị cắt dở (như nửa biểu tượng cảm xúc). Vui lòng sửa rồi gửi lại.',
  'input.where.path': 'địa chỉ trang',
  'input.where.query': 'tham số địa chỉ {name}',
  'input.where.cookie': 'cookie {name}',
  'input.where.header': 'tiêu đề HTTP {name}',
  'input.where.body': 'trường {name}',
};

const en: Record<keyof typeof vi, string> = {
  'input.badText':
    'What was sent contains a character that is not allowed in “{where}”: a control character (such as NUL) or a broken character (such as half of an emoji). Please correct it and send it again.',
  'input.where.path': 'the page address',
  'input.where.query': 'the address parameter {name}',
  'input.where.cookie': 'the cookie {name}',
  'input.where.header': 'the HTTP header {name}',
  'input.where.body': 'the field {name}',
};

export default { vi, en } satisfies Catalogue<keyof typeof vi>;
