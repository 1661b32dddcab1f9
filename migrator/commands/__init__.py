"""The subcommands of ``migrator``, grouped by what they do."""
