"""Stage 1, the sources: find the files, read the YAML with its positions, check it against
the contract and the rules between files, and give the model every later stage reads."""
