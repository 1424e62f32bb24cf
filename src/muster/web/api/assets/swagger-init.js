// Starts Swagger UI on /api/docs (a file, not inline: the Content-Security-Policy allows no
// inline script). Requests made with the browser's session carry the session's CSRF token.
(function () {
  "use strict";
  var csrf = null;
  function start() {
    window.ui = SwaggerUIBundle({
      url: document.body.getAttribute("data-openapi-url"),
      dom_id: "#swagger-ui",
      deepLinking: true,
      persistAuthorization: false,
      requestInterceptor: function (request) {
        var method = (request.method || "GET").toUpperCase();
        if (csrf && method !== "GET" && method !== "HEAD" && method !== "OPTIONS") {
          request.headers["X-CSRF-Token"] = csrf;
        }
        return request;
      },
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
      layout: "BaseLayout",
    });
  }
  fetch(document.body.getAttribute("data-session-url"), { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (s) { csrf = s && s.csrf_token; })
    .catch(function () { csrf = null; })
    .then(start);
})();
