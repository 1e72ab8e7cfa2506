// Starts Swagger UI on the API's own OpenAPI description (no inline script: see the CSP).
(function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.specUrl,
    domNode: root,
    deepLinking: true,
    persistAuthorization: false,
    validatorUrl: null, // no badge fetched from swagger.io
  });
})();
