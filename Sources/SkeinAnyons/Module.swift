// SkeinAnyons — see README.md in this folder.
