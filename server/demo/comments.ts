// Citizens' comments for the demo: short, plausible, some praise, more complaints from unhappy
// citizens. A share is handed over in decomposed Unicode, as some phone keyboards type it, so that
// the demo exercises the NFC cleaning on the way into the database.
import type { Random } from './random.ts';

const PRAISE_VI = [
  'Cán bộ hướng dẫn tận tình, chu đáo.',
  'Thủ tục nhanh gọn, tôi rất hài lòng.',
  'Khu vực chờ sạch sẽ, thoáng mát, có nước uống miễn phí.',
  'Cảm ơn các anh chị ở bộ phận một cửa đã hỗ trợ nhiệt tình.',
  'Nhận kết quả đúng hẹn, không phải đi lại nhiều lần.',
  'Nộp hồ sơ trực tuyến thuận tiện, được nhắn tin báo kết quả.',
  'Nhân viên vui vẻ, giải thích rõ ràng từng bước.',
];
const COMPLAINT_VI = [
  'Thời gian chờ quá lâu, đề nghị bố trí thêm quầy vào buổi sáng.',
  'Hồ sơ phải bổ sung nhiều lần vì hướng dẫn ban đầu chưa rõ.',
  'Cổng dịch vụ công trực tuyến hay bị lỗi khi tải tệp đính kèm.',
  'Bãi giữ xe chật, khó tìm chỗ đậu xe máy.',
  'Trả kết quả trễ hẹn mà không được thông báo trước.',
  'Đề nghị niêm yết rõ mức phí, lệ phí tại quầy.',
  'Máy lấy số thứ tự thường xuyên bị hỏng.',
  'Cần có người hướng dẫn cho người cao tuổi sử dụng máy tính bảng.',
  'Thủ tục đất đai còn rườm rà, phải đi lại nhiều nơi.',
  'Sau khi sáp nhập tỉnh, không biết nộp hồ sơ ở đâu, cần hướng dẫn rõ hơn.',
];
const QUICK_PRAISE_VI = ['Nhân viên nhiệt tình.', 'Rất nhanh, cảm ơn!', 'Cảm ơn chị ở quầy đã hướng dẫn kỹ.', 'Phục vụ tốt.'];
const QUICK_COMPLAINT_VI = [
  'Chờ lâu quá.',
  'Phải quay lại lần hai vì thiếu giấy tờ.',
  'Quầy đông, ít người làm.',
  'Hướng dẫn chưa rõ ràng.',
  'Điều hòa hỏng, nóng quá.',
];
const PRAISE_EN = ['The staff were helpful and patient.', 'Quick and well organised, thank you.'];
const COMPLAINT_EN = [
  'Please provide forms and guidance in English for foreign residents.',
  'The waiting time was too long.',
  'The online portal was hard to use without Vietnamese.',
];

export function commentFor(rng: Random, o: { quick: boolean; unhappy: boolean; locale: 'vi' | 'en'; maxLength: number }): string {
  const pool =
    o.locale === 'en'
      ? o.unhappy
        ? COMPLAINT_EN
        : PRAISE_EN
      : o.quick
        ? o.unhappy
          ? QUICK_COMPLAINT_VI
          : QUICK_PRAISE_VI
        : o.unhappy || rng.chance(0.4)
          ? COMPLAINT_VI
          : PRAISE_VI;
  const text = rng.pick(pool).slice(0, o.maxLength);
  return rng.chance(0.2) ? text.normalize('NFD') : text;
}
