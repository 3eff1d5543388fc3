/**
 * Characters a terminal acts on instead of showing: C0 controls but newline and tab (ESC starts colour, cursor and
 * title sequences), DEL, C1 controls (0x9B is a one-byte CSI), and the bidirectional overrides and isolates that
 * make text read differently from what it is.
 */
// eslint-disable-next-line no-control-regex -- these control characters are what is being neutralised
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const escape = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Text for the terminal: unsafe characters are shown as `\u001b`-style escapes, never acted on. */
export function safeForTerminal(text: string): string {
  return text.replace(UNSAFE, escape);
}

/**
 * JSON for the terminal: JSON.stringify already escapes C0 controls; C1 controls and bidi overrides are escaped the
 * same way (`\u009b`), which keeps the JSON valid and its values unchanged.
 */
export function safeJson(json: string): string {
  return json.replace(UNSAFE, escape);
}
