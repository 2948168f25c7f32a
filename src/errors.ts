/** An error meant for the user: its message is printed as is, without a stack trace. */
export class SchemaopError extends Error {
  constructor(
    message: string,
    /** Process exit code the CLI uses for this error. */
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'SchemaopError';
  }
}
