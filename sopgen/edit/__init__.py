"""Source files edited by a command (`sopgen revisi`, `sopgen perubahan --tulis-riwayat`):
one value replaced, or one key added, in the file's own text. Every other byte stays as
the author wrote it: comments, order, quoting, line endings."""
