"""Words, tables and charts shared by the page, the CLI and the notebooks; nothing here computes the model."""
