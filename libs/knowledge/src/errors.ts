/** The knowledge base is already ingesting (Bedrock allows one job per data source): retry the start later. */
export class KnowledgeBaseBusyError extends Error {
  readonly code = 'KNOWLEDGE_BASE_BUSY';
  constructor(detail: string, options?: { cause?: unknown }) {
    super(
      `The knowledge base is busy (${detail}). The documents are written; run \`instalake kb sync\` again later to start ingestion.`,
      options,
    );
    this.name = 'KnowledgeBaseBusyError';
  }
}

/** The knowledge base could not be reached or refused the request. */
export class KnowledgeBaseUnavailableError extends Error {
  readonly code = 'KNOWLEDGE_BASE_UNAVAILABLE';
  constructor(what: string, detail: string, options?: { cause?: unknown }) {
    super(
      `Knowledge base ${what} failed: ${detail}. Check the knowledge base id, data source id, region and permissions.`,
      options,
    );
    this.name = 'KnowledgeBaseUnavailableError';
  }
}

export class InvalidSearchError extends Error {
  readonly code = 'INVALID_SEARCH';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidSearchError';
  }
}
