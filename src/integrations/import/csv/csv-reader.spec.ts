import { CsvImportError } from './csv-import.errors';
import { CsvItem, readCsvRecords } from './csv-reader';

async function read(input: string | Buffer, opts: { delimiter?: string; chunk?: number; maxRecordChars?: number } = {}): Promise<CsvItem[]> {
  const buf = typeof input === 'string' ? Buffer.from(input) : input;
  const size = opts.chunk ?? 5;
  const chunks: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) chunks.push(buf.subarray(i, i + size));
  const out: CsvItem[] = [];
  const source = (async function* () {
    yield* chunks;
  })();
  for await (const items of readCsvRecords(source, { delimiter: opts.delimiter ?? ',', maxRecordChars: opts.maxRecordChars })) out.push(...items);
  return out;
}

describe('readCsvRecords', () => {
  it('should give each record the physical line it starts on, across quoted line breaks and empty lines', async () => {
    const items = await read('a,b\n1,"two\nlines"\n\n3,"x,""y"""\n4,4');
    expect(items).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', 'two\nlines'] },
      { line: 5, cells: ['3', 'x,"y"'] },
      { line: 6, cells: ['4', '4'] },
    ]);
  });

  it('should handle CRLF files, a BOM and multi-byte characters split across chunks', async () => {
    const items = await read('\uFEFFnäme,b\r\n"ö\r\nü",2\r\nå,3\r\n', { chunk: 3 });
    expect(items).toEqual([
      { line: 1, cells: ['näme', 'b'] },
      { line: 2, cells: ['ö\r\nü', '2'] },
      { line: 4, cells: ['å', '3'] },
    ]);
  });

  it('should report a row with an invalid closing quote and go on with the next line', async () => {
    const items = await read('a,b\n1,"x"y\n2,ok\n');
    expect(items).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, reason: expect.stringMatching(/invalid closing quote/) },
      { line: 3, cells: ['2', 'ok'] },
    ]);
  });

  it('should report an unclosed quote by its first line and re-read the lines it swallowed', async () => {
    const items = await read('a,b\n1,"open\n2,fine\n3,"multi\nline"\n4,end');
    expect(items).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, reason: expect.any(String) },
      { line: 3, cells: ['2', 'fine'] },
      { line: 4, cells: ['3', 'multi\nline'] },
      { line: 6, cells: ['4', 'end'] },
    ]);
  });

  it('should give up on a record still open after the size limit and resume at its next line', async () => {
    const items = await read('a,b\n1,"open\n2,x\n3,y\n4,z\n', { maxRecordChars: 12 });
    expect(items[1]).toEqual({ line: 2, reason: expect.stringMatching(/unclosed quote/) });
    expect(items.slice(2)).toEqual([
      { line: 3, cells: ['2', 'x'] },
      { line: 4, cells: ['3', 'y'] },
      { line: 5, cells: ['4', 'z'] },
    ]);
  });

  it('should name a stray quote in an unquoted cell', async () => {
    const items = await read('a,b\n1,x"y\n2,z\n');
    expect(items[1]).toEqual({ line: 2, reason: expect.stringMatching(/quote inside an unquoted cell/) });
    expect(items[2]).toEqual({ line: 3, cells: ['2', 'z'] });
  });

  it('should use the given delimiter', async () => {
    expect(await read('a;b\n1;"x;y"\n', { delimiter: ';' })).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', 'x;y'] },
    ]);
  });

  it('should refuse a line too long to be a CSV record', async () => {
    await expect(read('a,b\n' + 'x'.repeat(100), { maxRecordChars: 50, chunk: 20 })).rejects.toThrow(/line 2 is longer than 50 characters/);
  });

  it('should refuse binary data', async () => {
    await expect(read(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).rejects.toThrow(CsvImportError);
  });
});
