/**
 * Runs a command list (`a; b && c || exit 3`) the way dash or bash would: `&&` and `||` have
 * equal precedence and bind left to right, `exit` ends the script, the status of the list is
 * that of the last command run. Simple commands are handed to a callback; the dialect decides
 * the texts of the shell's own errors.
 */
import { tokenize } from './shell-words.js';
import type { CommandResult } from './types.js';

export interface ShellDialect {
  readonly name: 'sh' | 'bash';
  /** The shell's message for a command it cannot find (exit 127). */
  notFound(command: string, line: number): string;
  syntaxError(unexpected: string | undefined, line: number): string;
  unterminatedQuote(quote: string, line: number): string;
  badExitArgument(argument: string, line: number): string;
}

/** dash, Debian's /bin/sh, as `sh -c` runs it. */
export const DASH: ShellDialect = {
  name: 'sh',
  notFound: (command, line) => `sh: ${line}: ${command}: not found\n`,
  syntaxError: (unexpected, line) =>
    unexpected === undefined ? `sh: ${line}: Syntax error: end of file unexpected\n` : `sh: ${line}: Syntax error: "${unexpected}" unexpected\n`,
  unterminatedQuote: (_quote, line) => `sh: ${line}: Syntax error: Unterminated quoted string\n`,
  badExitArgument: (argument, line) => `sh: ${line}: exit: Illegal number: ${argument}\n`,
};

/** bash as sshd runs a command line (`bash -c '<command>'`), the login shell of root on PVE. */
export const BASH: ShellDialect = {
  name: 'bash',
  notFound: (command, line) => `bash: line ${line}: ${command}: command not found\n`,
  syntaxError: (unexpected, line) =>
    unexpected === undefined
      ? `bash: -c: line ${line}: syntax error: unexpected end of file\n`
      : `bash: -c: line ${line}: syntax error near unexpected token \`${unexpected}'\n`,
  unterminatedQuote: (quote, line) => `bash: -c: line ${line}: unexpected EOF while looking for matching \`${quote}'\n`,
  badExitArgument: (argument, line) => `bash: line ${line}: exit: ${argument}: numeric argument required\n`,
};

export interface SimpleCommand {
  readonly argv: readonly string[];
  readonly line: number;
}

/** Runs one simple command; undefined means "no such command". */
export type SimpleCommandRunner = (command: SimpleCommand) => CommandResult | undefined;

type Connector = ';' | '&&' | '||';
interface ListItem extends SimpleCommand {
  readonly connector: Connector;
}

type ParseResult = { ok: true; items: ListItem[] } | { ok: false; error: CommandResult };

const fail = (stderr: string, exitCode = 2): CommandResult => ({ stdout: '', stderr, exitCode });

function parseList(script: string, dialect: ShellDialect): ParseResult {
  const tokenized = tokenize(script);
  if (!tokenized.ok) {
    if (tokenized.problem === 'unterminated-quote') return { ok: false, error: fail(dialect.unterminatedQuote(tokenized.quote, tokenized.line)) };
    return {
      ok: false,
      error: fail(`pvesim: ${dialect.name}: unsupported shell syntax '${tokenized.syntax}' on line ${tokenized.line}; register a response for this command\n`),
    };
  }
  const items: ListItem[] = [];
  let words: string[] = [];
  let line = 1;
  let connector: Connector = ';';
  let needsCommand = false;
  const finish = (next: Connector): void => {
    items.push({ argv: words, line, connector });
    words = [];
    connector = next;
  };
  for (const token of tokenized.tokens) {
    if (token.kind === 'word') {
      if (words.length === 0) line = token.line;
      words.push(token.text);
      needsCommand = false;
    } else if (token.text === '\n') {
      // A newline ends a command; a blank line, or one after `&&`/`||`, is just skipped.
      if (words.length > 0) finish(';');
    } else if (words.length === 0) {
      return { ok: false, error: fail(dialect.syntaxError(token.text, token.line)) };
    } else {
      finish(token.text);
      needsCommand = token.text !== ';';
    }
  }
  if (needsCommand) return { ok: false, error: fail(dialect.syntaxError(undefined, line)) };
  if (words.length > 0) finish(';');
  return { ok: true, items };
}

/** Parses and runs `script`; `exit` is handled here, every other command by `run`. */
export function runShellScript(script: string, dialect: ShellDialect, run: SimpleCommandRunner): CommandResult {
  const parsed = parseList(script, dialect);
  if (!parsed.ok) return parsed.error;
  let stdout = '';
  let stderr = '';
  let status = 0;
  for (const item of parsed.items) {
    if ((item.connector === '&&' && status !== 0) || (item.connector === '||' && status === 0)) continue;
    if (item.argv[0] === 'exit') {
      const exit = exitStatus(item, status, dialect);
      return { stdout, stderr: stderr + exit.stderr, exitCode: exit.code };
    }
    const result = run(item) ?? fail(dialect.notFound(item.argv[0] ?? '', item.line), 127);
    stdout += result.stdout;
    stderr += result.stderr;
    status = result.exitCode;
  }
  return { stdout, stderr, exitCode: status };
}

function exitStatus(item: SimpleCommand, lastStatus: number, dialect: ShellDialect): { code: number; stderr: string } {
  const argument = item.argv[1];
  if (argument === undefined) return { code: lastStatus, stderr: '' };
  const valid = dialect.name === 'bash' ? /^[+-]?\d+$/.test(argument) : /^\d+$/.test(argument);
  if (!valid) return { code: 2, stderr: dialect.badExitArgument(argument, item.line) };
  return { code: ((Number.parseInt(argument, 10) % 256) + 256) % 256, stderr: '' };
}
