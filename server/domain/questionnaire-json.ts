// Reading a questionnaire file that a person edited by hand: when it is not JSON, say where (line
// and column), which JSON.parse on Node 20 often does not. A small scanner finds the first place
// the text stops being JSON; JSON.parse still does the actual parsing.
export type JsonRead = { ok: true; value: unknown } | { ok: false; reason: string; line: number; column: number };

export function readJson(text: string): JsonRead {
  // Editors on Windows save a byte-order mark; it is not part of the content.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (err) {
    const found = firstSyntaxError(body);
    const position = found?.position ?? positionFromMessage((err as Error).message) ?? body.length;
    const reason = found?.reason ?? (err as Error).message.replace(/ in JSON at position \d+.*$/, '');
    return { ok: false, reason, ...lineColumn(body, position) };
  }
}

function positionFromMessage(message: string): number | null {
  const m = /at position (\d+)/.exec(message);
  return m ? Number(m[1]) : null;
}

function lineColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}

class SyntaxAt extends Error {
  constructor(
    readonly position: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Where the text first stops being JSON, or null when the scanner finds nothing wrong. */
function firstSyntaxError(text: string): { position: number; reason: string } | null {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (reason: string): never => {
    throw new SyntaxAt(i, reason);
  };
  const describeHere = () => (i >= text.length ? 'the file ends' : `found ${JSON.stringify(text[i])}`);
  const string = () => {
    i++; // opening quote
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else fail('invalid escape in a string');
        continue;
      }
      if (c < ' ') fail(c === '\n' ? 'a string is not closed before the end of the line' : 'control character inside a string');
      i++;
    }
    fail('a string is not closed');
  };
  const number = () => {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i));
    if (!m || m[0] === '-' || m[0] === '') fail('invalid number');
    i += m![0].length;
  };
  const value = (depth: number): void => {
    if (depth > 200) fail('nested too deeply');
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`expected a field name in double quotes, ${describeHere()}`);
        string();
        ws();
        if (text[i] !== ':') fail(`expected ':' after the field name, ${describeHere()}`);
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          ws();
          if (text[i] === '}') fail("a comma before '}' (JSON allows no trailing comma)");
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail(`expected ',' or '}' after the value${text[i] === '"' ? ' (is a comma missing?)' : ''}, ${describeHere()}`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          ws();
          if (text[i] === ']') fail("a comma before ']' (JSON allows no trailing comma)");
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail(`expected ',' or ']' after the value${text[i] === '"' || text[i] === '{' ? ' (is a comma missing?)' : ''}, ${describeHere()}`);
      }
    }
    if (c === '"') return string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    fail(`expected a value, ${describeHere()}`);
  };
  try {
    value(0);
    ws();
    if (i < text.length) fail(`unexpected text after the end of the JSON value, ${describeHere()}`);
    return null;
  } catch (err) {
    if (err instanceof SyntaxAt) return { position: err.position, reason: err.reason };
    throw err;
  }
}
