/**
 * The base of every error Instalake raises on purpose. `code` is stable (scripts, alarms and the transport's
 * status table match on it, never on the message); the message says what went wrong, where, and how to fix it;
 * `cause` keeps the underlying error for logs. The class name becomes `name`, so logs show the concrete type.
 */
export class InstalakeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }

  /** The JSON shape every transport answers with: `{ code, message }` (never the cause). */
  toJSON(): { code: string; message: string } {
    return { code: this.code, message: this.message };
  }
}

/** True for errors raised on purpose (with a stable code), as opposed to bugs and foreign exceptions. */
export function isInstalakeError(error: unknown): error is InstalakeError {
  return error instanceof InstalakeError;
}
