"""The only modules that meet the outside: the MkDocs plugin and the command line."""
