// Messages of the results overview at a glance and the agency page's readable charts (issue 14,
// points 1 and 2): the verdict summary, the period presets, the folded filters, what n and the
// number of responses mean, the stated axes, the partial period and the plans on the trend.
import type { Catalogue } from '../catalogue.ts';

const vi = {
  'overview.summary.heading': 'Tóm tắt',
  'overview.summary.of': 'Trong {total} đơn vị trực thuộc:',
  'overview.summary.metClear': '{n} đạt chỉ tiêu rõ ràng',
  'overview.summary.metUncertain': '{n} đạt nhưng chưa chắc chắn',
  'overview.summary.notMet': '{n} không đạt',
  'overview.summary.insufficient': '{n} chưa đủ phiếu để đánh giá',
  'overview.summary.noTarget': '{n} chưa có chỉ tiêu',
  'overview.order': 'Mặc định: đơn vị không đạt lên trước, rồi theo khoảng cách đến chỉ tiêu.',
  'overview.preset.legend': 'Kỳ báo cáo nhanh',
  'overview.preset.month': 'Tháng này',
  'overview.preset.quarter': 'Quý này',
  'overview.preset.year': 'Năm nay',
  'overview.preset.last12': '12 tháng qua',
  'overview.preset.current': '(đang xem)',
  'overview.moreFilters': 'Bộ lọc khác: kỳ tùy chọn, bộ câu hỏi, đợt, kênh, lĩnh vực',
  'overview.chart.title': 'Tỷ lệ hài lòng của các đơn vị so với chỉ tiêu',
  'overview.chart.desc':
    'Mỗi đơn vị một dòng, theo thứ tự của bảng: chấm là tỷ lệ hài lòng, vạch ngang là khoảng tin cậy 95%, vạch đỏ đứt là chỉ tiêu của đơn vị; chấm rỗng: chưa đủ phiếu để đánh giá. Trục từ {from} đến {to}. Số liệu ở bảng bên dưới.',
  'overview.chart.oneTarget': 'Chỉ tiêu {target}',
  'overview.chart.ownTargets': 'Chỉ tiêu của từng đơn vị',
  'overview.axis.full': 'Trục ngang từ {from} đến {to}.',
  'overview.axis.zoomed':
    'Trục ngang từ {from} đến {to}, không bắt đầu từ 0%, để thấy rõ chênh lệch giữa các đơn vị; khoảng tin cậy vượt ra ngoài trục được cắt ở mép.',
  'overview.col.n': 'n',
  'overview.noteCounts':
    '“Số phiếu” là số phiếu trả lời được tính trong kỳ. “n” là số câu trả lời hợp lệ mà chỉ số dựa vào: không tính “không có ý kiến” và câu bỏ trống, nên n có thể nhỏ hơn số phiếu. Phiếu bị đánh dấu (quá nhanh, gửi muộn…) không được tính.',
};

const en: Record<keyof typeof vi, string> = {
  'overview.summary.heading': 'Summary',
  'overview.summary.of': 'Of {total} units below:',
  'overview.summary.metClear': '{n} met the target clearly',
  'overview.summary.metUncertain': '{n} met it, not yet certain',
  'overview.summary.notMet': '{n} did not meet it',
  'overview.summary.insufficient': '{n} had too few responses to judge',
  'overview.summary.noTarget': '{n} have no target',
  'overview.order': 'By default: units that miss their target first, then by distance to the target.',
  'overview.preset.legend': 'Quick periods',
  'overview.preset.month': 'This month',
  'overview.preset.quarter': 'This quarter',
  'overview.preset.year': 'This year',
  'overview.preset.last12': 'Last 12 months',
  'overview.preset.current': '(shown)',
  'overview.moreFilters': 'More filters: any period, questionnaire, campaign, channel, field',
  'overview.chart.title': 'Satisfaction of the units against their targets',
  'overview.chart.desc':
    'One line per unit, in the order of the table: the dot is the satisfaction, the horizontal line the 95% interval, the dashed red tick the unit’s target; a hollow dot: too few responses to judge. The axis runs from {from} to {to}. The figures are in the table below.',
  'overview.chart.oneTarget': 'Target {target}',
  'overview.chart.ownTargets': 'Each unit’s target',
  'overview.axis.full': 'The horizontal axis runs from {from} to {to}.',
  'overview.axis.zoomed':
    'The horizontal axis runs from {from} to {to}, not from 0%, so that the differences between units show; intervals that reach beyond it are cut at its edge.',
  'overview.col.n': 'n',
  'overview.noteCounts':
    '“Responses” is the number of responses counted in the period. “n” is the number of valid answers the index rests on: “no opinion” and blank answers are left out, so n can be smaller than the responses. Flagged responses (too fast, late…) are not counted.',
};

export default { vi, en } satisfies Catalogue<keyof typeof vi>;
