// The CSV export's optional labels row: what each fixed column holds, in the reader's language.
// The column names themselves (first line) are stable codes and never translated.
import type { Catalogue } from '../catalogue.ts';

const vi = {
  'exportCsv.label.id': 'Mã phiếu',
  'exportCsv.label.agency_code': 'Mã cơ quan',
  'exportCsv.label.agency_name': 'Tên cơ quan',
  'exportCsv.label.service_point': 'Mã điểm tiếp nhận',
  'exportCsv.label.campaign': 'Mã đợt khảo sát',
  'exportCsv.label.questionnaire_version': 'Phiên bản bảng hỏi',
  'exportCsv.label.channel': 'Kênh',
  'exportCsv.label.submitted_at': 'Thời điểm gửi (giờ Việt Nam)',
  'exportCsv.label.locale': 'Ngôn ngữ',
  'exportCsv.label.comment': 'Ý kiến góp ý',
  'exportCsv.label.dossier_hash': 'Mã hồ sơ (đã băm)',
  'exportCsv.label.officer_name': 'Cán bộ tiếp nhận',
};

const en: Record<keyof typeof vi, string> = {
  'exportCsv.label.id': 'Response id',
  'exportCsv.label.agency_code': 'Agency code',
  'exportCsv.label.agency_name': 'Agency name',
  'exportCsv.label.service_point': 'Service point code',
  'exportCsv.label.campaign': 'Campaign code',
  'exportCsv.label.questionnaire_version': 'Questionnaire version',
  'exportCsv.label.channel': 'Channel',
  'exportCsv.label.submitted_at': 'Submitted at (Viet Nam time)',
  'exportCsv.label.locale': 'Language',
  'exportCsv.label.comment': 'Comment',
  'exportCsv.label.dossier_hash': 'Dossier code (hashed)',
  'exportCsv.label.officer_name': 'Receiving officer',
};

export default { vi, en } satisfies Catalogue<keyof typeof vi>;
