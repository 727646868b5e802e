// The chat widget: talks to the assistant's socket.io channel (extensions/socketio_channel.py)
// with Rasa's socket.io protocol, and keeps the conversation in session storage so that it
// survives a reload. Text from the visitor and from the bot is only ever set as text; bot text
// may carry Markdown links, which become links only for http(s), mailto and tel targets.
(function () {
  "use strict";

  var STORAGE_KEY = "myoclonus-chat";
  var MAX_STORED_MESSAGES = 200;
  var GREETING_PAYLOAD = "/greet";
  var NO_ANSWER_MS = 20000; // the server apologises after 10 s (ACTION_TIMEOUT_SECONDS)
  var FULL_SCREEN = window.matchMedia("(max-width: 30rem)"); // as in chat.css
  var SAFE_TARGET = /^(https?:\/\/|mailto:|tel:)/i;
  var LINK = /\[([^\]\n]+)\]\(([^()\s]+)\)|(https?:\/\/[^\s<>()]*[^\s<>().,;:!?'"])/g;

  var root = document.getElementById("chat");
  var launcher = document.getElementById("chat-launcher");
  var panel = document.getElementById("chat-panel");
  var closeButton = document.getElementById("chat-close");
  var log = document.getElementById("chat-log");
  var typing = document.getElementById("chat-typing");
  var status = document.getElementById("chat-status");
  var form = document.getElementById("chat-form");
  var input = document.getElementById("chat-input");

  var state = loadState(); // {sessionId, messages: [{from, text, replies, emergency}], open}
  var socket = null;
  var confirmed = false; // the server confirmed a session for this connection
  var outbox = []; // messages typed before the session was confirmed
  var greetingSent = false;
  var answerTimer = null;

  // ---- storage -------------------------------------------------------------------------

  function emptyState(open) {
    return { sessionId: null, messages: [], open: Boolean(open) };
  }

  function loadState() {
    try {
      var stored = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY));
      if (stored && Array.isArray(stored.messages)) {
        return {
          sessionId: typeof stored.sessionId === "string" ? stored.sessionId : null,
          messages: stored.messages.filter(isMessage),
          open: stored.open === true,
        };
      }
    } catch (error) {
      // unreadable or unavailable storage: start afresh
    }
    return emptyState(false);
  }

  function isMessage(message) {
    return message && (message.from === "bot" || message.from === "user") && typeof message.text === "string";
  }

  function saveState() {
    state.messages = state.messages.slice(-MAX_STORED_MESSAGES);
    try {
      window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(state));
    } catch (error) {
      // storage full or disabled: the conversation still works, it just won't survive a reload
    }
  }

  function forget() {
    // "Delete my data": drop the stored transcript and session id, keep only the confirmation.
    try {
      window.sessionStorage.removeItem(STORAGE_KEY);
    } catch (error) {
      // nothing stored
    }
    state = emptyState(state.open);
    greetingSent = true; // the confirmation just shown is the last word, no new greeting
    while (log.childElementCount > 1) {
      log.removeChild(log.firstElementChild);
    }
    confirmed = false;
    if (socket && socket.connected) {
      socket.emit("session_request", { session_id: null });
    }
  }

  // ---- rendering -----------------------------------------------------------------------

  function appendBotText(parent, text) {
    var last = 0;
    text.replace(LINK, function (match, label, target, bare, offset) {
      parent.appendChild(document.createTextNode(text.slice(last, offset)));
      var href = target || bare;
      if (SAFE_TARGET.test(href)) {
        var link = document.createElement("a");
        link.href = href;
        link.textContent = label || bare;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        var note = document.createElement("span");
        note.className = "visually-hidden";
        note.textContent = " (opens in a new tab)";
        link.appendChild(note);
        parent.appendChild(link);
      } else {
        parent.appendChild(document.createTextNode(label || match));
      }
      last = offset + match.length;
      return match;
    });
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // live: a new message, not one restored after a reload (which must not be announced again)
  function render(message, live) {
    var item = document.createElement("div");
    item.className = "chat-message chat-message-" + message.from;
    var speaker = document.createElement("span");
    speaker.className = "visually-hidden";
    speaker.textContent = message.from === "bot" ? "Assistant: " : "You: ";
    item.appendChild(speaker);
    if (message.emergency) {
      item.classList.add("chat-message-emergency");
      if (live) {
        item.setAttribute("role", "alert");
      }
      var label = document.createElement("strong");
      label.className = "chat-emergency-label";
      label.textContent = "Emergency";
      item.appendChild(label);
    }
    var body = document.createElement("p");
    body.className = "chat-text";
    if (message.from === "bot") {
      appendBotText(body, message.text);
    } else {
      body.textContent = message.text;
    }
    item.appendChild(body);
    log.appendChild(item);
    return item;
  }

  function renderReplies(item, replies) {
    var group = document.createElement("div");
    group.className = "chat-replies";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Suggested replies");
    replies.forEach(function (reply) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "chat-reply";
      button.textContent = reply.title;
      button.addEventListener("click", function () {
        send(reply.payload, reply.title);
        input.focus();
      });
      group.appendChild(button);
    });
    item.appendChild(group);
  }

  function removeReplies() {
    var groups = log.querySelectorAll(".chat-replies");
    for (var i = 0; i < groups.length; i += 1) {
      groups[i].parentNode.removeChild(groups[i]);
    }
  }

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  function renderAll() {
    log.textContent = "";
    var lastUser = -1;
    state.messages.forEach(function (message, index) {
      if (message.from === "user") {
        lastUser = index;
      }
    });
    state.messages.forEach(function (message, index) {
      var item = render(message, false);
      if (index > lastUser && Array.isArray(message.replies) && message.replies.length) {
        renderReplies(item, message.replies);
      }
    });
    scrollToEnd();
  }

  function showTyping(on) {
    typing.hidden = !on;
    window.clearTimeout(answerTimer);
    if (on) {
      answerTimer = window.setTimeout(function () {
        typing.hidden = true;
        status.textContent = "No answer yet. Please check your connection and try again.";
      }, NO_ANSWER_MS);
    }
  }

  // ---- conversation --------------------------------------------------------------------

  function emitMessage(payload) {
    if (confirmed && socket) {
      socket.emit("user_uttered", { message: payload, session_id: state.sessionId });
    } else {
      outbox.push(payload);
    }
  }

  function send(payload, shown) {
    removeReplies();
    var message = { from: "user", text: shown };
    state.messages.push(message);
    saveState();
    render(message, true);
    scrollToEnd();
    showTyping(true);
    emitMessage(payload);
  }

  function quickReplies(data) {
    var buttons = Array.isArray(data.quick_replies) ? data.quick_replies : data.buttons;
    if (!Array.isArray(buttons)) {
      return [];
    }
    return buttons
      .filter(function (b) {
        return b && typeof b.title === "string" && typeof b.payload === "string";
      })
      .map(function (b) {
        return { title: b.title, payload: b.payload };
      });
  }

  function receive(data) {
    if (!data || typeof data !== "object") {
      return;
    }
    showTyping(false);
    if (socket.connected) {
      status.textContent = "";
    }
    if (typeof data.text === "string" && data.text.trim()) {
      var message = {
        from: "bot",
        text: data.text,
        replies: quickReplies(data),
        emergency: Boolean(data.metadata && data.metadata.emergency === true),
      };
      state.messages.push(message);
      saveState();
      var item = render(message, true);
      if (message.replies.length) {
        renderReplies(item, message.replies);
      }
      scrollToEnd();
    }
    if (data.custom && data.custom.forget === true) {
      forget();
    }
  }

  function confirmSession(data) {
    var id = typeof data === "string" ? data : data && data.session_id;
    if (typeof id !== "string" || !id) {
      return;
    }
    state.sessionId = id; // always the server's id, which may differ from the one asked for
    saveState();
    confirmed = true;
    if (!state.messages.length && !greetingSent && !outbox.length) {
      greetingSent = true;
      outbox.push(GREETING_PAYLOAD);
    }
    var pending = outbox;
    outbox = [];
    pending.forEach(emitMessage);
  }

  function connect() {
    if (socket) {
      return;
    }
    var server = root.getAttribute("data-server") || window.location.origin;
    socket = window.io(server, { path: "/socket.io/", transports: ["websocket", "polling"], tryAllTransports: true });
    socket.on("connect", function () {
      confirmed = false;
      status.textContent = "";
      socket.emit("session_request", { session_id: state.sessionId });
    });
    socket.on("disconnect", function () {
      confirmed = false;
      status.textContent = "Connection lost. Reconnecting...";
    });
    socket.on("connect_error", function () {
      status.textContent = "Cannot reach the assistant. Trying again...";
    });
    socket.on("session_confirm", confirmSession);
    socket.on("bot_uttered", receive);
  }

  // ---- opening and closing -------------------------------------------------------------

  // Where the open chat covers the whole screen, it is modal: the page behind is inert.
  function updateModality() {
    var modal = !panel.hidden && FULL_SCREEN.matches;
    panel.setAttribute("aria-modal", modal ? "true" : "false");
    Array.prototype.forEach.call(document.body.children, function (element) {
      if (element !== root) {
        element.inert = modal;
      }
    });
  }

  function open(moveFocus) {
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute("aria-expanded", "true");
    state.open = true;
    saveState();
    updateModality();
    scrollToEnd();
    if (moveFocus) {
      input.focus();
    }
    connect();
  }

  function close() {
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    state.open = false;
    saveState();
    updateModality();
    launcher.focus();
  }

  FULL_SCREEN.addEventListener("change", updateModality);
  launcher.addEventListener("click", function () {
    open(true);
  });
  closeButton.addEventListener("click", close);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (text) {
      input.value = "";
      send(text, text);
    }
  });

  renderAll(); // while the panel is hidden, so a restored transcript is not announced again
  if (state.open) {
    open(false); // reopened after a reload: the page keeps its focus
  }
})();
