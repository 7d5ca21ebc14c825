// The session record (biên bản PDF) in the records page: Vietnamese first; English keys the same.
export const vi = {
  'record.heading': 'Biên bản hội nghị (PDF)',
  'record.hint':
    'Biên bản gồm thông tin chung, thành phần tham dự, điểm danh lại và các lượt phát biểu. Mỗi lần lập là một phiên bản mới; các phiên bản trước được giữ nguyên.',
  'record.hint.notEnded':
    'Phiên họp chưa kết thúc: biên bản lập bây giờ chỉ ghi những gì đã diễn ra. Hãy lập lại sau khi kết thúc.',
  'record.issue': 'Lập biên bản',
  'record.issueAgain': 'Lập lại biên bản',
  'record.issuing': 'Đang lập biên bản…',
  'record.download': 'Tải biên bản PDF (phiên bản {version})',
  'record.downloadVersion': 'Tải phiên bản {version}',
  'record.stale':
    'Dữ liệu đã thay đổi sau khi lập phiên bản {version}. Bấm “Lập lại biên bản” để biên bản ghi đủ.',
  'record.none': 'Chưa lập biên bản nào cho phiên họp này.',
  'record.versions': 'Các phiên bản đã lập',
  'record.col.version': 'Phiên bản',
  'record.col.issuedAt': 'Lập lúc',
  'record.col.hashes': 'Mã kiểm tra (SHA-256)',
  'record.col.download': 'Tải về',
  'record.fileHash': 'Tệp PDF:',
  'record.contentHash': 'Nội dung (in trên biên bản):',
} as const;

export const en: Record<keyof typeof vi, string> = {
  'record.heading': 'Session record (PDF)',
  'record.hint':
    'The record holds the session details, attendance, roll calls and speeches. Each issue is a new version; earlier ones are kept unchanged.',
  'record.hint.notEnded':
    'The session has not ended: a record issued now holds only what has happened so far. Issue it again after the end.',
  'record.issue': 'Issue the record',
  'record.issueAgain': 'Issue the record again',
  'record.issuing': 'Issuing the record…',
  'record.download': 'Download the record PDF (version {version})',
  'record.downloadVersion': 'Download version {version}',
  'record.stale':
    'The data changed after version {version} was issued. Press “Issue the record again” to include it.',
  'record.none': 'No record has been issued for this session yet.',
  'record.versions': 'Issued versions',
  'record.col.version': 'Version',
  'record.col.issuedAt': 'Issued at',
  'record.col.hashes': 'Check codes (SHA-256)',
  'record.col.download': 'Download',
  'record.fileHash': 'PDF file:',
  'record.contentHash': 'Content (printed on the record):',
};
