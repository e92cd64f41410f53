// Messages of the intake area: what is wrong with a submitted response, whatever the channel (the
// online survey, paper keying, the API, kiosks), and the per-dossier links. Every problem code of
// server/domain/answers.ts and server/intake/intake.ts has a key `intake.problem.<code>`; use
// problemKey(code) to find it (unknown codes fall back to a generic message).
import type { Catalogue } from '../catalogue.ts';

const vi = {
  // Answer problems (server/domain/answers.ts).
  'intake.problem.unknown-question': 'Bộ câu hỏi này không có câu hỏi mã này.',
  'intake.problem.not-allowed': 'Giá trị không hợp lệ; các giá trị được chấp nhận: {allowed}.',
  'intake.problem.not-a-list': 'Câu hỏi này nhận một danh sách các lựa chọn.',
  'intake.problem.duplicate-choice': 'Một lựa chọn được chọn nhiều lần.',
  'intake.problem.too-many': 'Chỉ được chọn tối đa {max} lựa chọn.',
  'intake.problem.empty-choice': 'Hãy chọn ít nhất một lựa chọn, hoặc bỏ trống câu hỏi.',
  'intake.problem.not-applicable': 'Câu hỏi này không áp dụng với câu trả lời đã chọn ở câu {question}.',
  'intake.problem.required': 'Vui lòng trả lời câu hỏi này.',
  'intake.problem.empty-response': 'Phiếu chưa có câu trả lời nào.',
  'intake.problem.too-long': 'Nội dung dài quá {max} ký tự.',
  'intake.problem.comment-not-asked': 'Bộ câu hỏi này không có phần ý kiến góp ý.',
  // Placement problems (server/intake/intake.ts).
  'intake.problem.in-future': 'Thời điểm trả lời nằm ở tương lai.',
  'intake.problem.unknown-service-point': 'Không có điểm tiếp nhận mã này.',
  'intake.problem.invalid-period': 'Kỳ không hợp lệ; dùng một ngày (2026-11-05) hoặc một tháng (2026-11).',
  'intake.problem.period-in-future': 'Kỳ này chưa bắt đầu; chỉ gửi số người đã được phục vụ.',
  'intake.problem.duplicate-period': 'Cùng điểm tiếp nhận và kỳ đã có ở mục {first} của yêu cầu.',
  'intake.problem.service-point-elsewhere': 'Điểm tiếp nhận này không thuộc cơ quan đã nêu.',
  'intake.problem.service-point-inactive': 'Điểm tiếp nhận này đã ngừng hoạt động.',
  'intake.problem.unknown-agency': 'Không có cơ quan mã này.',
  'intake.problem.place-missing': 'Cần nêu điểm tiếp nhận (service_point) hoặc cơ quan (agency).',
  'intake.problem.out-of-scope': 'Mã truy cập này không được gửi phiếu cho đơn vị này.',
  'intake.problem.agency-not-valid-then': 'Đơn vị không còn (hoặc chưa) hoạt động vào ngày {day}.',
  'intake.problem.unknown-campaign': 'Không có đợt khảo sát mã này.',
  'intake.problem.campaign-questionnaire-differs': 'Đợt khảo sát dùng bộ câu hỏi hoặc phiên bản khác.',
  'intake.problem.campaign-closed': 'Đợt khảo sát đã đóng.',
  'intake.problem.channel-not-in-campaign': 'Đợt khảo sát không nhận phiếu qua kênh này.',
  'intake.problem.outside-campaign': 'Ngày {day} nằm ngoài thời gian của đợt khảo sát.',
  'intake.problem.agency-not-in-campaign': 'Đơn vị này không thuộc đợt khảo sát.',
  'intake.problem.unknown-questionnaire': 'Không có bộ câu hỏi (hoặc phiên bản) đã ban hành với mã này.',
  'intake.problem.questionnaire-missing': 'Cần nêu bộ câu hỏi và phiên bản (questionnaire, version) hoặc đợt khảo sát (campaign).',
  // Storing outcomes.
  'intake.problem.conflict': 'Đã có một phiếu khác (nội dung khác) được lưu với mã định danh này.',
  'intake.problem.dossier-used': 'Hồ sơ này đã được đánh giá.',
  // The shape of an API request.
  'intake.problem.unknown-field': 'Trường này không có trong định dạng phiếu.',
  'intake.problem.missing-field': 'Thiếu trường bắt buộc này.',
  'intake.problem.invalid-type': 'Sai kiểu dữ liệu; cần: {expected}.',
  'intake.problem.invalid-uuid': 'Cần một UUID, ví dụ 3f2b8c4e-5d6a-4b7c-8d9e-0f1a2b3c4d5e.',
  'intake.problem.invalid-date': 'Cần thời điểm ISO 8601 có múi giờ, ví dụ 2026-03-02T08:30:00+07:00.',
  'intake.problem.invalid-value': 'Giá trị không hợp lệ; các giá trị được chấp nhận: {allowed}.',
  'intake.problem.empty': 'Không được để trống.',
  'intake.problem.too-big': 'Giá trị vượt quá giới hạn {max}.',
  'intake.problem.too-small': 'Giá trị nhỏ hơn giới hạn {min}.',
  'intake.problem.too-many-items': 'Tối đa {max} phần tử.',
  'intake.problem.duplicate-answer': 'Câu hỏi này có mặt cả trong answers và background.',
  'intake.problem.invalid-dossier-code': 'Mã hồ sơ chỉ gồm chữ, số và . _ / -, tối đa 64 ký tự.',
  'intake.problem.invalid': 'Giá trị không hợp lệ.',
  // Issue 11: text refused at the door, dates before the version, channels a token may not claim.
  'intake.problem.invalid-characters':
    'Có ký tự không hợp lệ: ký tự điều khiển (ví dụ NUL) hoặc một ký tự bị cắt dở (như nửa biểu tượng cảm xúc).',
  'intake.problem.before-version': 'Ngày trả lời {day} trước ngày bộ câu hỏi (phiên bản này) được ban hành, {published}.',
  'intake.problem.server-error': 'Lỗi của hệ thống khi lưu phiếu này; các phiếu khác không bị ảnh hưởng. Có thể gửi lại sau.',
  'intake.problem.channel-not-allowed':
    'Không được gửi phiếu qua kênh “giấy” bằng mã truy cập API: phiếu giấy do cán bộ nhập trên hệ thống.',
  // API replies.
  'intake.api.invalid': 'Yêu cầu có {count} lỗi; xem danh sách errors.',
  'intake.api.conflict': 'Mã định danh này đã được dùng cho một phiếu có nội dung khác; phiếu mới không được lưu.',
  'intake.api.dossierUsed': 'Hồ sơ này đã được đánh giá; phiếu mới không được lưu.',
  'intake.api.outOfScope': 'Mã truy cập này chỉ được dùng cho cơ quan của nó và các đơn vị trực thuộc.',
  'intake.api.batchTooLarge': 'Mỗi lô nhận tối đa {max} phiếu; lô này có {count}. Hãy chia nhỏ và gửi lại.',
  'intake.api.jsonOnly': 'Hãy gửi nội dung JSON với tiêu đề Content-Type: application/json.',
  // `hailong link`.
  'intake.link.usage': 'Cách dùng: hailong link --service-point MÃ --dossier MÃ_HỒ_SƠ [--days 1–90]',
  'intake.link.badDays': 'Số ngày hiệu lực phải là số nguyên từ 1 đến 90.',
  'intake.link.badDossier': 'Mã hồ sơ "{value}" không hợp lệ: chỉ gồm chữ, số và . _ / -, tối đa 64 ký tự.',
  'intake.link.noServicePoint': 'Không có điểm tiếp nhận mã "{code}".',
  'intake.link.expires': 'Liên kết có hiệu lực đến {at}.',
} as const;

const en: Record<keyof typeof vi, string> = {
  'intake.problem.unknown-question': 'This questionnaire has no question with this code.',
  'intake.problem.not-allowed': 'This value is not allowed; accepted values: {allowed}.',
  'intake.problem.not-a-list': 'This question takes a list of choices.',
  'intake.problem.duplicate-choice': 'A choice is selected more than once.',
  'intake.problem.too-many': 'Choose at most {max} options.',
  'intake.problem.empty-choice': 'Choose at least one option, or leave the question blank.',
  'intake.problem.not-applicable': 'This question does not apply given the answer to {question}.',
  'intake.problem.required': 'Please answer this question.',
  'intake.problem.empty-response': 'The response has no answers.',
  'intake.problem.too-long': 'The text is longer than {max} characters.',
  'intake.problem.comment-not-asked': 'This questionnaire does not ask for a comment.',
  'intake.problem.in-future': 'The time of answering is in the future.',
  'intake.problem.unknown-service-point': 'There is no service point with this code.',
  'intake.problem.invalid-period': 'The period is invalid; give a day (2026-11-05) or a month (2026-11).',
  'intake.problem.period-in-future': 'This period has not started; send only people already served.',
  'intake.problem.duplicate-period': 'The same service point and period are at item {first} of the request.',
  'intake.problem.service-point-elsewhere': 'This service point does not belong to the agency given.',
  'intake.problem.service-point-inactive': 'This service point is no longer active.',
  'intake.problem.unknown-agency': 'There is no agency with this code.',
  'intake.problem.place-missing': 'Give a service point (service_point) or an agency (agency).',
  'intake.problem.out-of-scope': 'This API token may not submit responses for this unit.',
  'intake.problem.agency-not-valid-then': 'The unit did not exist (or no longer existed) on {day}.',
  'intake.problem.unknown-campaign': 'There is no campaign with this code.',
  'intake.problem.campaign-questionnaire-differs': 'The campaign uses another questionnaire or version.',
  'intake.problem.campaign-closed': 'The campaign is closed.',
  'intake.problem.channel-not-in-campaign': 'The campaign does not accept responses on this channel.',
  'intake.problem.outside-campaign': 'The day {day} is outside the campaign period.',
  'intake.problem.agency-not-in-campaign': 'This unit is not part of the campaign.',
  'intake.problem.unknown-questionnaire': 'There is no published questionnaire (or version) with this code.',
  'intake.problem.questionnaire-missing': 'Give the questionnaire and version (questionnaire, version) or a campaign (campaign).',
  'intake.problem.conflict': 'A response with different content is already stored under this id.',
  'intake.problem.dossier-used': 'This dossier has already been rated.',
  'intake.problem.unknown-field': 'This field is not part of the response format.',
  'intake.problem.missing-field': 'This required field is missing.',
  'intake.problem.invalid-type': 'Wrong type; expected: {expected}.',
  'intake.problem.invalid-uuid': 'Expected a UUID, e.g. 3f2b8c4e-5d6a-4b7c-8d9e-0f1a2b3c4d5e.',
  'intake.problem.invalid-date': 'Expected an ISO 8601 time with an offset, e.g. 2026-03-02T08:30:00+07:00.',
  'intake.problem.invalid-value': 'This value is not allowed; accepted values: {allowed}.',
  'intake.problem.empty': 'Must not be empty.',
  'intake.problem.too-big': 'The value exceeds the limit of {max}.',
  'intake.problem.too-small': 'The value is below the limit of {min}.',
  'intake.problem.too-many-items': 'At most {max} items.',
  'intake.problem.duplicate-answer': 'This question appears in both answers and background.',
  'intake.problem.invalid-dossier-code': 'A dossier code has only letters, digits and . _ / -, at most 64 characters.',
  'intake.problem.invalid': 'This value is not valid.',
  'intake.problem.invalid-characters':
    'Contains a character that is not allowed: a control character (such as NUL) or a broken character (such as half of an emoji).',
  'intake.problem.before-version': 'The response date {day} is before this questionnaire version was published, {published}.',
  'intake.problem.server-error': 'Our system failed to store this response; the others are not affected. It may be sent again later.',
  'intake.problem.channel-not-allowed': 'An API token cannot send responses on the "paper" channel: paper forms are keyed in by staff.',
  'intake.api.invalid': 'The request has {count} problem(s); see the errors list.',
  'intake.api.conflict': 'This id is already used by a response with different content; the new response was not stored.',
  'intake.api.dossierUsed': 'This dossier has already been rated; the new response was not stored.',
  'intake.api.outOfScope': 'This API token may only be used for its agency and the units below it.',
  'intake.api.batchTooLarge': 'A batch takes at most {max} responses; this one has {count}. Split it and send again.',
  'intake.api.jsonOnly': 'Send a JSON body with the header Content-Type: application/json.',
  'intake.link.usage': 'Usage: hailong link --service-point CODE --dossier DOSSIER_CODE [--days 1–90]',
  'intake.link.badDays': 'The number of days must be a whole number from 1 to 90.',
  'intake.link.badDossier': 'The dossier code "{value}" is invalid: letters, digits and . _ / - only, at most 64 characters.',
  'intake.link.noServicePoint': 'There is no service point with the code "{code}".',
  'intake.link.expires': 'The link is valid until {at}.',
};

export type IntakeMessageKey = keyof typeof vi;
export type IntakeProblemKey = Extract<IntakeMessageKey, `intake.problem.${string}`>;

/** The message key of a problem code; codes without their own message get the generic one. */
export function problemKey(code: string): IntakeProblemKey {
  const key = `intake.problem.${code}`;
  return (Object.hasOwn(vi, key) ? key : 'intake.problem.invalid') as IntakeProblemKey;
}

export default { vi, en } satisfies Catalogue<keyof typeof vi>;
