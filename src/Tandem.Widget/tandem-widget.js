/*!
 * Tandem chat widget. Plain ES2020, no dependencies, no build step.
 *
 *   <script src="/widget/tandem-widget.js" data-firm="harbour-home" defer></script>
 *
 * Optional attributes: data-api (API base URL, default same origin), data-customer-token
 * (signed-in customer), data-open="true" (start open). See README.md next to this file.
 */
(() => {
    'use strict';
    if (window.TandemWidget) return; // included twice: the first copy wins

    // This file is kept pure ASCII (non-ASCII text as \u escapes): a host page served in another
    // encoding would otherwise garble it.
    const script = document.currentScript
        || document.querySelector('script[data-firm][src*="tandem-widget"]');
    if (!script || !script.dataset.firm) {
        console.warn('[tandem] The widget script needs a data-firm attribute; not starting.');
        return;
    }

    const FIRM = script.dataset.firm;
    const API = (script.dataset.api || '').replace(/\/+$/, '');
    const CUSTOMER_TOKEN = script.dataset.customerToken || null;
    const STORAGE_KEY = `tandem.conversation.${FIRM}`;
    const POLL_MS = 2000;
    const SEND_TRIES = 3;
    const AUTHORS = ['customer', 'ai', 'agent', 'system'];

    const TEXT = {
        fallbackDisclosure: "You're chatting with an AI assistant, not a person. You can ask for a person at any time.",
        unavailable: "Sorry, chat isn't available right now. Please try again later.",
        sendFailed: "We couldn't send that. Check your connection and try again.",
        handoffFailed: "We couldn't reach the team just now. Check your connection and try again.",
        tooFast: "You're sending messages a little too quickly. Please wait a moment and try again.",
        handedOff: 'A person will reply here as soon as they can.',
        resolved: 'This conversation has been marked as resolved. If you need anything else, just send a message.',
    };

    const state = {
        open: false,
        config: null, // {name, aiDisclosure, privacyNoticeUrl} once loaded
        configReady: false, // messages are only rendered once the disclosure is on screen
        unavailable: false, // the firm doesn't exist (404): nothing will work
        conv: readStored(), // {id, accessToken} or null
        status: null, // open | handed_off | resolved, as last reported by the server
        messages: new Map(), // server id -> message
        pending: [], // the customer's own messages not yet seen in the server's list
        streaming: null, // {turnId, parts, t}: the reply being streamed, until its message commits or is retracted
        loadedOnce: false,
        unread: 0,
        error: null,
        handoffBusy: false,
    };
    let ui = null;
    let openOnInit = script.dataset.open === 'true';
    let seq = 0; // arrival order, to break ties between equal createdAt values

    // ---------- HTTP ----------

    class HttpError extends Error {
        constructor(status, problem) {
            super(`HTTP ${status}`);
            this.status = status;
            this.problem = problem; // RFC 7807 ProblemDetails, when the server sent one
        }
    }

    async function api(method, path, body, auth) {
        const headers = { Accept: 'application/json' };
        if (body !== undefined) headers['Content-Type'] = 'application/json';
        if (auth && state.conv) headers.Authorization = `Bearer ${state.conv.accessToken}`;
        const res = await fetch(API + path, {
            method, headers, body: body === undefined ? undefined : JSON.stringify(body),
        });
        const json = /json/.test(res.headers.get('Content-Type') || '');
        const data = json ? await res.json().catch(() => null) : null;
        if (!res.ok) throw new HttpError(res.status, data);
        return data;
    }

    // Network failures, overload and server faults are worth another go: the server de-duplicates
    // messages by clientMessageId, so a retry can never post the same message twice.
    const isRetryable = (err) => !(err instanceof HttpError) || err.status >= 500 || err.status === 408 || err.status === 429;
    // The stored conversation is no longer usable (token expired, server data reset).
    const isGone = (err) => err instanceof HttpError && [401, 403, 404, 410].includes(err.status);

    function problemText(err, fallback) {
        if (!(err instanceof HttpError) || err.status >= 500) return fallback;
        if (err.status === 429) return TEXT.tooFast;
        const p = err.problem;
        return (p && (p.detail || p.title)) || fallback;
    }

    const enc = encodeURIComponent;
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    const convPath = (conv, tail) => `/api/v1/conversations/${enc(conv.id)}/${tail}`;

    function uuid() {
        const c = window.crypto;
        if (c && c.randomUUID) return c.randomUUID(); // only in secure contexts (https, localhost)
        const b = c && c.getRandomValues ? c.getRandomValues(new Uint8Array(16))
            : Uint8Array.from({ length: 16 }, () => Math.floor(Math.random() * 256));
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        const x = Array.from(b, (v) => v.toString(16).padStart(2, '0')).join('');
        return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
    }

    function readStored() {
        try {
            const v = JSON.parse(sessionStorage.getItem(STORAGE_KEY));
            return v && v.id && v.accessToken ? { id: v.id, accessToken: v.accessToken } : null;
        } catch { return null; }
    }

    function store(conv) {
        try {
            if (conv) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(conv));
            else sessionStorage.removeItem(STORAGE_KEY);
        } catch { /* storage blocked: the conversation just won't survive a reload */ }
    }

    // ---------- Firm settings (AI disclosure) ----------

    let configPromise = null;
    function loadConfig() {
        if (!configPromise) {
            configPromise = api('GET', `/api/v1/firms/${enc(FIRM)}/widget`)
                .then((c) => { state.config = c || {}; })
                .catch((err) => {
                    if (err instanceof HttpError && err.status === 404) state.unavailable = true;
                    else configPromise = null; // transient: try again next time the panel opens
                    state.config = state.config || {};
                })
                .finally(() => { state.configReady = true; applyConfig(); render(); });
        }
        return configPromise;
    }

    // ---------- Conversation ----------

    let creating = null;
    function ensureConversation() {
        if (state.conv) return Promise.resolve(state.conv);
        if (!creating) {
            const body = { firm: FIRM };
            if (CUSTOMER_TOKEN) body.customer = { token: CUSTOMER_TOKEN };
            creating = api('POST', '/api/v1/conversations', body)
                .then((c) => {
                    state.conv = { id: c.id, accessToken: c.accessToken };
                    state.loadedOnce = true; // a brand-new conversation has no history to load
                    store(state.conv);
                    connect();
                    return state.conv;
                })
                .finally(() => { creating = null; });
        }
        return creating;
    }

    function forgetConversation() {
        disconnect();
        state.conv = null;
        state.status = null;
        state.loadedOnce = false;
        state.messages.clear();
        store(null);
    }

    // Runs fn(conv), creating the conversation first if needed. If the stored conversation turns out
    // to be gone, starts a new one and tries once more.
    async function withConversation(fn) {
        try {
            return await fn(await ensureConversation());
        } catch (err) {
            if (!isGone(err) || !state.conv) throw err;
            forgetConversation();
            return fn(await ensureConversation());
        }
    }

    // ---------- Live updates: SSE, with polling while it is down ----------

    let source = null;
    let pollTimer = null;
    let reconnectTimer = null;
    let reconnectDelay = 5000;

    function connect() {
        if (source) source.close();
        clearTimeout(reconnectTimer);
        const conv = state.conv;
        if (!conv) return;
        if (typeof EventSource === 'undefined') { startPolling(); return; }
        const es = new EventSource(`${API}${convPath(conv, 'events')}?access_token=${enc(conv.accessToken)}`);
        source = es;
        es.addEventListener('open', () => {
            if (es !== source) return;
            // After a reconnect the transcript is re-read: provisional text from before is dropped,
            // so nothing stays on screen that was not then committed.
            state.streaming = null;
            stopPolling();
            reconnectDelay = 5000;
            refresh(); // catch anything said while we were not connected
        });
        // 'message' also covers events sent without an event: line.
        es.addEventListener('message', (e) => {
            const m = parseJson(e.data);
            if (es === source && m) {
                // The committed reply (or the holding message) replaces whatever was streamed.
                if (m.author !== 'customer') state.streaming = null;
                upsert([m], true);
            }
        });
        // A reply being written: sentences the guard has cleared, shown as they come. Only the committed
        // message that follows is the reply of record; 'retract' takes the provisional text back
        // (docs/adr/0009-streaming-replies.md).
        es.addEventListener('delta', (e) => {
            const d = parseJson(e.data);
            if (es !== source || !d || typeof d.text !== 'string') return;
            if (!state.streaming || state.streaming.turnId !== d.turnId) state.streaming = { turnId: d.turnId, parts: [], t: Date.now() };
            state.streaming.parts[d.index | 0] = d.text;
            render();
        });
        es.addEventListener('retract', (e) => {
            const d = parseJson(e.data);
            if (es === source && d && state.streaming && state.streaming.turnId === d.turnId) { state.streaming = null; render(); }
        });
        es.addEventListener('status', (e) => {
            const s = parseJson(e.data);
            if (es === source && s && s.status) setStatus(s.status);
        });
        es.addEventListener('error', () => {
            if (es !== source) return;
            startPolling();
            // CONNECTING means the browser is retrying by itself; CLOSED means it gave up
            // (e.g. an error status), so we try again later ourselves.
            if (es.readyState === EventSource.CLOSED) {
                source = null;
                reconnectTimer = setTimeout(connect, reconnectDelay);
                reconnectDelay = Math.min(reconnectDelay * 2, 60000);
            }
        });
    }

    function disconnect() {
        if (source) source.close();
        source = null;
        clearTimeout(reconnectTimer);
        stopPolling();
    }

    function startPolling() {
        if (pollTimer) return;
        pollTimer = setInterval(() => { if (!document.hidden) refresh(); }, POLL_MS);
        refresh(); // catch up at once rather than in 2 s
    }

    function stopPolling() {
        clearInterval(pollTimer);
        pollTimer = null;
    }

    function parseJson(s) {
        try { return JSON.parse(s); } catch { return null; }
    }

    async function refresh() {
        const conv = state.conv;
        if (!conv) return;
        try {
            const list = await api('GET', convPath(conv, 'messages'), undefined, true);
            if (conv !== state.conv || !Array.isArray(list)) return;
            upsert(list, state.loadedOnce);
            state.loadedOnce = true;
        } catch (err) {
            // A stored conversation that has expired: forget it; a new one starts on the next send.
            if (conv === state.conv && isGone(err)) { forgetConversation(); render(); }
        }
    }

    function parseTime(s) {
        const t = Date.parse(s);
        if (!Number.isNaN(t)) return t;
        // Some engines reject more than 3 fractional digits (.NET writes 7).
        return Date.parse(String(s).replace(/(\.\d{3})\d+/, '$1')) || 0;
    }

    function upsert(list, countUnread) {
        let fresh = 0;
        for (const raw of list) {
            if (!raw || !raw.id) continue;
            const known = state.messages.get(raw.id);
            const m = { ...raw, t: parseTime(raw.createdAt), seq: known ? known.seq : ++seq };
            if (!known && m.author !== 'customer') fresh++;
            state.messages.set(m.id, m);
        }
        dropEchoedPending();
        if (countUnread && fresh && !state.open) state.unread += fresh;
        render();
    }

    // An optimistic message disappears once the server's copy is in the list: matched by the id the
    // send returned or, should the server echo it, by clientMessageId.
    function dropEchoedPending() {
        const echoed = new Set();
        for (const m of state.messages.values()) if (m.clientMessageId) echoed.add(m.clientMessageId);
        state.pending = state.pending.filter((p) => !(echoed.has(p.cmid) || (p.serverId && state.messages.has(p.serverId))));
    }

    function setStatus(status) {
        state.status = status;
        updateChrome();
        render();
    }

    // ---------- Sending ----------

    let sendChain = Promise.resolve(); // one at a time, so the server sees messages in the order typed

    function queueSend(text) {
        const p = { cmid: uuid(), text, t: Date.now(), state: 'sending', serverId: null };
        p.key = `local:${p.cmid}`;
        state.pending.push(p);
        render(true);
        sendChain = sendChain.then(() => deliver(p));
    }

    async function deliver(p) {
        p.state = 'sending';
        setError(null);
        render();
        for (let attempt = 1; ; attempt++) {
            try {
                const res = await withConversation((conv) => api('POST', convPath(conv, 'messages'),
                    { text: p.text, clientMessageId: p.cmid }, true));
                acknowledge(p, res && res.id);
                return;
            } catch (err) {
                if (isRetryable(err) && attempt < SEND_TRIES) {
                    await sleep(1000 * 2 ** (attempt - 1)); // 1 s, then 2 s
                    continue;
                }
                setError(problemText(err, TEXT.sendFailed));
                if (isRetryable(err)) p.state = 'failed'; // offer "Retry" with the same clientMessageId
                else {
                    // Rejected as it stands (too long, say): retrying can't help, so give the text back to edit.
                    state.pending = state.pending.filter((x) => x !== p);
                    if (!ui.input.value) { ui.input.value = p.text; autosize(); }
                }
                render();
                return;
            }
        }
    }

    function acknowledge(p, id) {
        p.state = 'sent';
        if (id) {
            p.serverId = id;
            // Hand the optimistic element over to the server id, so the server's copy reuses it.
            const el = elements.get(p.key);
            elements.delete(p.key);
            p.key = id;
            if (el && !elements.has(id)) elements.set(id, el);
            else if (el) el.remove(); // the server's copy got here first
        }
        dropEchoedPending();
        render();
    }

    async function handoff() {
        if (state.handoffBusy) return;
        state.handoffBusy = true;
        setError(null);
        updateChrome();
        try {
            await loadConfig();
            await withConversation((conv) => api('POST', convPath(conv, 'handoff'), {}, true));
            setStatus('handed_off');
        } catch (err) {
            setError(problemText(err, TEXT.handoffFailed));
        } finally {
            state.handoffBusy = false;
            updateChrome();
        }
    }

    // ---------- UI ----------

    const ICON_CHAT = '<svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="currentColor"><path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z"/></svg>';
    const ICON_CLOSE = '<svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round"><path d="M6 6l12 12M18 6L6 18"/></svg>';
    const ICON_SEND = '<svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="currentColor"><path d="M3 20.5 21 12 3 3.5 3 10l12 2-12 2z"/></svg>';

    const CSS = `
:host { all: initial; }
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
.root { --accent: var(--tandem-accent, #0b5563); --ink: #1b1f23; --muted: #4f5861; --line: #d5dbe0; --soft: #f3f6f8;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); }
button { font: inherit; cursor: pointer; }
button:disabled { cursor: default; }
:focus-visible { outline: 3px solid var(--ink); outline-offset: 2px; }
.launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; display: inline-flex; align-items: center; gap: 8px;
  padding: 12px 18px; border: 0; border-radius: 999px; background: var(--accent); color: #fff; font-weight: 600;
  box-shadow: 0 6px 20px rgba(0,0,0,.22); }
.launcher:hover { filter: brightness(1.12); }
.count { min-width: 20px; height: 20px; padding: 0 6px; border-radius: 10px; background: #c0262d; color: #fff; font-size: 12px; line-height: 20px; text-align: center; }
.panel { position: fixed; right: 20px; bottom: 84px; z-index: 2147483001; width: 380px; max-width: calc(100vw - 40px);
  height: 580px; max-height: calc(100vh - 108px); display: flex; flex-direction: column; background: #fff;
  border-radius: 14px; box-shadow: 0 12px 44px rgba(0,0,0,.28); overflow: hidden; }
.head { display: flex; align-items: center; gap: 8px; padding: 12px 10px 12px 16px; background: var(--accent); color: #fff; }
.head :focus-visible { outline-color: #fff; }
.title { flex: 1; min-width: 0; }
.name { display: block; font-weight: 700; font-size: 16px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.sub { display: block; font-size: 13px; opacity: .92; }
.handoff { flex: none; border: 1.5px solid rgba(255,255,255,.9); background: transparent; color: #fff; border-radius: 999px;
  padding: 6px 12px; font-size: 13px; font-weight: 600; white-space: nowrap; }
.handoff:hover:not(:disabled) { background: rgba(255,255,255,.16); }
.handoff:disabled { opacity: .8; }
.close { flex: none; width: 36px; height: 36px; border: 0; border-radius: 8px; background: transparent; color: #fff; display: grid; place-items: center; }
.close:hover { background: rgba(255,255,255,.16); }
.body { flex: 1; overflow-y: auto; padding: 16px; background: var(--soft); overscroll-behavior: contain; }
.disclosure { margin: 0 0 16px; padding: 10px 12px; background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--accent);
  border-radius: 8px; font-size: 14px; }
.disclosure p { margin: 0; }
.disclosure .privacy { margin-top: 6px; }
.disclosure a, .cites a { color: var(--accent); font-weight: 600; }
.log { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 12px; }
.msg { display: flex; flex-direction: column; align-items: flex-start; max-width: 86%; }
.msg--customer { align-self: flex-end; align-items: flex-end; }
.msg--system { align-self: center; max-width: 95%; align-items: center; text-align: center; color: var(--muted); font-size: 13px; }
.meta { display: flex; align-items: center; gap: 6px; margin: 0 4px 3px; font-size: 12px; color: var(--muted); }
.who { font-weight: 600; color: var(--ink); }
.tag { padding: 0 6px; border-radius: 4px; font-size: 11px; font-weight: 700; line-height: 17px; }
.tag--ai { background: #e1e9fb; color: #1d3c85; }
.tag--person { background: #dff1e4; color: #1b5a2b; }
.bubble { padding: 9px 12px; border: 1px solid var(--line); border-radius: 14px; background: #fff; white-space: pre-wrap; overflow-wrap: anywhere; }
.msg--customer .bubble { background: var(--accent); border-color: transparent; color: #fff; border-bottom-right-radius: 4px; }
.msg--ai .bubble, .msg--agent .bubble { border-bottom-left-radius: 4px; }
.msg--agent .bubble { border-color: #93c6a0; }
.msg--system .bubble { padding: 2px 8px; border: 0; background: transparent; }
.cites { margin: 6px 4px 0; font-size: 12.5px; color: var(--muted); }
.cites ul { margin: 2px 0 0; padding-left: 18px; }
.state { margin: 3px 4px 0; font-size: 12px; color: var(--muted); }
.state--failed { color: #a4161a; }
.retry { margin-left: 4px; padding: 0; border: 0; background: none; color: inherit; font-weight: 700; text-decoration: underline; }
.typing { display: flex; align-items: center; gap: 8px; margin-top: 12px; font-size: 13px; color: var(--muted); }
.dots { display: inline-flex; gap: 3px; padding: 9px 11px; background: #fff; border: 1px solid var(--line); border-radius: 14px; }
.dots i { width: 6px; height: 6px; border-radius: 50%; background: var(--muted); animation: blink 1.2s infinite ease-in-out; }
.dots i:nth-child(2) { animation-delay: .2s; } .dots i:nth-child(3) { animation-delay: .4s; }
@keyframes blink { 0%, 80%, 100% { opacity: .25; } 40% { opacity: 1; } }
.notice, .error { margin: 0; padding: 8px 16px; font-size: 13.5px; border-top: 1px solid; }
.notice { background: #e4f4e8; color: #1b5a2b; border-color: #b6dbc0; }
.error { background: #fdecea; color: #8a1c17; border-color: #f1c0bb; }
.compose { display: flex; align-items: flex-end; gap: 8px; padding: 10px 12px calc(10px + env(safe-area-inset-bottom, 0px)); border-top: 1px solid var(--line); background: #fff; }
textarea { flex: 1; min-height: 42px; max-height: 120px; padding: 9px 11px; resize: none; border: 1px solid #7b858e; border-radius: 10px;
  font: inherit; line-height: 1.4; color: var(--ink); background: #fff; }
textarea:focus { outline: 3px solid var(--accent); outline-offset: -1px; border-color: var(--accent); }
.send { flex: none; display: inline-flex; align-items: center; gap: 6px; height: 42px; padding: 0 14px; border: 0; border-radius: 10px;
  background: var(--accent); color: #fff; font-weight: 600; }
.send:hover:not(:disabled) { filter: brightness(1.12); }
.send:disabled, textarea:disabled { opacity: .6; }
.foot { padding: 0 0 6px; background: #fff; text-align: center; font-size: 11px; color: var(--muted); }
.vh { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
@media (max-width: 480px) {
  .panel { inset: 0; width: 100%; max-width: none; height: 100%; max-height: none; border-radius: 0; }
  .is-open .launcher { display: none; }
  textarea { font-size: 16px; } /* stops iOS zooming in on focus */
}
@media (prefers-reduced-motion: reduce) { .dots i { animation: none; opacity: .6; } }
`;

    // Static markup only: nothing from the server or the customer ever goes through innerHTML.
    const MARKUP = `
<div class="root">
  <button class="launcher" type="button" data-testid="tandem-launcher" aria-expanded="false" aria-controls="tandem-panel">
    ${ICON_CHAT}<span>Chat with us</span><span class="count" aria-hidden="true" hidden></span><span class="vh unread"></span>
  </button>
  <div class="panel" id="tandem-panel" role="dialog" aria-label="Chat" data-testid="tandem-panel" hidden>
    <div class="head">
      <div class="title"><span class="name">Chat</span><span class="sub">Customer support</span></div>
      <button class="handoff" type="button" data-testid="tandem-handoff">Talk to a person</button>
      <button class="close" type="button" aria-label="Close chat">${ICON_CLOSE}</button>
    </div>
    <div class="body">
      <div class="disclosure" data-testid="tandem-disclosure" aria-busy="true"><p class="disclosure-text">Loading\u2026</p></div>
      <ol class="log" aria-live="polite" aria-label="Messages"></ol>
      <div class="typing" data-testid="tandem-typing" hidden><span class="dots" aria-hidden="true"><i></i><i></i><i></i></span><span class="typing-text"></span></div>
    </div>
    <p class="notice" role="status" hidden></p>
    <p class="error" role="alert" hidden></p>
    <form class="compose">
      <label class="vh" for="tandem-input">Your message</label>
      <textarea id="tandem-input" rows="1" maxlength="4000" placeholder="Type your message\u2026" data-testid="tandem-input"></textarea>
      <button class="send" type="submit" data-testid="tandem-send" aria-label="Send message">${ICON_SEND}<span aria-hidden="true">Send</span></button>
    </form>
    <div class="foot">Powered by Tandem</div>
  </div>
</div>`;

    const elements = new Map(); // render key -> <li>
    const signatures = new WeakMap(); // <li> -> what it was last rendered from

    function h(tag, cls, text, attrs) {
        const el = document.createElement(tag);
        if (cls) el.className = cls;
        if (text != null) el.textContent = text; // text is only ever set as text, never parsed as HTML
        for (const k in attrs) el.setAttribute(k, attrs[k]);
        return el;
    }

    const link = (label, href) => h('a', null, label, { href, target: '_blank', rel: 'noopener noreferrer' });

    function buildUi() {
        // A custom element, so host-page rules for div and the like don't match the host itself.
        const host = document.createElement('tandem-widget');
        host.id = 'tandem-widget';
        const shadow = host.attachShadow({ mode: 'open' });
        const style = document.createElement('style');
        style.textContent = CSS;
        const tpl = document.createElement('template');
        tpl.innerHTML = MARKUP;
        shadow.append(style, tpl.content);
        const $ = (sel) => shadow.querySelector(sel);
        ui = {
            shadow, root: $('.root'), launcher: $('.launcher'), count: $('.count'), unread: $('.unread'),
            panel: $('.panel'), name: $('.name'), handoff: $('.handoff'), close: $('.close'), body: $('.body'),
            disclosure: $('.disclosure'), disclosureText: $('.disclosure-text'), log: $('.log'),
            typing: $('.typing'), typingText: $('.typing-text'), notice: $('.notice'), error: $('.error'),
            form: $('.compose'), input: $('textarea'), send: $('.send'),
        };
        ui.launcher.addEventListener('click', () => (state.open ? close() : open()));
        ui.close.addEventListener('click', close);
        ui.handoff.addEventListener('click', handoff);
        ui.form.addEventListener('submit', onSubmit);
        ui.input.addEventListener('input', autosize);
        ui.input.addEventListener('keydown', (e) => {
            // Enter sends, Shift+Enter makes a new line; leave IME composition alone.
            if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) onSubmit(e);
        });
        ui.root.addEventListener('keydown', (e) => { if (e.key === 'Escape' && state.open) { e.stopPropagation(); close(); } });
        document.body.appendChild(host);
    }

    function applyConfig() {
        const c = state.config || {};
        const name = c.name || 'Chat';
        ui.name.textContent = name;
        ui.panel.setAttribute('aria-label', c.name ? `Chat with ${c.name}` : 'Chat');
        ui.disclosure.removeAttribute('aria-busy');
        ui.disclosureText.textContent = state.unavailable ? TEXT.unavailable : (c.aiDisclosure || TEXT.fallbackDisclosure);
        ui.disclosure.querySelectorAll('.privacy').forEach((el) => el.remove());
        const url = safeUrl(c.privacyNoticeUrl);
        if (url && !state.unavailable) {
            ui.disclosure.appendChild(h('p', 'privacy')).append(link('How we use your information', url));
        }
        ui.input.disabled = ui.send.disabled = state.unavailable;
        updateChrome();
    }

    function updateChrome() {
        if (!ui) return;
        const handedOff = state.status === 'handed_off';
        ui.handoff.disabled = handedOff || state.handoffBusy || state.unavailable;
        ui.handoff.textContent = handedOff ? 'Person requested' : 'Talk to a person';
        const notice = handedOff ? TEXT.handedOff : state.status === 'resolved' ? TEXT.resolved : '';
        ui.notice.textContent = notice;
        ui.notice.hidden = !notice;
        ui.error.textContent = state.error || '';
        ui.error.hidden = !state.error;
    }

    function setError(text) {
        state.error = text;
        updateChrome();
    }

    function safeUrl(url) {
        if (!url) return null;
        try {
            const u = new URL(url, API ? `${API}/` : location.href);
            return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
        } catch { return null; }
    }

    function autosize() {
        ui.input.style.height = 'auto';
        ui.input.style.height = `${Math.min(ui.input.scrollHeight + 2, 120)}px`;
    }

    async function onSubmit(e) {
        e.preventDefault();
        const text = ui.input.value.trim();
        if (!text || state.unavailable) return;
        ui.input.value = '';
        autosize();
        await loadConfig(); // the AI disclosure must be on screen before anything is sent
        if (state.unavailable) { ui.input.value = text; return; }
        queueSend(text);
    }

    function open() {
        if (!ui) { openOnInit = true; return; }
        if (!state.open) {
            state.open = true;
            state.unread = 0;
            ui.panel.hidden = false;
            ui.root.classList.add('is-open');
            ui.launcher.setAttribute('aria-expanded', 'true');
            loadConfig();
            render(true);
        }
        ui.input.focus();
    }

    function close() {
        if (!ui || !state.open) return;
        const hadFocus = !!ui.shadow.activeElement;
        state.open = false;
        ui.panel.hidden = true;
        ui.root.classList.remove('is-open');
        ui.launcher.setAttribute('aria-expanded', 'false');
        if (hadFocus) ui.launcher.focus();
        render();
    }

    function timeLabel(t) {
        return t ? new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '';
    }

    // Server messages by time, then the customer's unconfirmed ones in the order typed.
    function visibleItems() {
        const server = [...state.messages.values()].sort((a, b) => (a.t - b.t) || (a.seq - b.seq))
            .map((m) => ({ ...m, key: m.id }));
        const local = state.pending.map((p) => ({ key: p.key, author: 'customer', text: p.text, t: p.t, pending: p }));
        const streaming = state.streaming
            ? [{ key: `stream-${state.streaming.turnId}`, author: 'ai', text: state.streaming.parts.filter(Boolean).join(' '), t: state.streaming.t, streaming: true }]
            : [];
        return server.concat(streaming, local);
    }

    function fillMessage(li, item) {
        const author = AUTHORS.includes(item.author) ? item.author : 'system';
        const pendingState = item.pending && item.pending.state !== 'sent' ? item.pending.state : '';
        const citations = (Array.isArray(item.citations) ? item.citations : []).filter(Boolean);
        const time = timeLabel(item.t);
        // Skip rebuilding unchanged messages, so screen readers don't hear them again.
        const sig = JSON.stringify([author, item.authorName, item.text, time, pendingState, citations, !!item.streaming]);
        if (signatures.get(li) === sig) return;
        signatures.set(li, sig);
        li.className = `msg msg--${author}`;
        li.dataset.author = author;
        if (item.streaming) li.dataset.streaming = 'true';
        else delete li.dataset.streaming;
        const parts = [];
        if (author !== 'system') {
            const meta = h('div', 'meta');
            const who = author === 'customer' ? 'You' : author === 'ai' ? 'AI assistant' : (item.authorName || 'Support team');
            meta.append(h('span', 'who', who));
            // aria-hidden: "AI assistant" already says it.
            if (author === 'ai') meta.append(h('span', 'tag tag--ai', 'AI', { 'aria-hidden': 'true' }));
            if (author === 'agent') meta.append(h('span', 'tag tag--person', 'Person'));
            if (time) meta.append(h('span', 'time', time));
            parts.push(meta);
        }
        parts.push(h('div', 'bubble', item.text == null ? '' : String(item.text)));
        if (citations.length && (author === 'ai' || author === 'agent')) {
            const box = h('div', 'cites', 'Sources:');
            const ul = h('ul');
            for (const c of citations) {
                const label = c.title || c.source || 'Source';
                const url = safeUrl(c.url);
                ul.appendChild(h('li')).append(url ? link(label, url) : label); // a string appends as text
            }
            box.append(ul);
            parts.push(box);
        }
        if (pendingState === 'sending') parts.push(h('div', 'state', 'Sending\u2026'));
        if (pendingState === 'failed') {
            const line = h('div', 'state state--failed', 'Not sent.');
            const retry = h('button', 'retry', 'Retry', { type: 'button', 'aria-label': 'Retry sending this message' });
            retry.addEventListener('click', () => { sendChain = sendChain.then(() => deliver(item.pending)); });
            line.append(retry);
            parts.push(line);
        }
        li.replaceChildren(...parts);
    }

    function render(forceScroll) {
        if (!ui) return;
        const b = ui.body;
        const stick = forceScroll || b.scrollHeight - b.scrollTop - b.clientHeight < 80;
        // Nothing is shown until the disclosure is, so the customer knows it's an AI before any AI message.
        const items = state.configReady ? visibleItems() : [];
        const keep = new Set();
        let ref = ui.log.firstChild;
        for (const item of items) {
            let li = elements.get(item.key);
            if (!li) elements.set(item.key, li = h('li', null, null, { 'data-testid': 'tandem-message' }));
            keep.add(li);
            fillMessage(li, item);
            if (li === ref) ref = ref.nextSibling;
            else ui.log.insertBefore(li, ref);
        }
        for (const [key, li] of elements) if (!keep.has(li)) { li.remove(); elements.delete(key); }

        // "Waiting for a reply" while the customer has the last word.
        const last = items[items.length - 1];
        const waiting = !!last && last.author === 'customer' && !(last.pending && last.pending.state === 'failed')
            && state.status !== 'resolved';
        ui.typing.hidden = !waiting;
        ui.typingText.textContent = state.status === 'handed_off' ? 'Waiting for a person to reply\u2026' : 'Waiting for a reply\u2026';

        const unread = state.open ? 0 : state.unread;
        ui.count.hidden = !unread;
        ui.count.textContent = String(unread);
        ui.unread.textContent = unread ? ` (${unread} new ${unread === 1 ? 'message' : 'messages'})` : '';

        if (stick && state.open) b.scrollTop = b.scrollHeight;
    }

    // ---------- Start ----------

    function init() {
        buildUi();
        updateChrome();
        if (state.conv) connect(); // a reload mid-conversation: resume live updates and the transcript
        document.addEventListener('visibilitychange', () => { if (!document.hidden && state.conv) refresh(); });
        if (openOnInit) open();
    }

    window.TandemWidget = { open, close, conversationId: () => (state.conv ? state.conv.id : null) };

    if (document.body) init();
    else document.addEventListener('DOMContentLoaded', init, { once: true });
})();
