export * from './openai-chat-model';
export * from './chat-completions-fake';
