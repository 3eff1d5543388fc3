import { InstalakeError } from '@instalake/errors';

/** A request refused at the edge (route, method, size, auth, body contract), before any use case ran. */
export class RequestRejectedError extends InstalakeError {
  constructor(
    code: string,
    message: string,
    /** The request field at fault, for VALIDATION_FAILED. */
    readonly field?: string,
    /** Response headers the status calls for (Allow, WWW-Authenticate). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(code, message);
  }
}
