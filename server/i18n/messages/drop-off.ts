// Messages of the drop-off figures: where citizens stop the online survey, on the agency results page
// (its own panel and fragment) and as a sheet of the XLSX export.
import type { Catalogue } from '../catalogue.ts';

const vi = {
  'dropOff.heading': 'Người dân dừng ở đâu khi trả lời trực tuyến',
  'dropOff.intro':
    'Các phiếu trực tuyến (mã QR, đường dẫn) bắt đầu trong kỳ tại đơn vị và các đơn vị trực thuộc: số phiếu đã đến từng bước, và tỷ lệ so với số phiếu đã bắt đầu. Một trang được bỏ qua do câu trả lời trước (ví dụ tiêu chí yếu tố 5 khi chọn “Không”) được tính là đã qua.',
  'dropOff.version': 'Phiên bản {version}',
  'dropOff.none': 'Chưa có phiếu trực tuyến nào được bắt đầu trong kỳ này.',
  'dropOff.notOnline': 'Bộ lọc đang chọn một kênh khác khảo sát trực tuyến, nên không có số liệu bỏ dở.',
  'dropOff.step.started': 'Bắt đầu',
  'dropOff.step.page': 'Trang {page}',
  'dropOff.step.review': 'Trang kiểm tra',
  'dropOff.step.submitted': 'Đã gửi',
  'dropOff.followUp': '{section} (tiếp)',
  'dropOff.col.step': 'Bước',
  'dropOff.col.section': 'Nội dung trang',
  'dropOff.col.drafts': 'Số phiếu',
  'dropOff.col.share': 'Tỷ lệ so với số bắt đầu',
  'dropOff.col.version': 'Phiên bản',
  'dropOff.chartTitle': 'Số phiếu trực tuyến đến từng bước, phiên bản {version}',
  'dropOff.chartDesc':
    'Mỗi thanh là một bước, từ lúc bắt đầu đến khi gửi; độ dài là tỷ lệ so với số phiếu đã bắt đầu. Bảng số liệu ở ngay dưới.',
  'dropOff.tableCaption': 'Số phiếu trực tuyến đến từng bước, phiên bản {version}',
  'dropOff.pageTitle': 'Bỏ dở khảo sát trực tuyến: {agency}',
  'dropOff.crumb': 'Bỏ dở khảo sát trực tuyến',
  'dropOff.sheet': 'Bỏ dở',
  'dropOff.sheetCaption': 'Khảo sát trực tuyến: số phiếu bắt đầu trong kỳ đến từng bước, theo phiên bản bộ câu hỏi',
} as const;

const en: Record<keyof typeof vi, string> = {
  'dropOff.heading': 'Where citizens stop the online survey',
  'dropOff.intro':
    'Online surveys (QR code, link) started in the period at the agency and the units under it: how many reached each step, and their share of those started. A page skipped because of an earlier answer (such as element 5’s criteria after “No”) counts as passed.',
  'dropOff.version': 'Version {version}',
  'dropOff.none': 'No online survey was started in this period.',
  'dropOff.notOnline': 'The filters select a channel other than the online survey, so there are no drop-off figures.',
  'dropOff.step.started': 'Started',
  'dropOff.step.page': 'Page {page}',
  'dropOff.step.review': 'Check answers page',
  'dropOff.step.submitted': 'Sent',
  'dropOff.followUp': '{section} (continued)',
  'dropOff.col.step': 'Step',
  'dropOff.col.section': 'What the page asks',
  'dropOff.col.drafts': 'Surveys',
  'dropOff.col.share': 'Share of those started',
  'dropOff.col.version': 'Version',
  'dropOff.chartTitle': 'Online surveys reaching each step, version {version}',
  'dropOff.chartDesc':
    'One bar per step, from the start to the submit; its length is the share of surveys started. The data table follows.',
  'dropOff.tableCaption': 'Online surveys reaching each step, version {version}',
  'dropOff.pageTitle': 'Online survey drop-off: {agency}',
  'dropOff.crumb': 'Online survey drop-off',
  'dropOff.sheet': 'Drop-off',
  'dropOff.sheetCaption': 'Online survey: surveys started in the period reaching each step, by questionnaire version',
};

const catalogue: Catalogue<keyof typeof vi> = { vi, en };
export default catalogue;
