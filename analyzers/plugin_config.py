"""Finding ``[tool.gauntlet]`` for the files a flake8 or pylint run visits.

flake8 and pylint hand their plugins one file at a time. Walking up from every
file to its pyproject.toml, and parsing that file again each time, would cost
more than the rules themselves. The lookups are therefore cached: the walk
runs once per folder, and each configuration file is parsed once per process.
"""

from __future__ import annotations

import os
from pathlib import Path

from analyzers.config import Config, find_config_file, load_file
from analyzers.errors import ConfigError


class ConfigCache:
    """Settings for each linted file, from one explicit file or found per folder.

    ``config_file`` is the file given with ``--gauntlet-config``. Without it,
    each file gets the nearest pyproject.toml with a ``[tool.gauntlet]`` table
    above it, or the defaults when there is none. An invalid table raises
    ConfigError for every file that uses it; the error is cached too, so the
    file is not parsed again.
    """

    def __init__(self, config_file: str | os.PathLike[str] | None = None) -> None:
        self.config_file = None if config_file is None else Path(config_file)
        self._source_by_folder: dict[str, Path | None] = {}
        self._config_by_source: dict[Path | None, Config | ConfigError] = {}

    def config_for(self, path: str) -> Config:
        """Return the settings that apply to the file at ``path``."""
        source = self.config_file or self._source_for(path)
        if source not in self._config_by_source:
            self._config_by_source[source] = self._load(source)
        config = self._config_by_source[source]
        if isinstance(config, ConfigError):
            raise config
        return config

    def _source_for(self, path: str) -> Path | None:
        folder = os.path.dirname(os.path.abspath(path))
        if folder not in self._source_by_folder:
            self._source_by_folder[folder] = find_config_file([folder])
        return self._source_by_folder[folder]

    @staticmethod
    def _load(source: Path | None) -> Config | ConfigError:
        try:
            if source is None:
                return Config(root=os.getcwd())
            return load_file(source)
        except ConfigError as err:
            return err


def one_line_message(error: ConfigError) -> str:
    """Return a configuration error as one line, for a plugin's report.

    flake8 and pylint print one line per message, so the example table
    that some errors end with is left out and pointed to instead.
    """
    first_line = str(error).splitlines()[0].rstrip()
    if first_line.endswith("Example:"):
        first_line = first_line.removesuffix("Example:").rstrip()
        first_line += " Run `gauntlet lint` to see an example table."
    return first_line
