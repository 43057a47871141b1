"""Files shipped with Vidimo: earcons (``sounds/``) and, later, small model weights."""
