"""The HTTP edge's shared helpers (no models, no app config): what the views and the API agree on."""
