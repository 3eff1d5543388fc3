export type TrendsRequestCode = 'INVALID_CITY' | 'INVALID_DAYS' | 'INVALID_DATE';

/** The trends request cannot be answered as asked; the message says which parameter and what is accepted. */
export class TrendsRequestError extends Error {
  constructor(
    readonly code: TrendsRequestCode,
    message: string,
  ) {
    super(message);
    this.name = 'TrendsRequestError';
  }
}
