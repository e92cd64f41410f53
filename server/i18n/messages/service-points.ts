// Messages of the service-points pages: the list, the QR poster and its downloads. The poster itself
// is printed in Vietnamese whatever the staff member's language (`poster.*` is read with the vi
// catalogue, plus one line from the en one); the page around it follows the user's language.
import type { Catalogue } from '../catalogue.ts';

const vi = {
  'permission.posters.print': 'In áp phích mã QR của các điểm tiếp nhận',
  'servicePoints.title': 'Điểm tiếp nhận và mã QR',
  'servicePoints.scope':
    'Các điểm tiếp nhận của {agency} và các đơn vị trực thuộc. Mỗi điểm có một áp phích mã QR dẫn tới phiếu khảo sát trực tuyến.',
  'servicePoints.none': 'Chưa có điểm tiếp nhận nào trong phạm vi của bạn.',
  'servicePoints.agency': 'Cơ quan, đơn vị',
  'servicePoints.code': 'Mã điểm',
  'servicePoints.name': 'Tên điểm tiếp nhận',
  'servicePoints.url': 'Địa chỉ khảo sát',
  'servicePoints.status': 'Trạng thái',
  'servicePoints.active': 'Đang hoạt động',
  'servicePoints.inactive': 'Ngừng hoạt động',
  'servicePoints.poster': 'Áp phích',
  'servicePoints.downloads': 'Tải mã QR',
  'servicePoints.posterLabel': 'Áp phích {size} — {name}',
  'servicePoints.png': 'PNG',
  'servicePoints.svg': 'SVG',
  'servicePoints.downloadLabel': '{format} — mã QR của {name}',
  'servicePoints.posterTitle': 'Áp phích mã QR: {name}',
  'servicePoints.back': 'Danh sách điểm tiếp nhận',
  'servicePoints.size': 'Khổ giấy',
  'servicePoints.printHint':
    'In / Print: nhấn Ctrl + P (trên máy Mac: ⌘ + P), chọn khổ giấy {size}, hướng dọc, tỷ lệ 100%. Phần hướng dẫn này không được in.',
  'servicePoints.inactiveWarning':
    'Điểm tiếp nhận này đang ngừng hoạt động: người dân quét mã sẽ chưa gửi được ý kiến cho tới khi điểm được kích hoạt lại.',
  'servicePoints.badSize': 'Khổ giấy phải là a4 hoặc a5.',
  'poster.headline': 'Ý kiến của Ông/Bà giúp chúng tôi phục vụ tốt hơn',
  'poster.qrLabel': 'Mã QR dẫn tới phiếu khảo sát: {url}',
  'poster.stepsTitle': 'Cách trả lời',
  'poster.step1': 'Mở camera điện thoại',
  'poster.step2': 'Quét mã QR',
  'poster.step3': 'Trả lời {pages} trang, khoảng {minutes} phút',
  'poster.step3Plain': 'Trả lời phiếu khảo sát',
  'poster.privacy': 'Không cần đăng nhập, không thu thập thông tin cá nhân.',
  'poster.orVisit': 'Hoặc truy cập:',
  'poster.summary': 'Quét mã để đánh giá sự phục vụ — khoảng {minutes} phút, không cần đăng nhập, không thu thập thông tin cá nhân.',
  'poster.summaryPlain': 'Quét mã để đánh giá sự phục vụ — không cần đăng nhập, không thu thập thông tin cá nhân.',
} as const;

const en: Record<keyof typeof vi, string> = {
  'permission.posters.print': 'Print the QR posters of service points',
  'servicePoints.title': 'Service points and QR codes',
  'servicePoints.scope': 'The service points of {agency} and its sub-units. Each has a QR poster that leads to the online survey.',
  'servicePoints.none': 'There are no service points in your scope yet.',
  'servicePoints.agency': 'Agency',
  'servicePoints.code': 'Code',
  'servicePoints.name': 'Service point',
  'servicePoints.url': 'Survey address',
  'servicePoints.status': 'Status',
  'servicePoints.active': 'Active',
  'servicePoints.inactive': 'Inactive',
  'servicePoints.poster': 'Poster',
  'servicePoints.downloads': 'QR code downloads',
  'servicePoints.posterLabel': '{size} poster — {name}',
  'servicePoints.png': 'PNG',
  'servicePoints.svg': 'SVG',
  'servicePoints.downloadLabel': '{format} — QR code of {name}',
  'servicePoints.posterTitle': 'QR poster: {name}',
  'servicePoints.back': 'Service points',
  'servicePoints.size': 'Paper size',
  'servicePoints.printHint':
    'In / Print: press Ctrl + P (on a Mac: ⌘ + P), choose paper size {size}, portrait, scale 100%. These instructions are not printed.',
  'servicePoints.inactiveWarning':
    'This service point is inactive: citizens who scan the code cannot send their answers until it is active again.',
  'servicePoints.badSize': 'The paper size must be a4 or a5.',
  'poster.headline': 'Your opinion helps us serve you better',
  'poster.qrLabel': 'QR code to the survey: {url}',
  'poster.stepsTitle': 'How to answer',
  'poster.step1': 'Open your phone camera',
  'poster.step2': 'Scan the QR code',
  'poster.step3': 'Answer {pages} pages, about {minutes} min',
  'poster.step3Plain': 'Answer the survey',
  'poster.privacy': 'No sign-in needed; no personal data collected.',
  'poster.orVisit': 'Or visit:',
  'poster.summary': 'Scan the code to rate our service — about {minutes} min, no sign-in, no personal data collected.',
  'poster.summaryPlain': 'Scan the code to rate our service — no sign-in, no personal data collected.',
};

export default { vi, en } satisfies Catalogue<keyof typeof vi>;
