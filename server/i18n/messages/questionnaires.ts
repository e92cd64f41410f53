// Messages of the questionnaires area.
import type { Catalogue } from '../catalogue.ts';

const vi = {
  'questionnaires.import.usage':
    'Cần đúng một tệp JSON. Cách dùng: hailong questionnaire import TỆP.json [--dry-run] [--index-rule QUY_TẮC]',
  'questionnaires.import.cannotRead': 'Không đọc được tệp {file}: {reason}',
  'questionnaires.import.notUtf8': 'Tệp {file} không phải văn bản UTF-8. Hãy lưu lại tệp với bảng mã UTF-8.',
  'questionnaires.import.badJson': 'Tệp {file} không phải JSON hợp lệ: dòng {line}, cột {column}: {reason}',
  'questionnaires.import.errorsHeader': 'Vị trí lỗi (đường dẫn JSON, $ là gốc của tệp) và mô tả:',
  'questionnaires.import.failed': 'Bộ câu hỏi trong {file} có {count} lỗi; chưa có gì được ghi vào cơ sở dữ liệu.',
  'questionnaires.import.badRule': 'Quy tắc tính chỉ số "{rule}" không dùng được cho bộ câu hỏi này; có thể chọn: {allowed}.',
  'questionnaires.import.valid':
    'Hợp lệ: {code} — {title} ({questions} câu hỏi, quy tắc tính chỉ số {rule}). Chưa xuất bản vì có --dry-run.',
  'questionnaires.import.published': 'Đã xuất bản {code} phiên bản {version}',
  'questionnaires.import.unchanged': '{code} phiên bản {version} đã có đúng nội dung này; không xuất bản phiên bản mới.',
  'questionnaires.list.empty': 'Chưa có bộ câu hỏi nào.',
  'questionnaires.list.row': '{code}  phiên bản mới nhất {version}, quy tắc {rule}, xuất bản {date}  {title}',
} as const;

const en: Record<keyof typeof vi, string> = {
  'questionnaires.import.usage':
    'Give exactly one JSON file. Usage: hailong questionnaire import FILE.json [--dry-run] [--index-rule RULE]',
  'questionnaires.import.cannotRead': 'Cannot read {file}: {reason}',
  'questionnaires.import.notUtf8': '{file} is not UTF-8 text. Save the file again with UTF-8 encoding.',
  'questionnaires.import.badJson': '{file} is not valid JSON: line {line}, column {column}: {reason}',
  'questionnaires.import.errorsHeader': 'Where (JSON path, $ is the top of the file) and what:',
  'questionnaires.import.failed': 'The questionnaire in {file} has {count} errors; nothing was written to the database.',
  'questionnaires.import.badRule': 'Index rule "{rule}" does not fit this questionnaire; choose one of: {allowed}.',
  'questionnaires.import.valid': 'Valid: {code} — {title} ({questions} questions, index rule {rule}). Not published because of --dry-run.',
  'questionnaires.import.published': 'Published {code} version {version}',
  'questionnaires.import.unchanged': '{code} version {version} already has exactly this content; no new version published.',
  'questionnaires.list.empty': 'No questionnaires yet.',
  'questionnaires.list.row': '{code}  latest version {version}, rule {rule}, published {date}  {title}',
};

export default { vi, en } satisfies Catalogue<keyof typeof vi>;
