// Messages of the public results page as cards for a phone (issue 14, point 6): one card per agency
// with its share, a bar with the target line, n and the verdict, and the order the reader chooses.
import type { Catalogue } from '../catalogue.ts';

const vi = {
  'publicCards.order': 'Thứ tự',
  'publicCards.order.co-cau': 'Theo cơ cấu tổ chức',
  'publicCards.order.cao-truoc': 'Mức độ hài lòng cao trước',
  'publicCards.order.thap-truoc': 'Mức độ hài lòng thấp trước',
  'publicCards.order.ten': 'Theo tên (A–Z)',
  'publicCards.orderHint': 'Đơn vị chưa đủ mẫu luôn ở cuối khi xếp theo mức độ hài lòng.',
  'publicCards.listLabel': 'Mức độ hài lòng chung của từng cơ quan, đơn vị, năm {year}',
  'publicCards.orderedBy': 'Đang xếp: {order}.',
  'publicCards.notRanking': 'Đây là công bố số liệu, không phải bảng xếp hạng.',
  'publicCards.satisfied': 'hài lòng',
  'publicCards.n': 'n (câu trả lời hợp lệ)',
  'publicCards.responses': 'Phiếu trả lời',
  'publicCards.interval': 'Khoảng tin cậy 95%',
  'publicCards.target': 'Chỉ tiêu',
  'publicCards.noTarget': 'Chưa có chỉ tiêu',
  'publicCards.verdict': 'Đánh giá',
  'publicCards.barNote':
    'Thanh ngang: phần tô đậm là mức độ hài lòng trên thang 0–100%, vạch đen là khoảng tin cậy 95%, vạch đỏ đứt nét là chỉ tiêu.',
} as const;

const en: Record<keyof typeof vi, string> = {
  'publicCards.order': 'Order',
  'publicCards.order.co-cau': 'As the organisation is structured',
  'publicCards.order.cao-truoc': 'Highest satisfaction first',
  'publicCards.order.thap-truoc': 'Lowest satisfaction first',
  'publicCards.order.ten': 'By name (A–Z)',
  'publicCards.orderHint': 'Units with too small a sample always come last when ordered by satisfaction.',
  'publicCards.listLabel': 'Overall satisfaction of each agency, {year}',
  'publicCards.orderedBy': 'Ordered: {order}.',
  'publicCards.notRanking': 'This is a publication of figures, not a ranking.',
  'publicCards.satisfied': 'satisfied',
  'publicCards.n': 'n (valid answers)',
  'publicCards.responses': 'Responses',
  'publicCards.interval': '95% interval',
  'publicCards.target': 'Target',
  'publicCards.noTarget': 'No target',
  'publicCards.verdict': 'Verdict',
  'publicCards.barNote':
    'The bar: the filled part is the satisfaction on a 0–100% scale, the black line the 95% interval, the dashed red line the target.',
};

export default { vi, en } satisfies Catalogue<keyof typeof vi>;
