"""Where scripts, feedback files and certificates are kept on a server's disk (or one shared
volume). A file is written whole or not at all: Django's storage writes straight to the final
name, so a full or failing disk left a partial file behind."""

import contextlib

from django.core.files.storage import FileSystemStorage


class StorageUnavailable(OSError):
    """The file could not be written (disk full, not writable): nothing of it was kept."""


class PrivateFileStorage(FileSystemStorage):
    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except OSError as error:
            self._remove_partial(name)
            raise StorageUnavailable(error.errno, f"Could not save {name}: {error}") from error

    def _remove_partial(self, name):
        # Nothing may have been written, or the disk refuses even this: nothing more to do.
        with contextlib.suppress(OSError):
            self.delete(name)
