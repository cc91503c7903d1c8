// SkeinStabilizer — see README.md in this folder.
