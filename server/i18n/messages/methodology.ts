// Messages of the public methodology page (/phuong-phap): its title, the links to it, and the words
// of the worked-example table. The page's prose is long and lives in one view per language
// (views/pages/methodology/vi.eta, en.eta), which read better as text than as keys.
import type { Catalogue } from '../catalogue.ts';

const vi = {
  'methodology.title': 'Phương pháp tính',
  'methodology.link': 'Phương pháp tính chỉ số',
  'methodology.homeLink': 'Đọc phương pháp tính, có ví dụ',
  'methodology.contents': 'Nội dung trang',
  'methodology.range': '[{low}; {high}]',
  'methodology.target.gt': 'trên {threshold}',
  'methodology.target.ge': 'từ {threshold} trở lên',
  'methodology.verdict.met': 'Đạt',
  'methodology.verdict.notMet': 'Chưa đạt',
  'methodology.verdict.clear': 'rõ ràng',
  'methodology.verdict.uncertain': 'chưa đủ chắc chắn',
  'methodology.verdict.insufficient': 'chưa đủ mẫu',
  'methodology.verdict.none': 'không có chỉ tiêu',
  'methodology.example.caption': 'Ví dụ: {responses} phiếu, yếu tố E1 (kết quả do bộ máy tính chỉ số tính khi mở trang)',
  'methodology.example.code': 'Mã',
  'methodology.example.answers': 'Câu trả lời',
  'methodology.example.satisfied': 'Hài lòng',
  'methodology.example.noOpinion': 'Không ý kiến',
  'methodology.example.blank': 'Bỏ trống',
  'methodology.example.n': 'n',
  'methodology.example.index': 'Chỉ số',
  'methodology.example.interval': 'Khoảng tin cậy 95%',
  'methodology.example.blankCount': '{count} bỏ trống',
  'methodology.example.noIndex': 'không có chỉ số (bỏ ra)',
  'methodology.example.element': 'Yếu tố {code}: trung bình các tiêu chí (quy tắc mặc định)',
  'methodology.example.leftOut': 'bỏ ra: {codes}',
  'methodology.example.pooled': 'Yếu tố {code}: tỷ lệ gộp (quy tắc thay thế)',
  'methodology.example.none': '—',
};

const en: Record<keyof typeof vi, string> = {
  'methodology.title': 'Methodology',
  'methodology.link': 'How the indices are computed',
  'methodology.homeLink': 'Read the methodology, with a worked example',
  'methodology.contents': 'On this page',
  'methodology.range': '[{low}, {high}]',
  'methodology.target.gt': 'above {threshold}',
  'methodology.target.ge': 'at least {threshold}',
  'methodology.verdict.met': 'Met',
  'methodology.verdict.notMet': 'Not met',
  'methodology.verdict.clear': 'clear',
  'methodology.verdict.uncertain': 'not yet certain',
  'methodology.verdict.insufficient': 'not enough answers',
  'methodology.verdict.none': 'no target',
  'methodology.example.caption':
    'Example: {responses} responses, element E1 (results computed by the index engine when the page is opened)',
  'methodology.example.code': 'Code',
  'methodology.example.answers': 'Answers',
  'methodology.example.satisfied': 'Satisfied',
  'methodology.example.noOpinion': 'No opinion',
  'methodology.example.blank': 'Blank',
  'methodology.example.n': 'n',
  'methodology.example.index': 'Index',
  'methodology.example.interval': '95% interval',
  'methodology.example.blankCount': '{count} blank',
  'methodology.example.noIndex': 'no index (left out)',
  'methodology.example.element': 'Element {code}: mean of its criteria (default rule)',
  'methodology.example.leftOut': 'left out: {codes}',
  'methodology.example.pooled': 'Element {code}: pooled share (alternative rule)',
  'methodology.example.none': '—',
};

export default { vi, en } satisfies Catalogue<keyof typeof vi>;
