// Chat page entry: wires the form, the conversation log and the session to POST /api/query.
import { askQuestion, QueryApiError } from './api-client.js';
import { renderAnswer, renderQuestion } from './render-answer.js';
import { createSessionStore } from './session-store.js';

const $ = (id) => document.getElementById(id);

const TOKEN_KEY = 'instalake.apiToken';

function storage(kind) {
  try {
    return window[kind];
  } catch {
    return null;
  }
}

// A bearer token lives only as long as the tab (sessionStorage), never in localStorage.
function readToken() {
  try {
    return storage('sessionStorage')?.getItem(TOKEN_KEY) ?? null;
  } catch {
    return null;
  }
}

function saveToken(token) {
  try {
    storage('sessionStorage')?.setItem(TOKEN_KEY, token);
  } catch {
    // Blocked storage: the token is used for this page only.
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
  const sessions = createSessionStore({ storage: storage('localStorage'), randomId: () => crypto.randomUUID() });

  const tokenForm = $('token-form');
  const tokenInput = $('api-token');
  let token = readToken();
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
  const showError = (message, { needsToken = false, canRetry = true } = {}) => {
    errorMessage.textContent = message;
    tokenForm.hidden = !needsToken;
    $('retry').hidden = !canRetry || needsToken;
    errorBox.hidden = false;
  };
  const clearError = () => {
    errorBox.hidden = true;
    tokenForm.hidden = true;
    errorMessage.textContent = '';
  };

  async function ask(query) {
    const text = query.trim();
    if (busy) return;
    if (text === '') {
      showError('Type a question first, for example "Top 10 posts by likes in NYC".', { canRetry: false });
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
      const answer = await askQuestion({
        fetch: window.fetch.bind(window),
        baseUrl,
        sessionId: sessions.current(),
        query: text,
        token,
      });
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
      const needsToken = error instanceof QueryApiError && error.status === 401;
      showError(error instanceof QueryApiError ? error.message : `Something went wrong: ${error?.message ?? error}`, {
        needsToken,
      });
      setBusy(false);
      (needsToken ? tokenInput : input).focus();
      return;
    }
    setBusy(false);
    input.focus();
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
  tokenForm.addEventListener('submit', (event) => {
    event.preventDefault();
    token = tokenInput.value.trim() || null;
    if (token) saveToken(token);
    tokenInput.value = '';
    input.value = '';
    void ask(lastQuery);
  });
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
