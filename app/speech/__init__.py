"""Speech: Qt-free synthesizers behind one interface, a fallback chain, playback and a transcript.

Engines in order of preference: edge-tts (online, neural) → RHVoice → espeak-ng →
silence (tests, or a machine with no voice at all).
"""
