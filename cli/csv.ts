// CSV as spreadsheets write it (RFC 4180): comma-separated, fields quoted with `"` when they hold a
// comma, a quote or a line break, a quote inside doubled. A few lines of our own rather than a
// parser the library's users would install for a command they may never run.

/** A CSV text's records, each a list of fields; a byte-order mark and a last line break are ignored. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  let index = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endField = () => {
    record.push(field);
    field = "";
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  for (; index < text.length; index++) {
    const char = text[index]!;
    if (quoted) {
      if (char !== '"') field += char;
      else if (text[index + 1] === '"') {
        field += '"';
        index++;
      } else quoted = false;
    } else if (char === '"' && field === "") quoted = true;
    else if (char === ",") endField();
    else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[index + 1] === "\n") index++;
      endRecord();
    } else field += char;
  }
  if (quoted) throw new SyntaxError(`a quoted field is not closed (record ${records.length + 1})`);
  if (field !== "" || record.length > 0) endRecord();
  return records;
}
