// Exports: the words around them (buttons, problems, the command line). The words inside the
// files (sheet names, headers, the report's text) live with each format in messages/export-*.ts.
import type { Catalogue } from '../catalogue.ts';

const vi = {
  'exports.problemsTitle': 'Không xuất được báo cáo',
  'exports.back': 'Quay lại trang kết quả',
  'exports.download': 'Tải xuống:',
  'exports.download.csv': 'các phiếu trả lời',
  'exports.download.xlsx': 'bảng tính báo cáo',
  'exports.download.pdf': 'báo cáo để in',
  'exports.identifiers.checkbox': 'Đưa mã hồ sơ (đã băm) và tên cán bộ tiếp nhận vào các tệp xuất của {province}',
  'exports.identifiers.hint': 'Mặc định không đưa. Chỉ bật khi cần đối chiếu từng hồ sơ; mỗi lần xuất đều được ghi nhật ký.',
  'exports.identifiers.saveLabel': 'Lưu thiết lập tệp xuất của {province}',
  'exports.identifiers.doneOn': 'Các tệp xuất của {province} từ nay có mã hồ sơ và tên cán bộ.',
  'exports.identifiers.doneOff': 'Các tệp xuất của {province} từ nay không có mã hồ sơ và tên cán bộ.',
  'exports.identifiers.invalid': 'Hãy đánh dấu hoặc bỏ đánh dấu ô mã hồ sơ và tên cán bộ.',
  'exports.api.unknownFormat': 'Định dạng xuất phải là csv, xlsx hoặc pdf.',
  'exports.cli.format': 'Cần --format, một trong: {formats}.',
  'exports.cli.missing': 'Thiếu tùy chọn: {options}.',
  'exports.cli.written': 'Đã xuất {rows} dòng vào {file}.',
};

const en: Record<keyof typeof vi, string> = {
  'exports.problemsTitle': 'The report could not be exported',
  'exports.back': 'Back to the results page',
  'exports.download': 'Download:',
  'exports.download.csv': 'the responses',
  'exports.download.xlsx': 'the report workbook',
  'exports.download.pdf': 'the printable report',
  'exports.identifiers.checkbox': 'Put dossier codes (hashed) and receiving officers’ names into the exports of {province}',
  'exports.identifiers.hint': 'Off by default. Turn it on only to check individual dossiers; every export is logged.',
  'exports.identifiers.saveLabel': 'Save the export setting of {province}',
  'exports.identifiers.doneOn': 'Exports of {province} now carry dossier codes and officers’ names.',
  'exports.identifiers.doneOff': 'Exports of {province} no longer carry dossier codes or officers’ names.',
  'exports.identifiers.invalid': 'Tick or untick the dossier codes and officers’ names box.',
  'exports.api.unknownFormat': 'The export format must be csv, xlsx or pdf.',
  'exports.cli.format': '--format is required, one of: {formats}.',
  'exports.cli.missing': 'Missing options: {options}.',
  'exports.cli.written': 'Exported {rows} rows to {file}.',
};

export default { vi, en } satisfies Catalogue<keyof typeof vi>;
