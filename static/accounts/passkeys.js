// Once a passkey is added, or the second step is passed with one, show the page afresh.
document.addEventListener("otp_webauthn.register_complete", () => window.location.reload());
