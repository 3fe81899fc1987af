/**
 * Splits a shell command line the way a POSIX shell does for the subset the simulator runs:
 * words with single quotes, double quotes and backslashes, the list operators `;`, `&&`, `||`
 * and newlines, and `#` comments. Everything that would need a real shell — pipes,
 * redirections, background jobs, subshells, variable and command substitution — is reported
 * as unsupported rather than guessed at.
 */

export type Token =
  | { readonly kind: 'word'; readonly text: string; readonly line: number }
  | { readonly kind: 'operator'; readonly text: ';' | '&&' | '||' | '\n'; readonly line: number };

export type TokenizeResult =
  | { readonly ok: true; readonly tokens: Token[] }
  | { readonly ok: false; readonly problem: 'unterminated-quote'; readonly quote: "'" | '"'; readonly line: number }
  | { readonly ok: false; readonly problem: 'unsupported'; readonly syntax: string; readonly line: number };

const UNSUPPORTED_OPERATORS = new Set(['|', '&', '<', '>', '(', ')', '`']);
/** `$` followed by one of these starts an expansion (`$HOME`, `${x}`, `$(cmd)`, `$?`, …). */
const EXPANSION_START = /[A-Za-z_{(?#@*!$0-9-]/;

class Tokenizer {
  private position = 0;
  private line = 1;
  private readonly tokens: Token[] = [];

  constructor(private readonly input: string) {}

  run(): TokenizeResult {
    while (this.position < this.input.length) {
      const char = this.input[this.position] ?? '';
      if (char === ' ' || char === '\t') {
        this.position += 1;
      } else if (char === '\n' || char === ';') {
        this.tokens.push({ kind: 'operator', text: char, line: this.line });
        if (char === '\n') this.line += 1;
        this.position += 1;
      } else if (char === '#') {
        while (this.position < this.input.length && this.input[this.position] !== '\n') this.position += 1;
      } else if (this.input.startsWith('&&', this.position) || this.input.startsWith('||', this.position)) {
        this.tokens.push({ kind: 'operator', text: this.input.slice(this.position, this.position + 2) as '&&' | '||', line: this.line });
        this.position += 2;
      } else if (UNSUPPORTED_OPERATORS.has(char)) {
        return { ok: false, problem: 'unsupported', syntax: char, line: this.line };
      } else {
        const word = this.word();
        if (!word.ok) return word;
      }
    }
    return { ok: true, tokens: this.tokens };
  }

  /** Reads one word up to an unquoted blank or operator, removing quotes and backslashes. */
  private word(): { ok: true } | Extract<TokenizeResult, { ok: false }> {
    const line = this.line;
    let text = '';
    while (this.position < this.input.length) {
      const char = this.input[this.position] ?? '';
      if (' \t\n;'.includes(char) || UNSUPPORTED_OPERATORS.has(char)) break;
      if (this.input.startsWith('&&', this.position) || this.input.startsWith('||', this.position)) break;
      if (char === "'") {
        const end = this.input.indexOf("'", this.position + 1);
        if (end < 0) return { ok: false, problem: 'unterminated-quote', quote: "'", line };
        const quoted = this.input.slice(this.position + 1, end);
        this.line += countNewlines(quoted);
        text += quoted;
        this.position = end + 1;
      } else if (char === '"') {
        const quoted = this.doubleQuoted();
        if (!quoted.ok) return quoted;
        text += quoted.text;
      } else if (char === '\\') {
        const next = this.input[this.position + 1];
        if (next === '\n') this.line += 1;
        else if (next !== undefined) text += next;
        this.position += 2;
      } else if (char === '$' && EXPANSION_START.test(this.input[this.position + 1] ?? '')) {
        return { ok: false, problem: 'unsupported', syntax: this.input.slice(this.position, this.position + 2), line: this.line };
      } else {
        text += char;
        this.position += 1;
      }
    }
    this.tokens.push({ kind: 'word', text, line });
    return { ok: true };
  }

  /** Inside double quotes a backslash escapes only `$`, backquote, `"`, `\` and newline. */
  private doubleQuoted(): { ok: true; text: string } | Extract<TokenizeResult, { ok: false }> {
    const line = this.line;
    let text = '';
    this.position += 1;
    while (this.position < this.input.length) {
      const char = this.input[this.position] ?? '';
      if (char === '"') {
        this.position += 1;
        return { ok: true, text };
      }
      if (char === '\\' && '$`"\\\n'.includes(this.input[this.position + 1] ?? 'x')) {
        const next = this.input[this.position + 1] ?? '';
        if (next === '\n') this.line += 1;
        else text += next;
        this.position += 2;
        continue;
      }
      if (char === '`' || (char === '$' && EXPANSION_START.test(this.input[this.position + 1] ?? ''))) {
        return { ok: false, problem: 'unsupported', syntax: char === '`' ? '`' : this.input.slice(this.position, this.position + 2), line: this.line };
      }
      if (char === '\n') this.line += 1;
      text += char;
      this.position += 1;
    }
    return { ok: false, problem: 'unterminated-quote', quote: '"', line };
  }
}

function countNewlines(text: string): number {
  let count = 0;
  for (const char of text) if (char === '\n') count += 1;
  return count;
}

export function tokenize(commandLine: string): TokenizeResult {
  return new Tokenizer(commandLine).run();
}

/** Quotes one argument for a POSIX shell (used when recording and matching whole commands). */
export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
