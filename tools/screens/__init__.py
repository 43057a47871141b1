"""Real full-desktop screenshots with ground truth: openbox, a task bar, real applications in
Russian (zenity, Mousepad, PCManFM, xterm, Chromium) and their accessibility trees.

``desktop.Desktop`` runs one desktop; ``generate.py`` makes screens from a seed; ``truth.py``
turns window geometry and accessibility trees into the labels beside each PNG; ``roles.py`` maps
AT-SPI roles onto the interface detector's classes.
"""
