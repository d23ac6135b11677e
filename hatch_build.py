"""Build hook: stamp the wheel with a digest of the package's own source.

Caches of derived data carry this digest (derived_cache.code_stamp), so an upgrade, or any change
to a module that shapes derived data, rebuilds them. Computed here once per install, instead of
by every run; an editable install or a source checkout digests its files at run time instead.
"""

from __future__ import annotations

import os
import sys
import tempfile

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class InstallStampHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "install-stamp"

    def initialize(self, version: str, build_data: dict) -> None:  # type: ignore[type-arg]
        if self.target_name != "wheel" or version == "editable":
            return
        sys.path.insert(0, self.root)
        try:
            from sapa_propaganda.cache.derived_cache import source_digest
        finally:
            sys.path.pop(0)
        digest = source_digest(os.path.join(self.root, "sapa_propaganda"))
        folder = tempfile.mkdtemp(prefix="sapa-stamp-")
        path = os.path.join(folder, "_install_stamp.py")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(f'"""Written by hatch_build.py when this wheel was built."""\n\nDIGEST = "{digest}"\n')
        build_data["force_include"][path] = "sapa_propaganda/_install_stamp.py"
