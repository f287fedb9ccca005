"""Signals every app may send or hear."""

from django.dispatch import Signal

# A record becomes public at a later time (an embargo): sent once the publishing transaction
# commits, with ``instance`` and ``when``. Whatever is built from public records (the search
# index) schedules itself to catch up at that time.
release_scheduled = Signal()
