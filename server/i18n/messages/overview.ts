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
  'overview.elements.desc':
    'Mỗi yếu tố một dòng: chấm là tỷ lệ hài lòng, vạch ngang là khoảng tin cậy 95%, vạch đỏ đứt là chỉ tiêu riêng của yếu tố (chỉ vẽ khi yếu tố có chỉ tiêu); chấm rỗng: chưa đủ câu trả lời để đánh giá. Bảng sau biểu đồ có đủ số liệu.',
  'overview.elements.ownTargets': 'Chỉ tiêu của yếu tố',
  'overview.partial.upTo': 'đến {date}',
  'overview.partial.month': 'Tháng {month} chưa kết thúc: số liệu đến hết ngày {date}, tô nền trên biểu đồ, chấm rỗng.',
  'overview.partial.row': '(chưa hết tháng)',
  'overview.plans.heading': 'Chỉ số có kế hoạch khắc phục, theo tháng',
  'overview.plans.intro':
    'Mỗi chỉ số có kế hoạch khắc phục (trừ kế hoạch đã hủy) được vẽ theo tháng; vạch chấm đánh dấu tháng lập kế hoạch, để thấy chỉ số có chuyển biến sau đó không.',
  'overview.plans.marker': 'KH {id}',
  'overview.plans.chartTitle': '{index}: diễn biến theo tháng',
  'overview.plans.chartDesc':
    'Đường là tỷ lệ hài lòng của chỉ số từng tháng, dải mờ là khoảng tin cậy 95%, vạch chấm đứng là tháng lập kế hoạch khắc phục.',
  'overview.plans.item': 'Kế hoạch số {id}: lập ngày {made}, hạn {due}, {status}',
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
  'overview.elements.desc':
    'One line per element: the dot is the satisfaction, the horizontal line the 95% interval, the dashed red tick the element’s own target (drawn only where it has one); a hollow dot: too few answers to judge. The table after the chart has all the figures.',
  'overview.elements.ownTargets': 'The element’s target',
  'overview.partial.upTo': 'to {date}',
  'overview.partial.month': 'Month {month} is not over: its figures run to {date}; shaded on the chart, with a hollow dot.',
  'overview.partial.row': '(month not over)',
  'overview.plans.heading': 'Indices with an improvement plan, month by month',
  'overview.plans.intro':
    'Each index with an improvement plan (cancelled ones aside) is drawn month by month; a dotted line marks the month the plan was made, to show whether the index moved after it.',
  'overview.plans.marker': 'Plan {id}',
  'overview.plans.chartTitle': '{index}: month by month',
  'overview.plans.chartDesc':
    'The line is the index’s satisfaction month by month, the band its 95% interval, the dotted vertical line the month the improvement plan was made.',
  'overview.plans.item': 'Plan {id}: made {made}, due {due}, {status}',
};

export default { vi, en } satisfies Catalogue<keyof typeof vi>;
