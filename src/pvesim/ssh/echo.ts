/**
 * The three `echo`s a command can reach: dash's builtin (always interprets backslash escapes,
 * knows only `-n`), bash's builtin and coreutils' /bin/echo (escapes only with `-e`; `-n`, `-e`,
 * `-E` may be combined, as in `-ne`).
 */
import type { CommandResult } from './types.js';

export type EchoFlavour = 'dash' | 'bash';

export function echo(args: readonly string[], flavour: EchoFlavour): CommandResult {
  let newline = true;
  let escapes = flavour === 'dash';
  let index = 0;
  for (; index < args.length; index += 1) {
    const arg = args[index] ?? '';
    const pattern = flavour === 'dash' ? /^-n+$/ : /^-[neE]+$/;
    if (!pattern.test(arg)) break;
    for (const flag of arg.slice(1)) {
      if (flag === 'n') newline = false;
      else if (flag === 'e') escapes = true;
      else if (flag === 'E') escapes = false;
    }
  }
  const text = args.slice(index).join(' ');
  if (!escapes) return { stdout: newline ? `${text}\n` : text, stderr: '', exitCode: 0 };
  const expanded = expandEscapes(text);
  const stdout = expanded.stopped || !newline ? expanded.text : `${expanded.text}\n`;
  return { stdout, stderr: '', exitCode: 0 };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\',
};

/** `\c` stops all output, including the trailing newline; `\0nnn` is an octal byte. */
function expandEscapes(text: string): { text: string; stopped: boolean } {
  let result = '';
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] ?? '';
    const next = text[index + 1];
    if (char !== '\\' || next === undefined) {
      result += char;
      continue;
    }
    if (next === 'c') return { text: result, stopped: true };
    if (next === '0') {
      const digits = /^[0-7]{0,3}/.exec(text.slice(index + 2))?.[0] ?? '';
      result += String.fromCharCode(Number.parseInt(digits === '' ? '0' : digits, 8) & 0xff);
      index += 1 + digits.length;
      continue;
    }
    const simple = SIMPLE_ESCAPES[next];
    result += simple ?? `\\${next}`;
    index += 1;
  }
  return { text: result, stopped: false };
}
