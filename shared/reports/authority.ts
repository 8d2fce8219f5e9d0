// The issuing authority's name at the top left of an administrative document, as Nghị định
// 30/2020 lays it out: upper case, centred, broken between whole words where the name breaks
// naturally — the body on one line, its locality on the next ("ỦY BAN NHÂN DÂN" / "TỈNH CÀ MAU")
// — never inside a place name as a plain word wrap would ("… TỈNH CÀ" / "MAU").

const LOCALITY = /^(.+?)\s+((?:tỉnh|thành phố|huyện|thị xã|quận|xã|phường|thị trấn)\s+\S.*)$/iu;
/** Longer lines are split in two at the word boundary that balances them best. */
const ONE_LINE_MAX = 24;

export function authorityLines(organiser: string): string[] {
  const name = organiser.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (!name) return [];
  const m = LOCALITY.exec(name);
  const lines = m?.[1] && m[2] ? [m[1], m[2]] : name.length <= ONE_LINE_MAX ? [name] : balanced(name);
  return lines.map((l) => l.toLocaleUpperCase('vi'));
}

function balanced(name: string): string[] {
  const words = name.split(' ');
  let best = 1;
  for (let i = 1; i < words.length; i++) {
    const diff = Math.abs(words.slice(0, i).join(' ').length - words.slice(i).join(' ').length);
    const bestDiff = Math.abs(words.slice(0, best).join(' ').length - words.slice(best).join(' ').length);
    if (diff < bestDiff) best = i;
  }
  return words.length < 2 ? [name] : [words.slice(0, best).join(' '), words.slice(best).join(' ')];
}
