// A small streaming XML scanner, enough for the parts of an XLSX we read (workbook, relationships,
// shared strings, one worksheet). The browser has DOMParser but the server does not, and a DOM of
// a 20,000-row sheet would be far heavier than the few events we need.
// Namespace prefixes are dropped ("x:c" → "c"): the .NET Open XML SDK writes prefixed elements.
// Only the five predefined entities and character references are expanded, so no entity bomb.

export type XmlHandler = {
  open(name: string, attrs: Record<string, string>, selfClosing: boolean): void;
  close(name: string): void;
  text(value: string): void;
};

export class XmlError extends Error {}

const localName = (qname: string): string => {
  const colon = qname.indexOf(':');
  return colon === -1 ? qname : qname.slice(colon + 1);
};

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  if (s.indexOf('&') === -1) return s;
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,4});/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '';
    }
    return NAMED[body] ?? whole;
  });
}

const ATTR = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

export function scanXml(xml: string, h: XmlHandler): void {
  const n = xml.length;
  let i = 0;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    if (lt === -1) {
      h.text(decodeEntities(xml.slice(i)));
      return;
    }
    if (lt > i) h.text(decodeEntities(xml.slice(i, lt)));
    if (xml.startsWith('<!--', lt)) {
      i = after(xml, '-->', lt + 4);
    } else if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      if (end === -1) throw new XmlError('unterminated CDATA');
      h.text(xml.slice(lt + 9, end));
      i = end + 3;
    } else if (xml.startsWith('<?', lt)) {
      i = after(xml, '?>', lt + 2);
    } else if (xml.startsWith('<!', lt)) {
      i = after(xml, '>', lt + 2);
    } else if (xml.charCodeAt(lt + 1) === 0x2f /* / */) {
      const end = xml.indexOf('>', lt);
      if (end === -1) throw new XmlError('unterminated end tag');
      h.close(localName(xml.slice(lt + 2, end).trim()));
      i = end + 1;
    } else {
      // Find the tag's '>' outside quoted attribute values.
      let k = lt + 1;
      let quote = 0;
      for (; k < n; k += 1) {
        const c = xml.charCodeAt(k);
        if (quote !== 0) {
          if (c === quote) quote = 0;
        } else if (c === 0x22 || c === 0x27) quote = c;
        else if (c === 0x3e /* > */) break;
      }
      if (k >= n) throw new XmlError('unterminated start tag');
      const selfClosing = xml.charCodeAt(k - 1) === 0x2f;
      const inner = xml.slice(lt + 1, selfClosing ? k - 1 : k);
      const nameEnd = inner.search(/[\s/]|$/);
      const name = localName(inner.slice(0, nameEnd));
      if (name === '') throw new XmlError('empty tag name');
      const attrs = Object.create(null) as Record<string, string>;
      if (nameEnd < inner.length) {
        ATTR.lastIndex = 0;
        for (let m = ATTR.exec(inner); m !== null; m = ATTR.exec(inner)) {
          attrs[localName(m[1] as string)] = decodeEntities(m[2] ?? m[3] ?? '');
        }
      }
      h.open(name, attrs, selfClosing);
      if (selfClosing) h.close(name);
      i = k + 1;
    }
  }
}

function after(xml: string, token: string, from: number): number {
  const end = xml.indexOf(token, from);
  if (end === -1) throw new XmlError(`unterminated ${token}`);
  return end + token.length;
}
