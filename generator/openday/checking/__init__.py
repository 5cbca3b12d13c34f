"""From sources to domain values: schema shape, record building, the jurisdiction's rules,
privacy, CODEOWNERS, and the pipeline that openday check, history and new all run."""
