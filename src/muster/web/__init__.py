"""The web shell: FastAPI app, JSON API and server-rendered pages."""
