// Chat page entry: wires the form, the conversation log and the session to POST /api/query.
import { askQuestion, QueryApiError } from './api-client.js';
import { renderAnswer, renderQuestion } from './render-answer.js';
import { createSessionStore } from './session-store.js';

const $ = (id) => document.getElementById(id);

function safeLocalStorage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const scrollBehaviour = () => (window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth');

function start() {
  const form = $('ask-form');
  const input = $('question');
  const askButton = $('ask');
  const conversation = $('conversation');
  const status = $('status');
  const errorBox = $('error');
  const errorMessage = $('error-message');
  const intro = $('intro');
  const sessionLabel = $('session-id');
  // A static deployment may point the page at an API on another path: <html data-api-base="/prod">.
  const baseUrl = document.documentElement.dataset.apiBase ?? '';
  const sessions = createSessionStore({ storage: safeLocalStorage(), randomId: () => crypto.randomUUID() });

  let busy = false;
  let lastQuery = '';

  const showSession = () => {
    sessionLabel.textContent = sessions.current();
  };
  const setBusy = (value) => {
    busy = value;
    askButton.disabled = value;
    askButton.textContent = value ? 'Asking…' : 'Ask';
    conversation.setAttribute('aria-busy', String(value));
    form.classList.toggle('is-busy', value);
    status.textContent = value ? 'Looking at your data…' : '';
    status.classList.toggle('is-loading', value);
  };
  const showError = (message) => {
    errorMessage.textContent = message;
    errorBox.hidden = false;
  };
  const clearError = () => {
    errorBox.hidden = true;
    errorMessage.textContent = '';
  };

  async function ask(query) {
    const text = query.trim();
    if (busy) return;
    if (text === '') {
      showError('Type a question first, for example "Top 10 posts by likes in NYC".');
      input.focus();
      return;
    }
    clearError();
    lastQuery = text;
    intro.hidden = true;
    const questionItem = renderQuestion(text);
    conversation.append(questionItem);
    input.value = '';
    setBusy(true);
    questionItem.scrollIntoView({ block: 'start', behavior: scrollBehaviour() });
    try {
      const answer = await askQuestion({ fetch: window.fetch.bind(window), baseUrl, sessionId: sessions.current(), query: text });
      // The answer card's padding and border take about 2.2rem of the log's width.
      const answerItem = renderAnswer(answer, text, { chartWidth: conversation.clientWidth - 36 });
      conversation.append(answerItem);
      // Keep the question at the top so the answer reads from its start.
      questionItem.scrollIntoView({ block: 'start', behavior: scrollBehaviour() });
    } catch (error) {
      questionItem.remove();
      if (conversation.children.length === 0) intro.hidden = false;
      // Give the question back so the user does not have to retype it.
      if (input.value.trim() === '') input.value = text;
      showError(error instanceof QueryApiError ? error.message : `Something went wrong: ${error?.message ?? error}`);
    } finally {
      setBusy(false);
      input.focus();
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void ask(input.value);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  for (const button of document.querySelectorAll('.suggestion')) {
    button.addEventListener('click', () => {
      input.value = button.textContent ?? '';
      form.requestSubmit();
    });
  }
  $('retry').addEventListener('click', () => {
    input.value = '';
    void ask(lastQuery);
  });
  $('new-conversation').addEventListener('click', () => {
    if (busy) return;
    sessions.startNew();
    conversation.replaceChildren();
    clearError();
    intro.hidden = false;
    input.value = '';
    showSession();
    status.textContent = 'New conversation started.';
    input.focus();
  });

  showSession();
  document.documentElement.classList.add('is-ready');
}

start();
