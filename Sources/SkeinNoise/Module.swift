// SkeinNoise — see README.md in this folder.
