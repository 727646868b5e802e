// Start the rasa-webchat widget against this server's socket.io channel.
// Buttons are shown as quick replies; the conversation survives a reload (session storage).
WebChat.default({
  selector: "#webchat",
  socketUrl: window.location.origin,
  socketPath: "/socket.io/",
  initPayload: "/greet",
  title: "Myoclonus information",
  subtitle: "Automated assistant - not a diagnosis",
  inputTextFieldHint: "Ask about muscle jerks...",
  params: { storage: "session" },
  customData: { language: "en" },
  embedded: false,
  showFullScreenButton: false,
  showMessageDate: false,
});
