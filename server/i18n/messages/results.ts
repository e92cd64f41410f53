// Words every results view shares (dashboards, the public page, the API's problems): verdicts,
// index names, channels and the problems of a results query. Page-specific text lives with the page.
import type { Catalogue } from '../catalogue.ts';

const vi = {
  'results.verdict.met': 'Đạt',
  'results.verdict.not-met': 'Chưa đạt',
  'results.verdict.clear': 'rõ ràng',
  'results.verdict.uncertain': 'chưa đủ chắc chắn',
  'results.verdict.insufficient': 'Chưa đủ mẫu',
  'results.verdict.insufficientDetail': 'Dưới {minN} câu trả lời hợp lệ: chưa kết luận.',
  'results.verdict.no-target': 'Chưa có chỉ tiêu',
  'results.index.overall': 'Chỉ số hài lòng chung',
  'results.noData': 'Chưa có dữ liệu',
  'results.channel.kiosk': 'Màn hình tại quầy',
  'results.channel.online': 'Trực tuyến (QR, đường dẫn)',
  'results.channel.paper': 'Phiếu giấy',
  'results.channel.api': 'Hệ thống khác (API)',
  'results.channel.none': 'Không xác định',
  'results.problem.invalid-agency': 'Mã cơ quan không hợp lệ.',
  'results.problem.unknown-agency': 'Không có cơ quan mã này.',
  'results.problem.out-of-scope': 'Cơ quan này nằm ngoài phạm vi được xem.',
  'results.problem.unknown-questionnaire': 'Không có bộ câu hỏi mã này.',
  'results.problem.invalid-version': 'Phiên bản phải là một số nguyên dương.',
  'results.problem.unknown-version': 'Bộ câu hỏi không có phiên bản này.',
  'results.problem.invalid-period': 'Kỳ báo cáo phải là tháng, quý, năm hoặc tùy chọn.',
  'results.problem.invalid-month': 'Tháng phải có dạng NNNN-TT, ví dụ 2026-03.',
  'results.problem.invalid-quarter': 'Quý phải có dạng NNNN-Qn, ví dụ 2026-Q2.',
  'results.problem.invalid-year': 'Năm phải là bốn chữ số, ví dụ 2026.',
  'results.problem.invalid-date': 'Ngày phải có dạng NNNN-TT-NN và là một ngày có thật.',
  'results.problem.missing-date': 'Cần nhập ngày.',
  'results.problem.date-order': 'Ngày kết thúc phải từ ngày bắt đầu trở về sau.',
  'results.problem.period-too-long': 'Kỳ báo cáo dài nhất là 5 năm.',
  'results.problem.unknown-campaign': 'Không có đợt khảo sát mã này trong tỉnh.',
  'results.problem.invalid-channel': 'Kênh phải là kiosk, online, paper hoặc api.',
  'results.problem.invalid-field': 'Mã lĩnh vực không hợp lệ.',
  'results.problem.invalid-toggle': 'Giá trị phải là 1 hoặc 0.',
  'results.problem.missing-field': 'Thiếu tham số bắt buộc.',
  'results.problem.invalid': 'Giá trị không hợp lệ.',
  'results.api.invalid': 'Tham số truy vấn không hợp lệ ({count} lỗi).',
  'results.api.outOfScope': 'Mã truy cập này không được xem kết quả của đơn vị này.',
  'results.api.unknownAgency': 'Không có cơ quan mã này.',
};

const en: Record<keyof typeof vi, string> = {
  'results.verdict.met': 'Met',
  'results.verdict.not-met': 'Not met',
  'results.verdict.clear': 'clear',
  'results.verdict.uncertain': 'not yet certain',
  'results.verdict.insufficient': 'Sample too small',
  'results.verdict.insufficientDetail': 'Fewer than {minN} valid answers: no verdict yet.',
  'results.verdict.no-target': 'No target',
  'results.index.overall': 'Overall satisfaction',
  'results.noData': 'No data yet',
  'results.channel.kiosk': 'Counter kiosk',
  'results.channel.online': 'Online (QR, link)',
  'results.channel.paper': 'Paper form',
  'results.channel.api': 'Other system (API)',
  'results.channel.none': 'Unknown',
  'results.problem.invalid-agency': 'The agency code is not valid.',
  'results.problem.unknown-agency': 'There is no agency with this code.',
  'results.problem.out-of-scope': 'This agency is outside what you may see.',
  'results.problem.unknown-questionnaire': 'There is no questionnaire with this code.',
  'results.problem.invalid-version': 'The version must be a positive whole number.',
  'results.problem.unknown-version': 'The questionnaire has no such version.',
  'results.problem.invalid-period': 'The period must be month, quarter, year or custom.',
  'results.problem.invalid-month': 'The month must look like YYYY-MM, e.g. 2026-03.',
  'results.problem.invalid-quarter': 'The quarter must look like YYYY-Qn, e.g. 2026-Q2.',
  'results.problem.invalid-year': 'The year must be four digits, e.g. 2026.',
  'results.problem.invalid-date': 'Dates must look like YYYY-MM-DD and be real days.',
  'results.problem.missing-date': 'Enter a date.',
  'results.problem.date-order': 'The end date must be on or after the start date.',
  'results.problem.period-too-long': 'A period may span at most 5 years.',
  'results.problem.unknown-campaign': 'There is no survey campaign with this code in the province.',
  'results.problem.invalid-channel': 'The channel must be kiosk, online, paper or api.',
  'results.problem.invalid-field': 'The field code is not valid.',
  'results.problem.invalid-toggle': 'The value must be 1 or 0.',
  'results.problem.missing-field': 'A required parameter is missing.',
  'results.problem.invalid': 'The value is not valid.',
  'results.api.invalid': 'The query parameters are not valid ({count} problems).',
  'results.api.outOfScope': 'This API token may not read the results of this unit.',
  'results.api.unknownAgency': 'There is no agency with this code.',
};

export type ResultsProblemKey = Extract<keyof typeof vi, `results.problem.${string}`>;

/** The message key of a results query problem (unknown codes fall back to a generic message). */
export function resultsProblemKey(code: string): ResultsProblemKey {
  const key = `results.problem.${code}`;
  return (Object.hasOwn(vi, key) ? key : 'results.problem.invalid') as ResultsProblemKey;
}

export default { vi, en } satisfies Catalogue<keyof typeof vi>;
