/**
 * A validation failure inside a format or a property string, carrying the text PVE would
 * `die` with. PVE nests these: a property string that fails raises `"format error\n"` with an
 * `errors` hash, and the enclosing check prints it as `invalid format - <stringified>`.
 */
export class SchemaError extends Error {
  readonly errors: Readonly<Record<string, string>> | undefined;

  constructor(message: string, errors?: Record<string, string>) {
    super(message);
    this.name = 'SchemaError';
    this.errors = errors;
  }

  /**
   * PVE::Exception::stringify for an exception without an HTTP code: the message (a newline is
   * added when missing) followed by one `key: text` line per error. Perl prints the errors in
   * hash order, which is random; we sort them so the simulator is deterministic.
   */
  toPerlString(): string {
    let text = this.message.endsWith('\n') ? this.message : `${this.message}\n`;
    if (this.errors !== undefined) {
      for (const key of Object.keys(this.errors).sort()) text += `${key}: ${this.errors[key]}\n`;
    }
    return text;
  }
}

/** The text of whatever a format validator threw, as Perl would interpolate `$@`. */
export function perlErrorText(error: unknown): string {
  if (error instanceof SchemaError) return error.toPerlString();
  throw error;
}
