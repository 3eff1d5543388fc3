import { InstalakeError } from '@instalake/errors';

/** The knowledge base is already ingesting (Bedrock allows one job per data source): retry the start later. */
export class KnowledgeBaseBusyError extends InstalakeError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super(
      'KNOWLEDGE_BASE_BUSY',
      `The knowledge base is busy (${detail}). The documents are written; run \`instalake kb sync\` again later to start ingestion.`,
      options,
    );
  }
}

/** The knowledge base could not be reached or refused the request. */
export class KnowledgeBaseUnavailableError extends InstalakeError {
  constructor(what: string, detail: string, options?: { cause?: unknown }) {
    super(
      'KNOWLEDGE_BASE_UNAVAILABLE',
      `Knowledge base ${what} failed: ${detail}. Check the knowledge base id, data source id, region and permissions.`,
      options,
    );
  }
}

export class InvalidSearchError extends InstalakeError {
  constructor(message: string) {
    super('INVALID_SEARCH', message);
  }
}
