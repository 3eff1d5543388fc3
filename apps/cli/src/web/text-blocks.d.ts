export type TextBlock =
  { kind: 'paragraph'; text: string } | { kind: 'list'; ordered: boolean; items: string[]; title?: string };
export function toTextBlocks(text: string | null | undefined): TextBlock[];
export function splitLinks(text: string): Array<{ text: string } | { url: string }>;
export function splitQuotes(text: string): Array<{ text: string } | { quote: string }>;
