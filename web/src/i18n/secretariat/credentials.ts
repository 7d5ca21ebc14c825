// The secretariat's credentials page: Vietnamese first; English keys and placeholders the same.
export const vi = {
  'credentials.heading': 'Mã truy cập của điểm cầu',
  'credentials.intro':
    'Mỗi điểm cầu vào hội nghị bằng mã truy cập riêng: đường dẫn tham dự, mã QR hoặc mã ngắn. Cấp mã, in phiếu giao cho kỹ thuật viên; thu hồi khi mất phiếu hoặc đổi người.',
  'credentials.nav': 'Các mục của trang mã truy cập',
  'credentials.nav.list': 'Mã đã cấp',
  'credentials.nav.issue': 'Cấp mã mới',
  'credentials.loadingPoints': 'Đang tải danh mục điểm cầu…',

  'credentials.kind.central-hall': 'Điểm cầu chính',
  'credentials.kind.central-body': 'Cơ quan Trung ương',
  'credentials.kind.province': 'Tỉnh, thành phố',
  'credentials.kind.district': 'Quận, huyện',
  'credentials.kind.commune': 'Xã, phường',

  'credentials.issue.heading': 'Cấp mã truy cập cho nhiều điểm cầu một lần',
  'credentials.issue.choose': 'Cấp cho',
  'credentials.mode.provinces': 'Tất cả tỉnh, thành phố',
  'credentials.mode.central-bodies': 'Tất cả cơ quan Trung ương',
  'credentials.mode.region': 'Các điểm cầu trực thuộc một đơn vị',
  'credentials.mode.communes': 'Tất cả xã, phường của một tỉnh, thành phố',
  'credentials.mode.picked': 'Chọn từng điểm cầu trong danh sách',
  'credentials.issue.parent': 'Đơn vị cấp trên',
  'credentials.issue.province': 'Tỉnh, thành phố',
  'credentials.issue.chooseOne': '— Chọn —',
  'credentials.issue.noCommunes': 'Chưa có tỉnh, thành phố nào có xã, phường trong danh mục.',
  'credentials.issue.label': 'Ghi chú cho đợt cấp (không bắt buộc, ví dụ: Đợt tháng 12)',
  'credentials.issue.replace': 'Cấp lại: thu hồi các mã đã cấp trước đây cho những điểm cầu này',
  'credentials.issue.replaceHint':
    'Đường dẫn, mã QR và mã ngắn cũ sẽ ngừng hoạt động ngay khi cấp mã mới.',
  'credentials.issue.count': 'Sẽ cấp mã cho {n} điểm cầu:',
  'credentials.issue.more': 'và {n} điểm cầu khác.',
  'credentials.issue.none': 'Chưa chọn điểm cầu nào.',
  'credentials.issue.submit': 'Cấp mã truy cập',
  'credentials.issue.confirmReplace':
    'Cấp lại mã cho {n} điểm cầu? Mọi đường dẫn, mã QR và mã ngắn đã phát trước đây cho các điểm cầu này sẽ ngừng hoạt động ngay; kỹ thuật viên phải dùng phiếu mới.',
  'credentials.issue.confirmReplaceButton': 'Cấp lại, thu hồi mã cũ',
  'credentials.issue.empty':
    'Danh mục chưa có điểm cầu nào. Thêm điểm cầu ở trang Danh mục điểm cầu trước.',
  'credentials.error.noPoints':
    'Không có điểm cầu đang hoạt động nào trong lựa chọn này. Chọn lại, hoặc kiểm tra danh mục điểm cầu.',
  'credentials.error.inactive':
    'Trong lựa chọn có điểm cầu đã ngừng hoạt động. Bỏ chọn điểm cầu đó, hoặc kích hoạt lại ở trang Danh mục điểm cầu.',

  'credentials.pick.legend': 'Các điểm cầu được chọn',
  'credentials.pick.search': 'Tìm theo tên hoặc mã',
  'credentials.pick.kind': 'Loại',
  'credentials.pick.allKinds': 'Tất cả các loại',
  'credentials.pick.all': 'Chọn cả {n} điểm cầu đang hiện',
  'credentials.pick.clear': 'Bỏ chọn tất cả',
  'credentials.pick.picked': 'Đã chọn {n} điểm cầu.',
  'credentials.pick.noMatch': 'Không có điểm cầu nào khớp.',
  'credentials.pick.shown': 'Đang hiện {shown} trong {n} điểm cầu khớp; gõ thêm để thu hẹp.',

  'credentials.sheet.heading': 'Phiếu mã truy cập — {n} điểm cầu',
  'credentials.sheet.once':
    'Các mã dưới đây chỉ hiện MỘT LẦN. In phiếu hoặc tải tệp CSV ngay bây giờ: rời trang hoặc đóng phiếu là không xem lại được, phải cấp lại.',
  'credentials.sheet.print': 'In phiếu',
  'credentials.sheet.csv': 'Tải tệp CSV',
  'credentials.sheet.done': 'Đóng phiếu',
  'credentials.sheet.doneQuestion':
    'Đã in phiếu hoặc tải tệp CSV chưa? Sau khi đóng, không thể xem lại các mã này.',
  'credentials.sheet.doneConfirm': 'Đã lưu, đóng phiếu',
  'credentials.card.kicker': 'Phiếu mã truy cập điểm cầu',
  'credentials.card.code': 'Mã điểm cầu',
  'credentials.card.shortCode': 'Mã ngắn',
  'credentials.card.issued': 'Ngày cấp',
  'credentials.card.link': 'Đường dẫn tham dự',
  'credentials.card.qr': 'Mã QR của đường dẫn tham dự cho {name}',
  'credentials.card.howto':
    'Hướng dẫn kỹ thuật viên: mở đường dẫn hoặc quét mã QR; hoặc vào {origin} và nhập mã {shortCode}.',
  'credentials.card.secret':
    'Giữ kín phiếu này: ai có mã đều vào được hội nghị với tư cách điểm cầu. Mất phiếu, báo ngay Văn phòng để thu hồi.',
  'credentials.csv.code': 'Mã điểm cầu',
  'credentials.csv.name': 'Tên điểm cầu',
  'credentials.csv.link': 'Đường dẫn tham dự',
  'credentials.csv.shortCode': 'Mã ngắn',

  'credentials.list.heading': 'Mã truy cập đã cấp',
  'credentials.list.filters': 'Lọc danh sách',
  'credentials.list.kind': 'Loại điểm cầu',
  'credentials.list.allKinds': 'Tất cả các loại',
  'credentials.list.parent': 'Trực thuộc',
  'credentials.list.anyParent': 'Mọi đơn vị',
  'credentials.list.showRevoked': 'Hiện cả mã đã thu hồi',
  'credentials.list.refresh': 'Tải lại',
  'credentials.list.count': '{n} mã truy cập.',
  'credentials.list.capped':
    'Đang hiện {shown} trong {n} mã; lọc theo loại hoặc đơn vị để xem hết.',
  'credentials.list.empty': 'Chưa có mã truy cập nào khớp bộ lọc. Cấp mã ở mục “Cấp mã mới”.',
  'credentials.list.col.point': 'Điểm cầu',
  'credentials.list.col.label': 'Ghi chú',
  'credentials.list.col.issued': 'Cấp lúc',
  'credentials.list.col.lastUsed': 'Dùng lần cuối',
  'credentials.list.col.state': 'Tình trạng',
  'credentials.list.neverUsed': 'chưa dùng',
  'credentials.list.active': 'Đang hiệu lực',
  'credentials.list.revokedAt': 'Đã thu hồi lúc {time}',
  'credentials.list.revoke': 'Thu hồi',
  'credentials.list.revokeQuestion':
    'Thu hồi mã truy cập này của {name}? Đường dẫn, mã QR và mã ngắn trên phiếu sẽ ngừng hoạt động ngay; nếu điểm cầu đang kết nối, máy sẽ bị ngắt.',
  'credentials.list.reissue': 'Cấp lại',
  'credentials.list.reissueQuestion':
    'Cấp lại mã cho {name}? Mọi mã cũ của điểm cầu này sẽ ngừng hoạt động ngay; phiếu mới hiện ra một lần để in.',
  'credentials.list.revoked': 'Đã thu hồi mã truy cập của {name}.',
} as const;

export const en: Record<keyof typeof vi, string> = {
  'credentials.heading': 'Connection point credentials',
  'credentials.intro':
    'Each point joins with its own credential: the join link, a QR code or a short code. Issue them, print the sheet for the operators; revoke when a sheet is lost or the operator changes.',
  'credentials.nav': 'Sections of the credentials page',
  'credentials.nav.list': 'Issued credentials',
  'credentials.nav.issue': 'Issue credentials',
  'credentials.loadingPoints': 'Loading the registry…',

  'credentials.kind.central-hall': 'Central hall',
  'credentials.kind.central-body': 'Central body',
  'credentials.kind.province': 'Province',
  'credentials.kind.district': 'District',
  'credentials.kind.commune': 'Commune',

  'credentials.issue.heading': 'Issue credentials for many points at once',
  'credentials.issue.choose': 'Issue for',
  'credentials.mode.provinces': 'All provinces',
  'credentials.mode.central-bodies': 'All central bodies',
  'credentials.mode.region': 'The points under one unit',
  'credentials.mode.communes': 'All communes of a province',
  'credentials.mode.picked': 'Points picked from the list',
  'credentials.issue.parent': 'Parent unit',
  'credentials.issue.province': 'Province',
  'credentials.issue.chooseOne': '— Choose —',
  'credentials.issue.noCommunes': 'No province has communes in the registry yet.',
  'credentials.issue.label': 'Note for this issue (optional, e.g. December round)',
  'credentials.issue.replace': 'Reissue: revoke the credentials issued earlier to these points',
  'credentials.issue.replaceHint':
    'The old links, QR codes and short codes stop working as soon as the new ones are issued.',
  'credentials.issue.count': 'Credentials will be issued for {n} points:',
  'credentials.issue.more': 'and {n} more.',
  'credentials.issue.none': 'No point chosen yet.',
  'credentials.issue.submit': 'Issue credentials',
  'credentials.issue.confirmReplace':
    'Reissue for {n} points? Every link, QR code and short code handed out earlier to these points stops working at once; the operators must use the new sheet.',
  'credentials.issue.confirmReplaceButton': 'Reissue and revoke the old ones',
  'credentials.issue.empty':
    'The registry has no points yet. Add points on the Connection points page first.',
  'credentials.error.noPoints':
    'No active point in this choice. Choose again, or check the registry.',
  'credentials.error.inactive':
    'The choice includes a deactivated point. Unselect it, or reactivate it on the Connection points page.',

  'credentials.pick.legend': 'Chosen points',
  'credentials.pick.search': 'Search by name or code',
  'credentials.pick.kind': 'Kind',
  'credentials.pick.allKinds': 'All kinds',
  'credentials.pick.all': 'Select all {n} points shown',
  'credentials.pick.clear': 'Clear the selection',
  'credentials.pick.picked': '{n} points selected.',
  'credentials.pick.noMatch': 'No point matches.',
  'credentials.pick.shown': 'Showing {shown} of {n} matching points; type more to narrow.',

  'credentials.sheet.heading': 'Credential sheet — {n} points',
  'credentials.sheet.once':
    'These credentials are shown ONCE. Print the sheet or download the CSV now: leaving the page or closing the sheet loses them, and they must be reissued.',
  'credentials.sheet.print': 'Print the sheet',
  'credentials.sheet.csv': 'Download CSV',
  'credentials.sheet.done': 'Close the sheet',
  'credentials.sheet.doneQuestion':
    'Have you printed the sheet or downloaded the CSV? Once closed, these credentials cannot be shown again.',
  'credentials.sheet.doneConfirm': 'Saved, close the sheet',
  'credentials.card.kicker': 'Connection point credential',
  'credentials.card.code': 'Point code',
  'credentials.card.shortCode': 'Short code',
  'credentials.card.issued': 'Issued',
  'credentials.card.link': 'Join link',
  'credentials.card.qr': 'QR code of the join link for {name}',
  'credentials.card.howto':
    'For the operator: open the link or scan the QR code; or go to {origin} and enter the code {shortCode}.',
  'credentials.card.secret':
    'Keep this sheet private: whoever holds the code joins as the point. If it is lost, tell the secretariat at once to revoke it.',
  'credentials.csv.code': 'code',
  'credentials.csv.name': 'name',
  'credentials.csv.link': 'join_link',
  'credentials.csv.shortCode': 'short_code',

  'credentials.list.heading': 'Issued credentials',
  'credentials.list.filters': 'Filter the list',
  'credentials.list.kind': 'Point kind',
  'credentials.list.allKinds': 'All kinds',
  'credentials.list.parent': 'Under',
  'credentials.list.anyParent': 'Any unit',
  'credentials.list.showRevoked': 'Include revoked credentials',
  'credentials.list.refresh': 'Reload',
  'credentials.list.count': '{n} credentials.',
  'credentials.list.capped': 'Showing {shown} of {n}; filter by kind or unit to see them all.',
  'credentials.list.empty':
    'No credential matches the filter. Issue some under “Issue credentials”.',
  'credentials.list.col.point': 'Point',
  'credentials.list.col.label': 'Note',
  'credentials.list.col.issued': 'Issued',
  'credentials.list.col.lastUsed': 'Last used',
  'credentials.list.col.state': 'State',
  'credentials.list.neverUsed': 'not used yet',
  'credentials.list.active': 'Valid',
  'credentials.list.revokedAt': 'Revoked at {time}',
  'credentials.list.revoke': 'Revoke',
  'credentials.list.revokeQuestion':
    "Revoke this credential of {name}? The sheet's link, QR code and short code stop working at once; a connected point is cut off.",
  'credentials.list.reissue': 'Reissue',
  'credentials.list.reissueQuestion':
    "Reissue for {name}? All the point's old credentials stop working at once; the new sheet is shown once, for printing.",
  'credentials.list.revoked': 'Revoked the credential of {name}.',
};
