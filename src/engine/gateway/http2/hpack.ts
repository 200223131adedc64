/**
 * HPACK (RFC 7541), as much as a gRPC server needs: decoding request header blocks in full (static and
 * dynamic table, Huffman-coded strings), and encoding response headers as literals that touch no table, so
 * the client's decoder never depends on ours.
 */

export class HpackError extends Error {}

/** RFC 7541 Appendix A: the static table, index 1 to 61 (index 0 is unused). */
const STATIC_TABLE: ReadonlyArray<readonly [string, string]> = [
  ['', ''],
  [':authority', ''],
  [':method', 'GET'],
  [':method', 'POST'],
  [':path', '/'],
  [':path', '/index.html'],
  [':scheme', 'http'],
  [':scheme', 'https'],
  [':status', '200'],
  [':status', '204'],
  [':status', '206'],
  [':status', '304'],
  [':status', '400'],
  [':status', '404'],
  [':status', '500'],
  ['accept-charset', ''],
  ['accept-encoding', 'gzip, deflate'],
  ['accept-language', ''],
  ['accept-ranges', ''],
  ['accept', ''],
  ['access-control-allow-origin', ''],
  ['age', ''],
  ['allow', ''],
  ['authorization', ''],
  ['cache-control', ''],
  ['content-disposition', ''],
  ['content-encoding', ''],
  ['content-language', ''],
  ['content-length', ''],
  ['content-location', ''],
  ['content-range', ''],
  ['content-type', ''],
  ['cookie', ''],
  ['date', ''],
  ['etag', ''],
  ['expect', ''],
  ['expires', ''],
  ['from', ''],
  ['host', ''],
  ['if-match', ''],
  ['if-modified-since', ''],
  ['if-none-match', ''],
  ['if-range', ''],
  ['if-unmodified-since', ''],
  ['last-modified', ''],
  ['link', ''],
  ['location', ''],
  ['max-forwards', ''],
  ['proxy-authenticate', ''],
  ['proxy-authorization', ''],
  ['range', ''],
  ['referer', ''],
  ['refresh', ''],
  ['retry-after', ''],
  ['server', ''],
  ['set-cookie', ''],
  ['strict-transport-security', ''],
  ['transfer-encoding', ''],
  ['user-agent', ''],
  ['vary', ''],
  ['via', ''],
  ['www-authenticate', ''],
];
const STATIC_ENTRIES = STATIC_TABLE.length - 1;

/**
 * RFC 7541 Appendix B: the bit length of the Huffman code of each symbol 0-255 and of EOS (256), one base-36
 * digit each. The code is canonical (codes of one length are consecutive, in symbol order, and follow the
 * shorter ones), so the lengths determine every code.
 */
const HUFFMAN_CODE_LENGTHS =
  'dnsssssssoussussssssssusssssssss6aacd68baa8b8666555666666678f6cad67777777777777777777777878djde6f56565666577666567655677777fbedskmkkmmmnmnnnnnonoomnonnnnlmnmnnomlkmmnnlnmmolmnnllmlnmnnkmmmnmmnqqkjmnmpqqqrrqopjlqrrqrollqqsrrrkoklmllnmmppooqnqrqqrrrrrsrrrrrqu';
const EOS = 256;

/** Canonical decoding tables: per code length, the first code, and where its symbols start in `symbols`. */
const huffman = (() => {
  const lengths = [...HUFFMAN_CODE_LENGTHS].map((digit) => parseInt(digit, 36));
  const maxLength = Math.max(...lengths);
  const symbols = lengths.map((length, symbol) => [length, symbol]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const count = new Array<number>(maxLength + 1).fill(0);
  for (const length of lengths) count[length] += 1;
  const firstCode = new Array<number>(maxLength + 1).fill(0);
  const firstIndex = new Array<number>(maxLength + 1).fill(0);
  let code = 0;
  let index = 0;
  for (let length = 1; length <= maxLength; length++) {
    code = length === 1 ? 0 : (code + count[length - 1]) * 2;
    firstCode[length] = code;
    firstIndex[length] = index;
    index += count[length];
  }
  return { count, firstCode, firstIndex, symbols: symbols.map(([, symbol]) => symbol), maxLength };
})();

function decodeHuffman(bytes: Buffer, start: number, end: number): string {
  const out: number[] = [];
  let code = 0;
  let length = 0;
  for (let i = start; i < end; i++) {
    for (let bit = 7; bit >= 0; bit--) {
      code = code * 2 + ((bytes[i] >> bit) & 1);
      length += 1;
      const offset = code - huffman.firstCode[length];
      if (offset >= 0 && offset < huffman.count[length]) {
        const symbol = huffman.symbols[huffman.firstIndex[length] + offset];
        if (symbol === EOS) throw new HpackError('a Huffman-coded string holds the EOS symbol');
        out.push(symbol);
        code = 0;
        length = 0;
      } else if (length >= huffman.maxLength) {
        throw new HpackError('a Huffman-coded string holds a code that is not in the table');
      }
    }
  }
  // RFC 7541 §5.2: what is left must be fewer than 8 bits, all ones (the start of EOS).
  if (length > 7 || code !== 2 ** length - 1) throw new HpackError('a Huffman-coded string is padded with something other than the start of EOS');
  return Buffer.from(out).toString('latin1');
}

/** Bytes an entry takes in the dynamic table (RFC 7541 §4.1). */
function entrySize(name: string, value: string): number {
  return name.length + value.length + 32;
}

export type HeaderList = Array<[name: string, value: string]>;

/** One connection's decoder: its dynamic table lives as long as the connection. */
export class HpackDecoder {
  /** Newest first. */
  private readonly entries: Array<[string, string]> = [];
  private size = 0;
  private maxSize: number;

  /** `maxTableSize` is what the server advertised (SETTINGS_HEADER_TABLE_SIZE): the client may not exceed it. */
  constructor(private readonly maxTableSize = 4096) {
    this.maxSize = maxTableSize;
  }

  /** Decodes one complete header block. Throws HpackError on anything malformed (a connection error). */
  decode(block: Buffer): HeaderList {
    const headers: HeaderList = [];
    let at = 0;
    let fieldsSeen = false;
    while (at < block.length) {
      const first = block[at];
      if (first & 0x80) {
        // Indexed field.
        const [index, next] = this.integer(block, at, 7);
        headers.push(this.field(index));
        at = next;
      } else if (first & 0x40) {
        // Literal with incremental indexing.
        const [name, value, next] = this.literal(block, at, 6);
        this.add(name, value);
        headers.push([name, value]);
        at = next;
      } else if (first & 0x20) {
        // Dynamic table size update: only before the first field (RFC 7541 §4.2).
        if (fieldsSeen) throw new HpackError('a dynamic table size update comes after a header field');
        const [size, next] = this.integer(block, at, 5);
        if (size > this.maxTableSize) throw new HpackError(`a dynamic table size update asks for ${size} bytes, more than the ${this.maxTableSize} allowed`);
        this.maxSize = size;
        this.evict(0);
        at = next;
        continue;
      } else {
        // Literal without indexing (0000) or never indexed (0001): neither touches the table.
        const [name, value, next] = this.literal(block, at, 4);
        headers.push([name, value]);
        at = next;
      }
      fieldsSeen = true;
    }
    return headers;
  }

  private field(index: number): [string, string] {
    if (index === 0) throw new HpackError('a header field refers to index 0');
    if (index <= STATIC_ENTRIES) return STATIC_TABLE[index] as [string, string];
    const entry = this.entries[index - STATIC_ENTRIES - 1];
    if (!entry) throw new HpackError(`a header field refers to index ${index}, beyond the tables`);
    return entry;
  }

  private literal(block: Buffer, at: number, prefixBits: number): [string, string, number] {
    const [nameIndex, afterIndex] = this.integer(block, at, prefixBits);
    let name: string;
    let next = afterIndex;
    if (nameIndex === 0) [name, next] = this.string(block, next);
    else name = this.field(nameIndex)[0];
    const [value, end] = this.string(block, next);
    return [name, value, end];
  }

  private string(block: Buffer, at: number): [string, number] {
    if (at >= block.length) throw new HpackError('a header block ends where a string should start');
    const huffmanCoded = (block[at] & 0x80) !== 0;
    const [length, start] = this.integer(block, at, 7);
    const end = start + length;
    if (end > block.length) throw new HpackError('a string runs past the end of its header block');
    return [huffmanCoded ? decodeHuffman(block, start, end) : block.toString('latin1', start, end), end];
  }

  /** RFC 7541 §5.1; values above 2^31 are refused (nothing a client needs comes near). */
  private integer(block: Buffer, at: number, prefixBits: number): [number, number] {
    const limit = 2 ** prefixBits - 1;
    let value = block[at] & limit;
    let next = at + 1;
    if (value < limit) return [value, next];
    let shift = 0;
    for (;;) {
      if (next >= block.length) throw new HpackError('a header block ends inside an integer');
      const byte = block[next++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (value > 2 ** 31) throw new HpackError('an integer in a header block is too large');
      if (!(byte & 0x80)) return [value, next];
    }
  }

  private add(name: string, value: string): void {
    const size = entrySize(name, value);
    this.evict(size);
    // An entry larger than the whole table empties it and is not added (RFC 7541 §4.4).
    if (size > this.maxSize) return;
    this.entries.unshift([name, value]);
    this.size += size;
  }

  private evict(room: number): void {
    while (this.entries.length > 0 && this.size + room > this.maxSize) {
      const [name, value] = this.entries.pop()!;
      this.size -= entrySize(name, value);
    }
  }
}

/**
 * A header block of literal fields without indexing and without Huffman coding: the client adds nothing to
 * its table for them, so no state is shared. Names must be lowercase; values are sent as their bytes.
 */
export function encodeLiteralFields(fields: HeaderList): Buffer {
  const pieces: Buffer[] = [];
  for (const [name, value] of fields) {
    pieces.push(Buffer.from([0]), encodeString(name), encodeString(value));
  }
  return Buffer.concat(pieces);
}

function encodeString(text: string): Buffer {
  const bytes = Buffer.from(text, 'latin1');
  return Buffer.concat([encodeInteger(bytes.length, 7, 0), bytes]);
}

function encodeInteger(value: number, prefixBits: number, flags: number): Buffer {
  const limit = 2 ** prefixBits - 1;
  if (value < limit) return Buffer.from([flags | value]);
  const out = [flags | limit];
  let rest = value - limit;
  while (rest >= 128) {
    out.push((rest % 128) + 128);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
  return Buffer.from(out);
}
