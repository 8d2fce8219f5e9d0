import type { ErrorCode } from '../meeting/errors.js';
import type { HttpErrorCode } from '../protocol/httpErrors.js';
import type { MediaErrorCode } from '../protocol/media.js';
import type { RecordingHttpErrorCode } from '../protocol/recording-http.js';
import type { StillHttpErrorCode } from '../protocol/stills-http.js';
import type { GatewayErrorCode } from '../protocol/socket.js';
import type { Term } from './terms.js';

// What each refusal means, in the words a person at a console reads: the one catalogue of error
// texts. The wire carries only the code (and, where it helps, the facts: an id, a line, a field);
// the client shows these words in the chosen language and PROTOCOL.md lists their English.
// A code without both texts does not compile (the Record), and shared/terms/errors.test.ts
// checks the words are there and Vietnamese is written with its marks.

/** Every code a server can refuse with, over the socket, the media signalling or HTTP. */
export type WireErrorCode = ErrorCode | GatewayErrorCode | MediaErrorCode | RecordingHttpErrorCode | HttpErrorCode | StillHttpErrorCode;

export const ERROR_TEXTS: Record<WireErrorCode, Term> = {
  // the meeting core (shared/meeting/errors.ts)
  INVALID_COMMAND: { vi: 'Lệnh không đúng định dạng.', en: 'The command is not well formed.' },
  INVALID_CONTEXT: { vi: 'Thông tin người thực hiện không hợp lệ.', en: 'The acting principal is not valid.' },
  INTERNAL_ERROR: { vi: 'Lỗi hệ thống; chưa có gì thay đổi.', en: 'Internal error; nothing was changed.' },
  FORBIDDEN: { vi: 'Vai trò của bạn không được thực hiện thao tác này.', en: 'Your role may not do this.' },
  NOT_YOUR_POINT: { vi: 'Chỉ được thao tác cho điểm cầu của mình.', en: 'You may act only for your own point.' },
  NO_CONFERENCE: { vi: 'Chưa có hội nghị.', en: 'No conference yet.' },
  CONFERENCE_EXISTS: { vi: 'Hội nghị đã được tạo.', en: 'The conference already exists.' },
  CONFERENCE_CLOSED: { vi: 'Hội nghị đã kết thúc; hồ sơ không thay đổi được nữa.', en: 'The conference is closed; its record no longer changes.' },
  WRONG_STATUS: { vi: 'Không thực hiện được ở trạng thái hiện tại của hội nghị.', en: 'Not possible in the conference’s current status.' },
  INVALID_TRANSITION: { vi: 'Không chuyển được sang trạng thái đó.', en: 'The conference cannot move to that status.' },
  NO_CENTRAL_POINT: { vi: 'Hội nghị cần có một điểm cầu trung tâm.', en: 'The conference needs a central point.' },
  CENTRAL_POINT_EXISTS: { vi: 'Hội nghị đã có điểm cầu trung tâm.', en: 'The conference already has a central point.' },
  DUPLICATE_ID: { vi: 'Mã định danh đã được dùng.', en: 'That id is already in use.' },
  DUPLICATE_NAME: { vi: 'Tên đã được dùng.', en: 'That name is already in use.' },
  UNKNOWN_POINT: { vi: 'Không có điểm cầu này.', en: 'No such point.' },
  UNKNOWN_ORGANISATION: { vi: 'Không có cơ quan, đơn vị này.', en: 'No such organisation.' },
  UNKNOWN_PANEL_MEMBER: { vi: 'Không có thành viên đoàn chủ tọa này.', en: 'No such presiding-panel member.' },
  UNKNOWN_AGENDA_STEP: { vi: 'Không có mục chương trình này.', en: 'No such agenda step.' },
  UNKNOWN_ATTENDEE: { vi: 'Không có đại biểu này.', en: 'No such attendee.' },
  UNKNOWN_REQUEST: { vi: 'Không có đăng ký phát biểu này.', en: 'No such request for the floor.' },
  UNKNOWN_SPEECH: { vi: 'Không có lượt phát biểu này.', en: 'No such speech.' },
  IN_USE: { vi: 'Đang được sử dụng, không xóa được.', en: 'Still in use; cannot be removed.' },
  NOT_A_PERMUTATION: { vi: 'Thứ tự mới phải liệt kê đủ mỗi mục một lần.', en: 'A new order must list every item exactly once.' },
  IMPORT_INVALID: { vi: 'Một số dòng của danh sách triệu tập không hợp lệ; chưa nhập dòng nào.', en: 'Some rows of the invitation list are invalid; nothing was imported.' },
  ATTENDANCE_STARTED: { vi: 'Đã bắt đầu điểm danh; chỉ có thể bổ sung vào danh sách.', en: 'Attendance has been marked; the list can only be appended to.' },
  NOT_A_WALK_IN: { vi: 'Chỉ xóa được đại biểu dự bổ sung (không có trong danh sách).', en: 'Only a walk-in attendee can be removed.' },
  NO_CHANGE: { vi: 'Không có gì thay đổi.', en: 'Nothing would change.' },
  QUEUE_CLOSED: { vi: 'Đã đóng đăng ký phát biểu.', en: 'Requests to speak are closed.' },
  DUPLICATE_REQUEST: { vi: 'Điểm cầu (hoặc đại biểu) này đã đăng ký và đang chờ.', en: 'This point (or delegate) is already waiting for the floor.' },
  NO_CURRENT_SPEAKER: { vi: 'Chỉ tranh luận được khi có người đang phát biểu.', en: 'A reply needs someone holding the floor.' },
  REQUEST_NOT_WAITING: { vi: 'Đăng ký này không còn trong hàng chờ.', en: 'That request is no longer waiting.' },
  QUEUE_MOVE_OUT_OF_RANGE: { vi: 'Không di chuyển thêm được theo hướng đó.', en: 'It cannot move further that way.' },
  FLOOR_LIMIT_REACHED: { vi: 'Đã đủ số người phát biểu cùng lúc; hãy kết thúc lượt hiện tại trước.', en: 'The maximum number of open floors is reached; end the current speech first.' },
  SPEECH_ENDED: { vi: 'Lượt phát biểu đã kết thúc.', en: 'That speech has ended.' },
  SPEECH_PAUSED: { vi: 'Lượt phát biểu đang tạm dừng.', en: 'That speech is paused.' },
  SPEECH_NOT_PAUSED: { vi: 'Lượt phát biểu không tạm dừng.', en: 'That speech is not paused.' },
  AGENDA_EMPTY: { vi: 'Chương trình chưa có mục nào.', en: 'The agenda has no steps.' },
  AGENDA_NOT_STARTED: { vi: 'Chưa bắt đầu mục chương trình nào.', en: 'No agenda step is running.' },
  AGENDA_ALREADY_STARTED: { vi: 'Đang có một mục chương trình diễn ra.', en: 'An agenda step is already running.' },
  AGENDA_AT_END: { vi: 'Đã là mục cuối cùng.', en: 'This is the last step.' },
  AGENDA_AT_START: { vi: 'Đã là mục đầu tiên.', en: 'This is the first step.' },
  STEP_ALREADY_RUN: { vi: 'Mục này đã hoặc đang diễn ra.', en: 'That step has already run or is running.' },
  MICROPHONE_HELD: { vi: 'Chủ trì đang khóa micro của điểm cầu.', en: 'The chair holds this point’s microphone muted.' },
  MICROPHONE_NOT_GRANTED: { vi: 'Hội nghị này chỉ mở micro khi chủ trì cho phát biểu: hãy đăng ký phát biểu.', en: 'In this conference microphones open when the chair gives the floor: request the floor.' },
  UNKNOWN_NOTE: { vi: 'Không có ghi chép này.', en: 'No such note.' },
  UNKNOWN_STILL: { vi: 'Không có ảnh này.', en: 'No such still.' },
  // the gateway (shared/protocol/socket.ts): before the core, or at the handshake
  MALFORMED: { vi: 'Tin nhắn không đúng định dạng.', en: 'The message is not well formed.' },
  UNKNOWN_COMMAND: { vi: 'Không có lệnh này.', en: 'No such command.' },
  UNKNOWN_MESSAGE: { vi: 'Không có loại tin nhắn này.', en: 'No such message.' },
  TOO_LARGE: { vi: 'Dữ liệu quá lớn.', en: 'The message is too large.' },
  TOO_DEEP: { vi: 'Dữ liệu lồng nhau quá sâu.', en: 'The message is nested too deeply.' },
  BAD_ENCODING: { vi: 'Văn bản không đúng mã Unicode.', en: 'The text is not valid Unicode.' },
  BINARY_NOT_ALLOWED: { vi: 'Không nhận dữ liệu nhị phân ở đây.', en: 'Binary data is not accepted here.' },
  SYSTEM_ONLY: { vi: 'Chỉ máy chủ được thực hiện lệnh này.', en: 'Only the server may issue this command.' },
  STANDBY: { vi: 'Thiết bị này đang ở chế độ dự phòng: chỉ theo dõi, không thao tác.', en: 'This device is a standby: it may watch but not act.' },
  RATE_LIMITED: { vi: 'Thao tác quá nhiều lần; vui lòng chờ rồi thử lại.', en: 'Too many attempts; wait and try again.' },
  TOKEN_MISSING: { vi: 'Thiếu mã tham dự trong liên kết.', en: 'The link carries no join token.' },
  TOKEN_MALFORMED: { vi: 'Liên kết tham dự không hợp lệ.', en: 'The join link is not valid.' },
  TOKEN_SIGNATURE: { vi: 'Liên kết tham dự không do máy chủ này cấp.', en: 'The join link was not issued by this server.' },
  TOKEN_EXPIRED: { vi: 'Liên kết tham dự đã hết hạn; hãy xin ban tổ chức liên kết mới.', en: 'The join link has expired; ask the organiser for a new one.' },
  TOKEN_REVOKED: { vi: 'Liên kết tham dự đã bị thu hồi; hãy xin ban tổ chức liên kết mới.', en: 'The join link has been revoked; ask the organiser for a new one.' },
  TOKEN_UNKNOWN: { vi: 'Máy chủ không nhận ra liên kết này.', en: 'The server does not know this join link.' },
  TOKEN_WRONG_CONFERENCE: { vi: 'Liên kết này dành cho hội nghị khác.', en: 'The join link is for another conference.' },
  SESSION_REPLACED: { vi: 'Một thiết bị khác đã tham dự thay cho điểm cầu này.', en: 'Another device has taken over this point.' },
  ORIGIN_REFUSED: { vi: 'Chỉ được kết nối từ địa chỉ trang của hội nghị.', en: 'Connections are accepted only from the conference’s own address.' },
  UNKNOWN_CONFERENCE: { vi: 'Không có hội nghị này trên máy chủ.', en: 'No such conference on this server.' },
  UNAVAILABLE: { vi: 'Hội nghị tạm thời không nhận lệnh; chưa có gì thay đổi.', en: 'The conference cannot take commands right now; nothing was changed.' },
  LOG_UNAVAILABLE: { vi: 'Tạm thời không ghi được nhật ký hội nghị (mất kết nối cơ sở dữ liệu); lệnh chưa được xác nhận. Vui lòng thử lại sau giây lát.', en: 'The conference record cannot be written right now (database unreachable); the command was not confirmed. Try again in a moment.' },
  NO_OWNER: { vi: 'Hội nghị đang được chuyển sang máy chủ khác; chưa có gì thay đổi. Vui lòng thử lại sau vài giây.', en: 'The conference is moving to another server; nothing was changed. Try again in a few seconds.' },
  OWNER_UNREACHABLE: { vi: 'Máy chủ đang ghi hội nghị này không trả lời; lệnh chưa được xác nhận. Vui lòng thử lại sau giây lát.', en: 'The server that records this conference did not answer; the command was not confirmed. Try again in a moment.' },
  INTERNAL: { vi: 'Máy chủ gặp lỗi; chưa có gì thay đổi.', en: 'The server failed; nothing was changed.' },
  // the SFU (shared/protocol/media.ts)
  BAD_REQUEST: { vi: 'Yêu cầu hình, tiếng không hợp lệ.', en: 'The media request is not valid.' },
  NOT_IN_CONFERENCE: { vi: 'Chưa tham gia hội nghị.', en: 'Not joined to the conference yet.' },
  MEDIA_UNAVAILABLE: { vi: 'Máy chủ hình, tiếng tạm thời không sẵn sàng.', en: 'The media server is not available right now.' },
  TRANSPORT_NOT_FOUND: { vi: 'Kênh truyền hình, tiếng không còn.', en: 'The media transport is gone.' },
  PRODUCER_NOT_FOUND: { vi: 'Nguồn hình, tiếng không còn.', en: 'The media source is gone.' },
  CONSUMER_NOT_FOUND: { vi: 'Luồng nhận hình, tiếng không còn.', en: 'The media stream is gone.' },
  SOURCE_NOT_ALLOWED: { vi: 'Điểm cầu này không được gửi nguồn đó.', en: 'This point may not send that source.' },
  RECEIVE_ONLY: { vi: 'Vai trò này chỉ nhận hình, tiếng.', en: 'This role only receives media.' },
  NOT_READY_TO_CONSUME: { vi: 'Chưa sẵn sàng nhận hình, tiếng.', en: 'Not ready to receive media yet.' },
  MEDIA_REFUSED: { vi: 'Máy chủ hình, tiếng từ chối yêu cầu.', en: 'The media server refused the request.' },
  // the program cut over HTTP (shared/protocol/recording-http.ts)
  RECORDING_UNAVAILABLE: { vi: 'Máy chủ này chạy không có phần hình, tiếng nên không ghi hình.', en: 'This server runs without media, so without recording.' },
  UNKNOWN_RECORDING: { vi: 'Hội nghị không có lần ghi hình này.', en: 'This conference has no such recording run.' },
  RECORDING_RUNNING: { vi: 'Lần ghi hình này chưa dừng: dựng bản ghi chương trình sau khi dừng ghi.', en: 'This run is still recording: render its program recording once it stops.' },
  PROGRAM_NOT_RENDERED: { vi: 'Chưa dựng bản ghi chương trình của lần ghi hình này.', en: 'The program recording of this run is not rendered yet.' },
  PROGRAM_RENDER_FAILED: { vi: 'Dựng bản ghi chương trình không thành công; các tệp ghi từng điểm cầu vẫn còn nguyên.', en: 'Rendering the program recording failed; each point’s recording is untouched.' },
  // the HTTP API only (shared/protocol/httpErrors.ts)
  NOT_FOUND: { vi: 'Không có địa chỉ này trên máy chủ.', en: 'There is nothing at this address on the server.' },
  UNKNOWN_LINK: { vi: 'Hội nghị không có đường liên kết này.', en: 'This conference has no such link.' },
  OWN_LINK: { vi: 'Không thu hồi được đường liên kết bạn đang dùng.', en: 'You cannot revoke the link you are using.' },
  POINTS_WITHOUT_LINK: { vi: 'Một số điểm cầu chưa có đường liên kết: hãy cấp liên kết trước.', en: 'Some points have no live link: issue their links first.' },
  LIVE_STREAM_OFF: { vi: 'Hội nghị đang không phát trực tiếp.', en: 'The conference is not live now.' },
  LIVE_NOT_READY: { vi: 'Đoạn phát trực tiếp này chưa có hoặc đã cũ.', en: 'This part of the live stream is not there (yet, or any more).' },
  COPY_FAILED: { vi: 'Sao chép hội nghị dừng giữa chừng; hội nghị mới chưa đủ nội dung.', en: 'Copying the conference stopped part way; the new conference is incomplete.' },
  REPORT_NO_CONFERENCE: { vi: 'Chưa có hội nghị trong nhật ký sự kiện.', en: 'The event log holds no conference yet.' },
  REPORT_SEQ_OUT_OF_RANGE: { vi: 'Số thứ tự sự kiện vượt quá nhật ký.', en: 'The event seq is past the end of the log.' },
  REPORT_FAILED: { vi: 'Trình tạo báo cáo gặp lỗi; hãy thử lại.', en: 'The report renderer failed; try again.' },
  REPORT_TIMEOUT: { vi: 'Tạo báo cáo quá lâu; hãy thử lại.', en: 'Rendering the report took too long; try again.' },
  // stills over HTTP (shared/protocol/stills-http.ts)
  STILLS_UNAVAILABLE: { vi: 'Máy chủ chạy không có phần hình, tiếng nên không chụp được ảnh.', en: 'This server runs without media, so it cannot take stills.' },
  NO_VIDEO: { vi: 'Điểm cầu này không gửi hình: không chụp được ảnh.', en: 'This point sends no picture: no still can be taken.' },
  STILL_FAILED: { vi: 'Không nhận được khung hình từ điểm cầu; hãy thử lại.', en: 'No frame arrived from the point; try again.' },
};

/**
 * Refusals a console makes itself, when no usable answer came: they never travel on the wire.
 * HTTP_STATUS is an error status without the API's `{ code }` body (a proxy in between, a server
 * far older or newer); UNKNOWN_REFUSAL a code this console does not know (shown with the code).
 */
export const CONSOLE_ERROR_CODES = ['NOT_CONNECTED', 'TIMEOUT', 'BAD_ACK', 'NETWORK', 'HTTP_STATUS', 'UNKNOWN_REFUSAL'] as const;
export type ConsoleErrorCode = (typeof CONSOLE_ERROR_CODES)[number];

export const CONSOLE_ERROR_TEXTS: Record<ConsoleErrorCode, Term> = {
  NOT_CONNECTED: { vi: 'Đang mất kết nối tới máy chủ; lệnh chưa được gửi.', en: 'Not connected to the server; nothing was sent.' },
  TIMEOUT: { vi: 'Máy chủ không trả lời kịp; hãy kiểm tra lại trước khi thử lại.', en: 'The server did not answer in time; check before trying again.' },
  BAD_ACK: { vi: 'Máy chủ trả lời không đúng định dạng.', en: 'The server answered with something unexpected.' },
  NETWORK: { vi: 'Không kết nối được tới máy chủ; hãy kiểm tra mạng rồi thử lại.', en: 'The server could not be reached; check the network and try again.' },
  HTTP_STATUS: { vi: 'Máy chủ trả lời lỗi mà không nêu lý do.', en: 'The server answered with an error and no reason.' },
  UNKNOWN_REFUSAL: { vi: 'Máy chủ từ chối yêu cầu.', en: 'The server refused the request.' },
};
