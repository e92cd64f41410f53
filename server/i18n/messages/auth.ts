// Messages of staff sign-in and sign-out.
import type { Catalogue } from '../catalogue.ts';

const vi = {
  'signIn.title': 'Đăng nhập dành cho cán bộ',
  'signIn.lead': 'Dùng địa chỉ email công vụ và mật khẩu được cấp. Người dân trả lời khảo sát không cần đăng nhập.',
  'signIn.email': 'Địa chỉ email',
  'signIn.password': 'Mật khẩu',
  'signIn.submit': 'Đăng nhập',
  'signIn.failed': 'Email hoặc mật khẩu không đúng.',
  'signIn.emailRequired': 'Nhập địa chỉ email.',
  'signIn.passwordRequired': 'Nhập mật khẩu.',
  'signIn.locked': 'Tài khoản tạm thời bị khóa vì đăng nhập sai nhiều lần. Vui lòng thử lại sau {minutes} phút.',
  'signIn.rateLimited': 'Có quá nhiều lần đăng nhập từ địa chỉ này. Vui lòng thử lại sau {minutes} phút.',
  'signIn.slowed':
    'Tài khoản này đang bị đăng nhập sai nhiều lần từ nhiều nơi, nên tạm thời chỉ nhận một lần thử mỗi phút từ thiết bị chưa từng đăng nhập. Vui lòng thử lại sau {seconds} giây.',
  'signIn.signedOut': 'Bạn đã đăng xuất.',
  'signIn.required': 'Vui lòng đăng nhập để tiếp tục.',
  'signIn.forgotten': 'Quên mật khẩu? Liên hệ người quản trị hoặc bộ phận điều phối của Sở Nội vụ để được cấp lại.',
} as const;

const en: Record<keyof typeof vi, string> = {
  'signIn.title': 'Staff sign-in',
  'signIn.lead': 'Use your work email address and the password you were given. Citizens answering a survey do not sign in.',
  'signIn.email': 'Email address',
  'signIn.password': 'Password',
  'signIn.submit': 'Sign in',
  'signIn.failed': 'The email or password is not correct.',
  'signIn.emailRequired': 'Enter your email address.',
  'signIn.passwordRequired': 'Enter your password.',
  'signIn.locked': 'This account is temporarily locked after too many failed sign-ins. Try again in {minutes} minutes.',
  'signIn.rateLimited': 'Too many sign-in attempts from this address. Try again in {minutes} minutes.',
  'signIn.slowed':
    'This account is failing to sign in from many places, so for now it takes one attempt a minute from devices that have not signed in to it before. Try again in {seconds} seconds.',
  'signIn.signedOut': 'You have signed out.',
  'signIn.required': 'Please sign in to continue.',
  'signIn.forgotten':
    'Forgotten your password? Ask your administrator or the coordinators at the Department of Home Affairs for a new one.',
};

export default { vi, en } satisfies Catalogue<keyof typeof vi>;
