"""Reading the project: YAML with positions and limits, the settings, attachments and
pictures on disk."""
