"""Speech: Qt-free synthesizers behind one interface, a fallback chain, playback and a transcript.

Engines: RHVoice → espeak-ng offline (the default, «auto»); Microsoft Edge's online voice
only when chosen by name (it sends the text to Microsoft), with the offline voices after it;
silence for tests or a machine with no voice at all.
"""
