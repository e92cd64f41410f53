// The kiosk's own words, Vietnamese first. Questions, faces and reasons come from the questionnaire
// definition; these are the words around them.

export const TEXTS = {
  vi: {
    title: 'Đánh giá mức độ hài lòng',
    switchTo: 'English',
    switchLabel: 'Switch to English',
    officer: 'Cán bộ phục vụ',
    reasonsHint: 'Chạm để chọn một hoặc nhiều lý do, rồi bấm “Gửi”.',
    yourRating: 'Ông/Bà đã chọn:',
    commentOptional: '(không bắt buộc)',
    send: 'Gửi',
    back: 'Quay lại',
    backLabel: 'Quay lại, chọn lại mức độ hài lòng',
    thanks: 'Cảm ơn Ông/Bà!',
    thanksMore: 'Ý kiến của Ông/Bà giúp chúng tôi phục vụ tốt hơn.',
    loading: 'Đang tải…',
    staffLabel: 'Trạng thái thiết bị',
    queued: 'Chờ gửi',
    rejected: 'Bị từ chối',
    online: 'Trực tuyến',
    offline: 'Ngoại tuyến',
    selected: 'đã chọn',
  },
  en: {
    title: 'Rate our service',
    switchTo: 'Tiếng Việt',
    switchLabel: 'Chuyển sang tiếng Việt',
    officer: 'Serving officer',
    reasonsHint: 'Tap to choose one or more reasons, then press “Send”.',
    yourRating: 'You chose:',
    commentOptional: '(optional)',
    send: 'Send',
    back: 'Back',
    backLabel: 'Back, choose the rating again',
    thanks: 'Thank you!',
    thanksMore: 'Your opinion helps us serve you better.',
    loading: 'Loading…',
    staffLabel: 'Device status',
    queued: 'Waiting to send',
    rejected: 'Refused',
    online: 'Online',
    offline: 'Offline',
    selected: 'selected',
  },
};

/**
 * Staff-facing screens speak both languages at once: whoever stands in front of a revoked or unpaired
 * device, the message must be understood without a toggle.
 */
export const DEVICE_TEXTS = {
  revoked: {
    vi: {
      title: 'Thiết bị đã bị thu hồi',
      body: 'Thiết bị này không còn được dùng để đánh giá. Vui lòng liên hệ cán bộ quản trị để ghép nối lại.',
    },
    en: {
      title: 'This device has been revoked',
      body: 'This device can no longer collect ratings. Please ask an administrator to pair it again.',
    },
  },
  unpaired: {
    vi: { title: 'Thiết bị chưa được ghép nối', body: 'Cán bộ quản trị cần mở đường dẫn ghép nối của kiosk trên thiết bị này.' },
    en: { title: 'This device is not paired', body: 'An administrator needs to open the kiosk pairing link on this device.' },
  },
  unavailable: {
    vi: { title: 'Chưa tải được cấu hình kiosk', body: 'Thiết bị sẽ tự thử lại. Vui lòng kiểm tra kết nối mạng.' },
    en: {
      title: 'The kiosk settings could not be loaded',
      body: 'The device will try again by itself. Please check the network connection.',
    },
  },
  unsupported: {
    vi: {
      title: 'Bộ câu hỏi không dùng được trên kiosk',
      body: 'Bộ câu hỏi gán cho kiosk cần có một câu hỏi đánh giá theo thang mặt cười. Vui lòng liên hệ cán bộ quản trị.',
    },
    en: {
      title: 'This questionnaire cannot run on a kiosk',
      body: 'The questionnaire assigned to this kiosk needs one rating question on a faces scale. Please ask an administrator.',
    },
  },
};
