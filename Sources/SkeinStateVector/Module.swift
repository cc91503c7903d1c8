// SkeinStateVector — see README.md in this folder.
