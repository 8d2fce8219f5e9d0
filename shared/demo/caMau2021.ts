import type { Command, InvitationRow } from '../protocol/index.js';

// The Cà Mau online conference of 4 January 2021 (kiểm điểm công tác chỉ đạo, điều hành phát
// triển KT-XH năm 2020 và triển khai nhiệm vụ năm 2021), as the admin commands the server applies
// once on its first start. Facts from the published report of the event: title, date, organiser,
// the central point at UBND tỉnh and the nine district/city points, the three named co-chairs,
// the organisations attending at each point, the agenda's shape and the report's figures.
//
// INVENTED (the source names no one else): the vice-chairs of UBND tỉnh, every attendee other
// than the three named co-chairs, the presenters of the opening and the report, the planned
// durations and the speaking limits. They are plausible, not real people.

export const CA_MAU_2021_CONFERENCE_ID = 'ca-mau-2021-01-04';

const TINH = 'tỉnh Cà Mau';

/** The nine connection points, in the order the province lists them. */
export const CA_MAU_2021_DISTRICTS = [
  { id: 'cm-tp-ca-mau', name: 'Thành phố Cà Mau', kind: 'city', unit: 'thành phố Cà Mau', short: 'TP Cà Mau' },
  { id: 'cm-thoi-binh', name: 'Huyện Thới Bình', kind: 'district', unit: 'huyện Thới Bình', short: 'Thới Bình' },
  { id: 'cm-u-minh', name: 'Huyện U Minh', kind: 'district', unit: 'huyện U Minh', short: 'U Minh' },
  { id: 'cm-tran-van-thoi', name: 'Huyện Trần Văn Thời', kind: 'district', unit: 'huyện Trần Văn Thời', short: 'Trần Văn Thời' },
  { id: 'cm-cai-nuoc', name: 'Huyện Cái Nước', kind: 'district', unit: 'huyện Cái Nước', short: 'Cái Nước' },
  { id: 'cm-dam-doi', name: 'Huyện Đầm Dơi', kind: 'district', unit: 'huyện Đầm Dơi', short: 'Đầm Dơi' },
  { id: 'cm-nam-can', name: 'Huyện Năm Căn', kind: 'district', unit: 'huyện Năm Căn', short: 'Năm Căn' },
  { id: 'cm-phu-tan', name: 'Huyện Phú Tân', kind: 'district', unit: 'huyện Phú Tân', short: 'Phú Tân' },
  { id: 'cm-ngoc-hien', name: 'Huyện Ngọc Hiển', kind: 'district', unit: 'huyện Ngọc Hiển', short: 'Ngọc Hiển' },
] as const;

export const CA_MAU_2021_CENTRAL_POINT_ID = 'cm-trung-tam';
/**
 * Every point's region (R-SETUP-10): the whole conference is one province's, so in a cluster its
 * points go to the node(s) started with HOINGHI_NODE_REGION=CM first (docs/CLUSTER.md).
 */
export const CA_MAU_2021_REGION = 'CM';
const CENTRAL_NAME = 'Điểm cầu trung tâm UBND tỉnh';

// --- invented names, picked deterministically from common Southern Vietnamese names ---
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Võ', 'Đặng', 'Bùi', 'Dương', 'Lâm', 'Tô', 'Châu', 'Quách', 'Hồ', 'Lý'];
const MIDDLE_MEN = ['Văn', 'Hoàng', 'Minh', 'Thanh', 'Quốc', 'Hữu', 'Thành', 'Trung', 'Việt'];
const GIVEN_MEN = ['An', 'Bình', 'Chiến', 'Dũng', 'Hùng', 'Khải', 'Lợi', 'Nam', 'Phong', 'Quang', 'Sơn', 'Thắng', 'Tuấn', 'Vinh', 'Hiếu', 'Trí', 'Đức'];
const MIDDLE_WOMEN = ['Thị', 'Ngọc', 'Kim', 'Thanh'];
const GIVEN_WOMEN = ['Hạnh', 'Lan', 'Mai', 'Nga', 'Xuân', 'Tâm', 'Hằng', 'Thảo', 'Diễm'];
let nameSeed = 0;
function inventedName(): string {
  const i = nameSeed++;
  const family = FAMILY[(i * 7) % FAMILY.length];
  // Roughly one in four invented attendees is a woman, so the names read as real lists do.
  if (i % 4 === 3) return `${family} ${MIDDLE_WOMEN[i % MIDDLE_WOMEN.length]} ${GIVEN_WOMEN[(i * 5) % GIVEN_WOMEN.length]}`;
  return `${family} ${MIDDLE_MEN[(i * 5 + 3) % MIDDLE_MEN.length]} ${GIVEN_MEN[(i * 11 + 1) % GIVEN_MEN.length]}`;
}

/** Provincial organisations at the central point, with who represents them (positions only are real titles). */
const CENTRAL_ORGANISATIONS: { name: string; people: string[] }[] = [
  { name: `Ủy ban nhân dân ${TINH}`, people: ['Chánh Văn phòng UBND tỉnh', 'Phó Chánh Văn phòng UBND tỉnh'] },
  { name: `Ủy ban MTTQ Việt Nam ${TINH}`, people: ['Chủ tịch Ủy ban MTTQ Việt Nam tỉnh', 'Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh'] },
  { name: `Đoàn đại biểu Quốc hội ${TINH}`, people: ['Phó Trưởng Đoàn ĐBQH tỉnh'] },
  { name: `Văn phòng Đoàn ĐBQH và HĐND ${TINH}`, people: ['Chánh Văn phòng Đoàn ĐBQH tỉnh', 'Chánh Văn phòng HĐND tỉnh'] },
  { name: `Văn phòng Tỉnh ủy Cà Mau`, people: ['Chánh Văn phòng Tỉnh ủy'] },
  { name: `Các ban đảng Tỉnh ủy Cà Mau`, people: ['Trưởng Ban Tổ chức Tỉnh ủy', 'Trưởng Ban Tuyên giáo Tỉnh ủy', 'Trưởng Ban Dân vận Tỉnh ủy'] },
  { name: `Đảng ủy Dân chính Đảng ${TINH}`, people: ['Bí thư Đảng ủy Dân chính Đảng tỉnh'] },
  { name: `Các ban HĐND ${TINH}`, people: ['Trưởng Ban Kinh tế - Ngân sách HĐND tỉnh', 'Trưởng Ban Văn hóa - Xã hội HĐND tỉnh'] },
  { name: `Sở Kế hoạch và Đầu tư`, people: ['Giám đốc Sở Kế hoạch và Đầu tư'] },
  { name: `Sở Tài chính`, people: ['Giám đốc Sở Tài chính'] },
  { name: `Sở Nông nghiệp và Phát triển nông thôn`, people: ['Giám đốc Sở Nông nghiệp và PTNT'] },
  { name: `Sở Tài nguyên và Môi trường`, people: ['Giám đốc Sở Tài nguyên và Môi trường'] },
  { name: `Sở Công Thương`, people: ['Giám đốc Sở Công Thương'] },
  { name: `Sở Y tế`, people: ['Giám đốc Sở Y tế'] },
  { name: `Sở Giáo dục và Đào tạo`, people: ['Giám đốc Sở Giáo dục và Đào tạo'] },
  { name: `Sở Giao thông vận tải`, people: ['Giám đốc Sở Giao thông vận tải'] },
  { name: `Sở Lao động - Thương binh và Xã hội`, people: ['Giám đốc Sở Lao động - Thương binh và Xã hội'] },
  { name: `Công an ${TINH}`, people: ['Giám đốc Công an tỉnh'] },
  { name: `Bộ Chỉ huy Quân sự ${TINH}`, people: ['Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh'] },
  { name: `Cục Thuế ${TINH}`, people: ['Cục trưởng Cục Thuế tỉnh'] },
  { name: `Tỉnh đoàn Cà Mau`, people: ['Bí thư Tỉnh đoàn'] },
  { name: `Hội Liên hiệp Phụ nữ ${TINH}`, people: ['Chủ tịch Hội Liên hiệp Phụ nữ tỉnh'] },
  { name: `Hội Nông dân ${TINH}`, people: ['Chủ tịch Hội Nông dân tỉnh'] },
  { name: `Liên đoàn Lao động ${TINH}`, people: ['Chủ tịch Liên đoàn Lao động tỉnh'] },
];

/** The invented vice-chairs of UBND tỉnh (the source says only "các đồng chí phó chủ tịch"). */
const VICE_CHAIRS = ['Phạm Minh Khải', 'Huỳnh Thanh Phong', 'Lâm Quốc Tuấn'];

function invitationRows(): InvitationRow[] {
  nameSeed = 0;
  const rows: InvitationRow[] = [];
  // Line 1 of the imagined spreadsheet is its header row.
  const add = (name: string, position: string, organisation: string, point: string) =>
    rows.push({ line: rows.length + 2, name, position, organisation, point });

  for (const org of CENTRAL_ORGANISATIONS) {
    for (const position of org.people) add(inventedName(), position, org.name, CENTRAL_NAME);
  }
  // The district secretaries and chairs sit at the central point (as the report says).
  for (const d of CA_MAU_2021_DISTRICTS) {
    const level = d.kind === 'city' ? 'Thành ủy' : 'Huyện ủy';
    add(inventedName(), `Bí thư ${level} ${d.short}`, `${level} ${d.short}`, CENTRAL_NAME);
    add(inventedName(), `Chủ tịch UBND ${d.unit}`, `UBND ${d.unit}`, CENTRAL_NAME);
  }
  // At each district point: leaders of HĐND and UBND and the relevant district offices.
  for (const d of CA_MAU_2021_DISTRICTS) {
    add(inventedName(), `Chủ tịch HĐND ${d.unit}`, `HĐND ${d.unit}`, d.name);
    add(inventedName(), `Phó Chủ tịch HĐND ${d.unit}`, `HĐND ${d.unit}`, d.name);
    add(inventedName(), `Phó Chủ tịch UBND ${d.unit}`, `UBND ${d.unit}`, d.name);
    add(inventedName(), `Phó Chủ tịch UBND ${d.unit}`, `UBND ${d.unit}`, d.name);
    add(inventedName(), 'Trưởng phòng Tài chính - Kế hoạch', `Phòng Tài chính - Kế hoạch ${d.unit}`, d.name);
    add(inventedName(), 'Trưởng phòng Nông nghiệp và PTNT', `Phòng Nông nghiệp và PTNT ${d.unit}`, d.name);
    add(inventedName(), 'Chánh Văn phòng HĐND và UBND', `Văn phòng HĐND và UBND ${d.unit}`, d.name);
  }
  return rows;
}

/** The admin commands that create the demo conference, in order; it ends `scheduled`. */
export function caMau2021Commands(): Command[] {
  const commands: Command[] = [
    {
      type: 'createConference',
      id: CA_MAU_2021_CONFERENCE_ID,
      title:
        'Hội nghị trực tuyến kiểm điểm công tác chỉ đạo, điều hành phát triển kinh tế - xã hội năm 2020 và triển khai nhiệm vụ năm 2021',
      date: '2021-01-04',
      organiser: `Ủy ban nhân dân ${TINH}`,
      venue: `Ủy ban nhân dân ${TINH}`,
    },
    // The clerk who signs the minutes (an invented name, like the attendees'); times in the
    // minutes are Cà Mau's (the default zone), and delegates speak when the chair gives the floor
    // (microphone discipline chairGrants, the default: R-MEDIA-8).
    { type: 'updateConference', clerkName: 'Đoàn Thị Thu Hà' },
    { type: 'addPoint', id: CA_MAU_2021_CENTRAL_POINT_ID, name: CENTRAL_NAME, kind: 'central', contact: 'Văn phòng UBND tỉnh Cà Mau', region: CA_MAU_2021_REGION },
    ...CA_MAU_2021_DISTRICTS.map(
      (d): Command => ({ type: 'addPoint', id: d.id, name: d.name, kind: d.kind, contact: `Văn phòng HĐND và UBND ${d.unit}`, region: CA_MAU_2021_REGION }),
    ),
    { type: 'addPanelMember', id: 'pm-nguyen-tien-hai', name: 'Nguyễn Tiến Hải', position: 'Bí thư Tỉnh ủy', organisation: 'Tỉnh ủy Cà Mau' },
    {
      type: 'addPanelMember',
      id: 'pm-tran-van-hien',
      name: 'Trần Văn Hiện',
      position: 'Ủy viên Ban Thường vụ Tỉnh ủy, Chủ tịch HĐND tỉnh',
      organisation: `Hội đồng nhân dân ${TINH}`,
    },
    {
      type: 'addPanelMember',
      id: 'pm-le-quan',
      name: 'Lê Quân',
      position: 'Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh',
      organisation: `Ủy ban nhân dân ${TINH}`,
    },
    ...VICE_CHAIRS.map(
      (name, i): Command => ({
        type: 'addPanelMember',
        id: `pm-pho-chu-tich-${i + 1}`,
        name,
        position: 'Phó Chủ tịch UBND tỉnh',
        organisation: `Ủy ban nhân dân ${TINH}`,
      }),
    ),
    // The organisations are created by the import from the list's own names, in list order.
    { type: 'importInvitationList', mode: 'replace', rows: invitationRows() },
    ...agenda(),
    { type: 'setSpeakingLimits', limits: { contribution: 420, reply: 180, pointOfOrder: 60, directive: null, warningSeconds: 30 } },
    { type: 'setConferenceStatus', status: 'scheduled' },
  ];
  return commands;
}

function agenda(): Command[] {
  const report =
    'Báo cáo tình hình kinh tế - xã hội năm 2020 và nhiệm vụ năm 2021: đạt và vượt 13/15 chỉ tiêu chủ yếu; ' +
    'tổng vốn đầu tư toàn xã hội vượt gần 14% kế hoạch; thu ngân sách vượt gần 20%; tỷ lệ hộ nghèo còn 1,57%';
  return [
    {
      type: 'addAgendaStep',
      id: 'step-1-khai-mac',
      title: 'Tuyên bố lý do, giới thiệu đại biểu',
      kind: 'opening',
      presenter: 'Chánh Văn phòng UBND tỉnh',
      presidingMemberId: 'pm-le-quan',
      plannedMinutes: 10,
    },
    {
      type: 'addAgendaStep',
      id: 'step-2-bao-cao',
      title: 'Báo cáo tình hình kinh tế - xã hội năm 2020, phương hướng, nhiệm vụ năm 2021',
      kind: 'report',
      presenter: 'Giám đốc Sở Kế hoạch và Đầu tư',
      presidingMemberId: 'pm-le-quan',
      plannedMinutes: 30,
      documents: [{ name: report }],
    },
    {
      type: 'addAgendaStep',
      id: 'step-3-thao-luan',
      title: 'Thảo luận',
      kind: 'discussion',
      presidingMemberId: 'pm-le-quan',
      plannedMinutes: 90,
    },
    {
      type: 'addAgendaStep',
      id: 'step-4-chi-dao',
      title: 'Phát biểu chỉ đạo của đồng chí Bí thư Tỉnh ủy',
      kind: 'directive',
      presenter: 'Nguyễn Tiến Hải, Bí thư Tỉnh ủy',
      presidingMemberId: 'pm-le-quan',
      plannedMinutes: 30,
    },
    {
      type: 'addAgendaStep',
      id: 'step-5-ket-luan',
      title: 'Kết luận, bế mạc hội nghị',
      kind: 'conclusion',
      presenter: 'Lê Quân, Chủ tịch UBND tỉnh',
      presidingMemberId: 'pm-le-quan',
      plannedMinutes: 15,
    },
  ];
}
