import { describe, expect, it } from 'vitest';
import { echo } from '../../src/pvesim/ssh/echo.js';
import { BASH, DASH, runShellScript, type SimpleCommand } from '../../src/pvesim/ssh/shell.js';
import { shellQuote, tokenize } from '../../src/pvesim/ssh/shell-words.js';
import type { CommandResult } from '../../src/pvesim/ssh/types.js';

/** A world with `ok`, `fail`, and `say WORDS…` (prints its arguments, one per line). */
function world(command: SimpleCommand): CommandResult | undefined {
  const [name, ...args] = command.argv;
  if (name === 'ok') return { stdout: '', stderr: '', exitCode: 0 };
  if (name === 'fail') return { stdout: '', stderr: '', exitCode: 1 };
  if (name === 'say') return { stdout: args.map((arg) => `${arg}\n`).join(''), stderr: '', exitCode: 0 };
  return undefined;
}

describe('shell words', () => {
  it.each([
    [`say 'single $HOME' "double \\" \\$" back\\ slash`, ['say', 'single $HOME', 'double " $', 'back slash']],
    [`say a''b "c"'d' \\'`, ['say', 'ab', 'cd', "'"]],
    ['say # a comment', ['say']],
    ['say a#b', ['say', 'a#b']],
    ['say $ 100%', ['say', '$', '100%']],
  ])('splits %s', (line, words) => {
    const result = tokenize(line);
    expect(result.ok && result.tokens.map((token) => token.text)).toEqual(words);
  });

  it.each(['a | b', 'a > f', 'a &', 'echo $HOME', 'echo "$(id)"', 'echo `id`', '(a)'])('refuses to guess at %s', (line) => {
    expect(tokenize(line)).toMatchObject({ ok: false, problem: 'unsupported' });
  });

  it('quotes words so they read back the same', () => {
    const words = ['plain', 'two words', "it's", '', 'a;b'];
    const result = tokenize(words.map(shellQuote).join(' '));
    expect(result.ok && result.tokens.map((token) => token.text)).toEqual(words);
  });
});

describe('command lists', () => {
  it.each([
    ['ok && say yes', 'yes\n', 0],
    ['fail && say no', '', 1],
    ['fail || say rescued', 'rescued\n', 0],
    ['ok || say skipped; say always', 'always\n', 0],
    ['fail && say a || say b', 'b\n', 0],
    ['say before; exit 4; say after', 'before\n', 4],
    ['fail; exit', '', 1],
    ['exit 257', '', 1],
    ['ok &&\nsay continued', 'continued\n', 0],
    ['\n\nsay blank-lines\n\n', 'blank-lines\n', 0],
  ])('%j prints %j and exits %i', (script, stdout, exitCode) => {
    expect(runShellScript(script, DASH, world)).toEqual({ stdout, stderr: '', exitCode });
  });

  it.each([
    ['&& ok', DASH, 'sh: 1: Syntax error: "&&" unexpected\n'],
    ['ok ;; ok', DASH, 'sh: 1: Syntax error: ";" unexpected\n'],
    ['ok ||', DASH, 'sh: 1: Syntax error: end of file unexpected\n'],
    ["say 'open", DASH, 'sh: 1: Syntax error: Unterminated quoted string\n'],
    ['|| ok', BASH, "bash: -c: line 1: syntax error near unexpected token `||'\n"],
    ['say "open', BASH, "bash: -c: line 1: unexpected EOF while looking for matching `\"'\n"],
  ])('rejects %j with the shell’s own words', (script, dialect, stderr) => {
    expect(runShellScript(script, dialect, world)).toEqual({ stdout: '', stderr, exitCode: 2 });
  });

  it('reports a missing command as each shell does', () => {
    expect(runShellScript('ok\nnope', DASH, world)).toEqual({ stdout: '', stderr: 'sh: 2: nope: not found\n', exitCode: 127 });
    expect(runShellScript('nope', BASH, world)).toEqual({ stdout: '', stderr: 'bash: line 1: nope: command not found\n', exitCode: 127 });
  });

  it('refuses an exit status that is not a number', () => {
    expect(runShellScript('exit -1', DASH, world)).toEqual({ stdout: '', stderr: 'sh: 1: exit: Illegal number: -1\n', exitCode: 2 });
    expect(runShellScript('exit -1', BASH, world)).toEqual({ stdout: '', stderr: '', exitCode: 255 });
  });
});

describe('echo', () => {
  it.each<[string[], 'dash' | 'bash', string]>([
    [['a', 'b'], 'dash', 'a b\n'],
    [['-n', 'a'], 'dash', 'a'],
    [['a\\tb\\c', 'ignored'], 'dash', 'a\tb'],
    [['-e', 'x'], 'dash', '-e x\n'],
    [['a\\nb'], 'bash', 'a\\nb\n'],
    [['-ne', 'a\\nb'], 'bash', 'a\nb'],
    [['\\0101'], 'dash', 'A\n'],
  ])('echo %j (%s) prints %j', (args, flavour, stdout) => {
    expect(echo(args, flavour)).toEqual({ stdout, stderr: '', exitCode: 0 });
  });
});
