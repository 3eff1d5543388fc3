export type TextBlock = { kind: 'paragraph'; text: string } | { kind: 'list'; ordered: boolean; items: string[] };
export function toTextBlocks(text: string | null | undefined): TextBlock[];
