// The secretariat's pages around their content: the navigation.
export const vi = {
  'admin.title': 'Văn phòng — quản trị',
  'admin.nav': 'Các trang quản trị',
  'admin.nav.calendar': 'Lịch họp',
  'admin.nav.registry': 'Danh mục điểm cầu',
  'admin.nav.credentials': 'Mã truy cập',
  'admin.nav.accounts': 'Tài khoản',
  'admin.nav.records': 'Hồ sơ phiên họp',
  'admin.nav.audit': 'Nhật ký thao tác',
  'admin.nav.today': 'Phiên họp hôm nay',
  'admin.open': 'Quản trị',
  'admin.forbidden': 'Trang này dành cho Văn phòng. Đăng nhập bằng tài khoản Văn phòng.',
} as const;

export const en: Record<keyof typeof vi, string> = {
  'admin.title': 'Secretariat — administration',
  'admin.nav': 'Administration pages',
  'admin.nav.calendar': 'Calendar',
  'admin.nav.registry': 'Connection points',
  'admin.nav.credentials': 'Credentials',
  'admin.nav.accounts': 'Accounts',
  'admin.nav.records': 'Session records',
  'admin.nav.audit': 'Audit log',
  'admin.nav.today': "Today's sessions",
  'admin.open': 'Administration',
  'admin.forbidden': 'This page is for the secretariat. Log in with a secretariat account.',
};
