"""English → Russian translation of captions: local MarianMT, or an OpenAI-compatible endpoint."""
