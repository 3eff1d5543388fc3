import { InstalakeError } from '@instalake/errors';

export type TrendsRequestCode = 'INVALID_CITY' | 'INVALID_DAYS' | 'INVALID_DATE';

/** The trends request cannot be answered as asked; the message says which parameter and what is accepted. */
export class TrendsRequestError extends InstalakeError {
  declare readonly code: TrendsRequestCode;

  constructor(code: TrendsRequestCode, message: string) {
    super(code, message);
  }
}
