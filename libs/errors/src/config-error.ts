import { InstalakeError } from './instalake-error';

/** A setting is missing or invalid: the message names each variable and what it must look like. */
export class ConfigError extends InstalakeError {
  static readonly CODE = 'INVALID_CONFIG';

  constructor(message: string, options?: { cause?: unknown }) {
    super(ConfigError.CODE, message, options);
  }
}
